package io.jindou.access.http;

import io.jindou.access.json.JsonApi;
import io.jindou.model.JindouException;
import io.jindou.usecase.UseCases;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The HTTP API listener (default port 5001). Several instances share the port, one per event loop. It wires
 * the route groups, bounds request bodies, checks the manager token, guards against slow clients, and answers
 * unknown paths with a JSON 404. It owns no state and no business rules: everything it does is adapt HTTP to
 * the use cases it is given.
 */
public final class HttpApiVerticle extends VerticleBase {

  /**
   * What the HTTP edge needs from the rest of the node: the use cases, readiness, where to listen, the manager
   * token ("" = none), the per-request timeout, and the routes another edge serves on this listener.
   */
  public record Deps(UseCases useCases, BooleanSupplier ready, String host, int port, String managerToken,
      int requestTimeoutSeconds, Mounts mounts) {
  }

  /**
   * Routes another edge adds to this listener (the browser pages of {@code access.web}, wired by the composition
   * root so that neither edge knows the other): {@code open} ones go before the manager-token check and the API's
   * body handler (they authenticate their own callers and read their own bodies), {@code admin} ones after the
   * WuKongIM endpoints, behind the token check like them.
   */
  public record Mounts(Consumer<Router> open, Consumer<Router> admin) {
  }

  private final Deps deps;
  private HttpServer server;
  private volatile java.util.List<String> routes = java.util.List.of();

  public HttpApiVerticle(Deps deps) {
    this.deps = deps;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    long bodyLimit = (long) deps.useCases().limits().payloadMaxBytes() * 4 / 3 + 64 * 1024;
    router.route().handler(this::guard);
    deps.mounts().open().accept(router);
    router.route().handler(HttpApiVerticle::jsonOnly);
    if (!deps.managerToken().isEmpty()) {
      router.route().handler(this::checkToken);
    }
    router.route().handler(BodyHandler.create(false).setBodyLimit(bodyLimit));
    ApiRoutes.register(router, new JsonApi(deps.useCases()));
    ConnRoutes.register(router, deps.useCases().nodes());
    deps.mounts().admin().accept(router);
    new OpsRoutes(deps.ready(), deps.useCases().nodes()).register(router);
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
    routes = routes(router);
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

  /**
   * The endpoints this listener serves, as {@code "METHOD /path"} (sorted): every route with an exact path and a
   * method — not the handlers every request or a whole prefix goes through (guards, body handlers, the page files
   * under {@code /demo/}, {@code /manager/} and {@code /common/}). Filled once started; the API document must list
   * exactly these.
   */
  public java.util.List<String> routes() {
    return routes;
  }

  static java.util.List<String> routes(Router router) {
    java.util.TreeSet<String> out = new java.util.TreeSet<>();
    for (io.vertx.ext.web.Route route : router.getRoutes()) {
      if (route.getPath() != null && route.isExactPath() && route.methods() != null) {
        route.methods().forEach(m -> out.add(m.name() + " " + route.getPath()));
      }
    }
    return java.util.List.copyOf(out);
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
