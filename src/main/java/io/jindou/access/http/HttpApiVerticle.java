package io.jindou.access.http;

import io.jindou.access.json.JsonApi;
import io.jindou.access.net.ClientAddress;
import io.jindou.access.net.PerIpLimit;
import io.jindou.model.JindouException;
import io.jindou.usecase.UseCases;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One HTTP listener of the node (the API on {@code http_port}, default 5001, and with {@code admin_port} set a
 * second one for the admin endpoints). Several instances share a port, one per event loop. It wires the route
 * groups the listener serves, bounds request bodies and the time a request may take ({@link RequestDeadlines}),
 * checks the manager token, and answers every mistake of the client with the JSON error shape: unknown paths
 * (404), malformed paths (400), and the HTTP layer's own refusals (400, 414 request line too long, 431 headers
 * too large). It owns no state beyond its timers and no business rules: it adapts HTTP to the use cases.
 *
 * <p>Client endpoints, served by every listener: {@code /health}, {@code /healthz}, {@code /readyz},
 * {@code /route}, {@code /route/batch} (what an app needs before it connects), and the {@link Mounts#open} routes
 * of the browser edge (page files and the demo API, which checks its own callers). Admin endpoints, served only
 * by a listener with {@link Listener#admin()}: everything else, business-server calls such as
 * {@code /message/send} included (they come from trusted servers), the {@link Mounts#admin} routes, and any
 * endpoint added later unless it is registered as a client one in {@link OpsRoutes}.
 */
public final class HttpApiVerticle extends VerticleBase {

  /**
   * What the HTTP edge needs from the rest of the node: the use cases, readiness, the listener, the manager
   * token ("" = none), the per-request timeout, whether HTTP/2 over cleartext (h2c) is accepted, the routes
   * another edge serves on this listener, the connections-per-address cap the HTTP listeners share, whether
   * every request is logged, and whether the node is draining (then a stop answers what is in flight).
   */
  public record Deps(UseCases useCases, BooleanSupplier ready, Listener listener, String managerToken,
      int requestTimeoutSeconds, boolean http2Cleartext, Mounts mounts, PerIpLimit perIp, boolean accessLog,
      BooleanSupplier draining) {
  }

  /**
   * Routes another edge adds to this listener (the browser pages of {@code access.web}, wired by the composition
   * root so that neither edge knows the other): {@code open} ones go on every listener, before the manager-token
   * check and the API's body handler (they authenticate their own callers and read their own bodies), {@code admin}
   * ones only on a listener that serves the admin endpoints, after them and behind the token check like them.
   */
  public record Mounts(Consumer<Router> open, Consumer<Router> admin) {
  }

  /** Endpoints that stay open without the manager token: probes and the apps' address discovery. */
  static final Set<String> OPEN = Set.of("/health", "/healthz", "/readyz", "/route", "/route/batch");

  private final Deps deps;
  private HttpServer server;
  private volatile java.util.List<String> routes = java.util.List.of();

  public HttpApiVerticle(Deps deps) {
    this.deps = deps;
  }

  @Override
  public Future<?> start() {
    Listener l = deps.listener();
    RequestDeadlines deadlines = new RequestDeadlines(vertx, deps.requestTimeoutSeconds());
    Router router = Router.router(vertx);
    long bodyLimit = (long) deps.useCases().limits().payloadMaxBytes() * 4 / 3 + 64 * 1024;
    if (deps.accessLog()) {
      router.route().handler(AccessLog::handle);
    }
    router.route().handler(deadlines::started);
    router.route().handler(HttpApiVerticle::wellFormedPath);
    deps.mounts().open().accept(router);
    router.route().handler(HttpApiVerticle::jsonOnly);
    if (l.admin() && !deps.managerToken().isEmpty()) {
      router.route().handler(this::checkToken);
    }
    router.route().handler(BodyHandler.create(false).setBodyLimit(bodyLimit));
    new OpsRoutes(deps.ready(), deps.useCases().nodes()).register(router);
    if (l.admin()) {
      ApiRoutes.register(router, new JsonApi(deps.useCases(), !deps.managerToken().isEmpty()));
      ConnRoutes.register(router, deps.useCases().nodes());
      WebhookRoutes.register(router, deps.useCases().webhooks());
      deps.mounts().admin().accept(router);
    }
    router.route().last().handler(rc -> Api.error(rc.response(), 404, "no such endpoint: " + rc.request().method()
        + " " + rc.request().path()));
    router.route().failureHandler(rc -> {
      if (rc.statusCode() == 413) {
        Api.fail(rc, JindouException.invalid("request body is over the limit of " + bodyLimit + " bytes"));
      } else if (rc.failure() instanceof JindouException e) {
        Api.fail(rc, e);
      } else if (rc.failure() != null) {
        Api.failFromTransport(rc, rc.failure()); // handlers map their own failures; this is the HTTP layer's
      } else {
        int status = rc.statusCode() > 0 ? rc.statusCode() : 500;
        Api.error(rc.response(), status, "request failed");
      }
    });
    routes = routes(router);
    HttpServerOptions opts = new HttpServerOptions().setHost(l.host()).setPort(l.port())
        .setMaxInitialLineLength(8192).setMaxHeaderSize(16 * 1024)
        .setHttp2ClearTextEnabled(deps.http2Cleartext())
        .setReadIdleTimeout(deps.requestTimeoutSeconds()).setIdleTimeoutUnit(TimeUnit.SECONDS);
    if (l.tls() != null) {
      opts.setSsl(true).setKeyCertOptions(l.tls()).setSslHandshakeTimeout(deps.requestTimeoutSeconds())
          .setSslHandshakeTimeoutUnit(TimeUnit.SECONDS);
    }
    return vertx.createHttpServer(opts).connectionHandler(conn -> onConnection(conn, deadlines))
        .invalidRequestHandler(HttpApiVerticle::invalid).requestHandler(router).listen()
        .onSuccess(s -> server = s);
  }

  /**
   * A request the HTTP decoder could not read (request line or headers too long, bad framing): the JSON error
   * with the status HTTP gives it, then the connection is closed. Nothing is logged: it is the client's doing.
   */
  private static void invalid(HttpServerRequest req) {
    Throwable cause = req.decoderResult().cause();
    int status;
    String msg;
    if (cause instanceof io.netty.handler.codec.http.TooLongHttpLineException) {
      status = 414;
      msg = "the request line is over the limit of 8192 bytes";
    } else if (cause instanceof io.netty.handler.codec.http.TooLongHttpHeaderException) {
      status = 431;
      msg = "the request headers are over the limit of 16384 bytes";
    } else {
      status = 400;
      msg = "malformed HTTP request";
    }
    req.response().putHeader("connection", "close");
    Api.error(req.response(), status, msg);
  }

  /**
   * Refuses a path with a bad percent-escape ({@code /message/sync%}, {@code %zz}) with a JSON 400 before the
   * router tries to match it (which would fail with an exception and a stack trace in the log).
   */
  private static void wellFormedPath(RoutingContext rc) {
    try {
      rc.normalizedPath();
    } catch (IllegalArgumentException e) {
      Api.error(rc.response(), 400, "malformed path: " + e.getMessage());
      return;
    }
    rc.next();
  }

  /**
   * The API speaks JSON only. A form or multipart content type would make the body handler run a form
   * decoder on the body (and fail on it); the body is read as bytes and parsed as JSON instead.
   */
  private static void jsonOnly(RoutingContext rc) {
    String ct = rc.request().getHeader("content-type");
    if (ct != null) {
      String lower = ct.toLowerCase(Locale.ROOT);
      if (lower.contains("form") || lower.contains("multipart")) {
        rc.request().headers().set("content-type", "application/json");
      }
    }
    rc.next();
  }

  /** With {@code manager_token} set, every other call must carry it in the {@code token} header (else 401). */
  private void checkToken(RoutingContext rc) {
    String given = rc.request().getHeader("token");
    if (OPEN.contains(rc.request().path()) || (given != null && MessageDigest.isEqual(
        given.getBytes(StandardCharsets.UTF_8), deps.managerToken().getBytes(StandardCharsets.UTF_8)))) {
      rc.next();
      return;
    }
    Api.error(rc.response(), 401, given == null ? "the token header is required (manager_token is set)"
        : "the token header does not match the manager token");
  }

  /**
   * Caps connections per client address at accept ({@code max_connections_per_ip}; Vert.x reports an HTTP/1
   * connection at accept while h2c is off, the default, else at its first bytes): over the cap it is closed at
   * once, else its place is given back when it closes. Then the slow-client guard takes it.
   */
  private void onConnection(io.vertx.core.http.HttpConnection conn, RequestDeadlines deadlines) {
    String address = ClientAddress.key(conn.remoteAddress() == null ? "" : conn.remoteAddress().host());
    if (!deps.perIp().tryAcquire(address)) {
      conn.close();
      return;
    }
    deadlines.opened(conn, () -> deps.perIp().release(address));
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

  /**
   * Closes the listener; while the node drains ({@code Deps.draining}) gracefully: no new connection, and the
   * requests in flight are answered (for at most 5 s).
   */
  @Override
  public Future<?> stop() {
    if (server == null) {
      return Future.succeededFuture();
    }
    return deps.draining().getAsBoolean() ? server.shutdown(5, TimeUnit.SECONDS) : server.close();
  }
}
