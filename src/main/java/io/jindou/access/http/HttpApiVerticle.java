package io.jindou.access.http;

import io.jindou.access.web.ApiCalls;
import io.jindou.access.web.WebEdge;
import io.jindou.channel.ChannelService;
import io.jindou.channel.MessageQueries;
import io.jindou.conversation.CommandSync;
import io.jindou.conversation.ConversationService;
import io.jindou.model.JindouException;
import io.jindou.user.UserService;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.function.BooleanSupplier;

/**
 * The HTTP API listener (default port 5001). Several instances share the port, one per event loop. It wires
 * the route groups and the browser pages ({@link WebEdge}), bounds request bodies, and answers unknown paths
 * with a JSON 404. It owns no state and
 * no business rules: everything it does is adapt HTTP to the domain services it is given.
 */
public final class HttpApiVerticle extends VerticleBase {

  /** What the HTTP edge needs from the rest of the node. */
  public record Deps(ChannelService channels, MessageQueries queries, UserService users, BooleanSupplier ready,
      String host, int port, int payloadMaxBytes, int idMaxLength, NodeAdmin nodes, ConversationService conversations, CommandSync commands,
      String managerToken, int requestTimeoutSeconds) {
  }

  private final Deps deps;
  private final WebEdge web;
  private HttpServer server;

  public HttpApiVerticle(Deps deps, WebEdge web) {
    this.deps = deps;
    this.web = web;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    long bodyLimit = (long) deps.payloadMaxBytes() * 4 / 3 + 64 * 1024;
    Endpoints api = new Endpoints(router);
    router.route().handler(this::guard);
    web.mountPages(router, calls(api)); // pages and the demo API: open, before the token check (see access.web)
    router.route().handler(HttpApiVerticle::jsonOnly);
    if (!deps.managerToken().isEmpty()) {
      router.route().handler(this::checkToken);
    }
    router.route().handler(BodyHandler.create(false).setBodyLimit(bodyLimit));
    register(deps, api);
    web.mountConsoleApi(router);
    new OpsRoutes(deps.ready(), deps.nodes()).register(router);
    router.route().last().handler(rc -> rc.response().setStatusCode(404).putHeader("content-type", "application/json")
        .end(new JsonObject().put("msg", "no such endpoint: " + rc.request().method() + " " + rc.request().path())
            .put("status", 404).toBuffer()));
    router.route().failureHandler(rc -> {
      if (rc.statusCode() == 413) {
        Api.fail(rc, JindouException.invalid("request body is over the limit of " + bodyLimit + " bytes"));
      } else if (rc.failure() instanceof JindouException e) {
        Api.fail(rc, e);
      } else if (rc.failure() != null) {
        Api.failFromTransport(rc, rc.failure()); // handlers map their own failures; this is the HTTP layer's
      } else {
        int status = rc.statusCode() > 0 ? rc.statusCode() : 500;
        rc.response().setStatusCode(status).putHeader("content-type", "application/json")
            .end(new JsonObject().put("msg", "request failed").put("status", status).toBuffer());
      }
    });
    HttpServerOptions opts = new HttpServerOptions().setHost(deps.host()).setPort(deps.port())
        .setMaxInitialLineLength(8192).setMaxHeaderSize(16 * 1024)
        .setReadIdleTimeout(deps.requestTimeoutSeconds()).setIdleTimeoutUnit(java.util.concurrent.TimeUnit.SECONDS);
    return vertx.createHttpServer(opts).connectionHandler(this::armTimer).requestHandler(router).listen()
        .onSuccess(s -> server = s);
  }

  /**
   * The API speaks JSON only. A form or multipart content type would make the body handler run a form
   * decoder on the body (and fail on it); the body is read as bytes and parsed as JSON instead.
   */
  private static void jsonOnly(io.vertx.ext.web.RoutingContext rc) {
    String ct = rc.request().getHeader("content-type");
    if (ct != null) {
      String lower = ct.toLowerCase(java.util.Locale.ROOT);
      if (lower.contains("form") || lower.contains("multipart")) {
        rc.request().headers().set("content-type", "application/json");
      }
    }
    rc.next();
  }

  /** Endpoints that stay open without the manager token: probes and the apps' address discovery. */
  private static final java.util.Set<String> OPEN = java.util.Set.of("/health", "/healthz", "/readyz", "/route",
      "/route/batch");

  /** With {@code manager_token} set, every other call must carry it in the {@code token} header (else 401). */
  private void checkToken(io.vertx.ext.web.RoutingContext rc) {
    String given = rc.request().getHeader("token");
    if (OPEN.contains(rc.request().path()) || (given != null && java.security.MessageDigest.isEqual(
        given.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        deps.managerToken().getBytes(java.nio.charset.StandardCharsets.UTF_8)))) {
      rc.next();
      return;
    }
    rc.response().setStatusCode(401).putHeader("content-type", "application/json")
        .end(new JsonObject().put("msg", given == null ? "the token header is required (manager_token is set)"
            : "the token header does not match the manager token").put("status", 401).toBuffer());
  }

  /**
   * Slow-client guard. A connection that goes quiet for {@code http_request_timeout_seconds} is closed (read
   * idle timeout). Once a connection has served a request, the next one must also complete within that time
   * of the previous response, however slowly its bytes trickle in. (Vert.x announces an HTTP/1 connection only
   * with its first request, so before that only the idle timeout and the header size limits apply.)
   */
  private final java.util.Map<io.vertx.core.http.HttpConnection, Long> timers = new java.util.HashMap<>();

  private void armTimer(io.vertx.core.http.HttpConnection conn) {
    long ms = deps.requestTimeoutSeconds() * 1000L;
    Long old = timers.put(conn, vertx.setTimer(ms, t -> {
      timers.remove(conn);
      conn.close();
    }));
    if (old != null) {
      vertx.cancelTimer(old);
    } else {
      conn.closeHandler(v -> {
        Long id = timers.remove(conn);
        if (id != null) {
          vertx.cancelTimer(id);
        }
      });
    }
  }

  private void guard(io.vertx.ext.web.RoutingContext rc) {
    io.vertx.core.http.HttpConnection conn = rc.request().connection();
    Long id = timers.remove(conn);
    if (id != null) {
      vertx.cancelTimer(id);
    }
    rc.addEndHandler(v -> {
      if (!conn.isSsl() && rc.response().closed() == false) {
        armTimer(conn);
      }
    });
    rc.next();
  }

  /** The API operations by path, for the demo API to call as the user it authenticated. */
  private static ApiCalls calls(Endpoints api) {
    return new ApiCalls() {
      @Override
      public Future<?> post(String path, JsonObject body) {
        return api.operation(path).apply(new Body(body));
      }

      @Override
      public Future<?> postArray(String path, io.vertx.core.json.JsonArray body) {
        return api.arrayOperation(path).apply(body);
      }
    };
  }

  /** Declares every JSON operation of the API on {@code e} (the HTTP router, or only the operation map). */
  public static void register(Deps deps, Endpoints e) {
    SendRequests sends = new SendRequests(deps.payloadMaxBytes(), deps.idMaxLength());
    new MessageRoutes(deps.channels(), deps.queries(), deps.conversations(), sends, deps.idMaxLength()).register(e);
    new ConversationRoutes(deps.conversations(), deps.commands(), deps.idMaxLength()).register(e);
    ChannelRoutes channelRoutes = new ChannelRoutes(deps.channels(), deps.idMaxLength());
    channelRoutes.register(e);
    channelRoutes.registerLists(e);
    new UserRoutes(deps.users(), deps.idMaxLength()).register(e);
    new ConnRoutes(deps.nodes(), deps.users(), deps.idMaxLength()).register(e);
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
