package io.jindou.access.http;

import io.jindou.access.json.Body;
import io.jindou.access.json.Errors;
import io.jindou.access.json.MoreAnswer;
import io.jindou.model.JindouException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The HTTP edge's plumbing: parses JSON bodies, runs a handler, writes its result, and maps every failure
 * exactly once (spec http-api §4): {@link JindouException} → its status with {@code {"msg","status"}} (plus
 * {@code "reason"} for refusals), malformed JSON → 400, anything unexpected → 500 with one log line. Client
 * mistakes are never logged with a stack trace. Holds no business rules.
 */
public final class Api {
  private static final Logger LOG = Logger.getLogger(Api.class.getName());
  public static final JsonObject OK = new JsonObject().put("status", 200);

  private Api() {
  }

  /** POST with a JSON object body. */
  public static void post(Router router, String path, Function<Body, Future<?>> handler) {
    router.post(path).handler(rc -> run(rc, () -> handler.apply(new Body(objectBody(rc)))));
  }

  /** POST with a JSON object body and the request's query parameters (WuKongIM's {@code /event?force=1}). */
  public static void postWithQuery(Router router, String path,
      java.util.function.BiFunction<Body, io.vertx.core.MultiMap, Future<?>> handler) {
    router.post(path).handler(rc -> run(rc, () -> handler.apply(new Body(objectBody(rc)), rc.queryParams())));
  }

  /** POST with a raw JSON array body. */
  public static void postArray(Router router, String path, Function<JsonArray, Future<?>> handler) {
    router.post(path).handler(rc -> run(rc, () -> handler.apply(arrayBody(rc))));
  }

  /** GET with query parameters. */
  public static void get(Router router, String path, Function<RoutingContext, Future<?>> handler) {
    router.get(path).handler(rc -> run(rc, () -> handler.apply(rc)));
  }

  /**
   * Runs a handler and answers with its result, or with the error for whatever it throws or fails with: any
   * {@link Throwable}, an {@link Error} too (an OutOfMemoryError is a 500 answered at once, not a request left
   * without an answer). Writing the result is guarded the same way (an answer that cannot be encoded is a 500).
   */
  private static void run(RoutingContext rc, java.util.function.Supplier<Future<?>> call) {
    Future<?> f;
    try {
      f = call.get();
    } catch (Throwable t) {
      f = Future.failedFuture(t);
    }
    f.onComplete(ar -> {
      if (ar.failed()) {
        fail(rc, ar.cause());
        return;
      }
      try {
        respond(rc, ar.result());
      } catch (Throwable t) {
        fail(rc, t);
      }
    });
  }

  private static void respond(RoutingContext rc, Object r) {
    if (rc.response().ended() || rc.response().closed()) {
      return; // the deadline answered, or the client left
    }
    Buffer body;
    if (r instanceof MoreAnswer a) {
      body = a.body();
      if (a.more()) {
        rc.response().putHeader(MoreAnswer.HEADER, "1");
      }
    } else {
      body = r instanceof Buffer b ? b : r == null ? OK.toBuffer() : Json.encodeToBuffer(r);
    }
    rc.response().putHeader("content-type", "application/json").end(body);
  }

  static JsonObject objectBody(RoutingContext rc) {
    Buffer b = rc.body().buffer();
    if (b == null || b.length() == 0) {
      throw JindouException.invalid("request body is empty; a JSON object is required");
    }
    Object v = parse(b);
    if (!(v instanceof JsonObject o)) {
      throw JindouException.invalid("request body must be a JSON object, got " + Body.describe(v));
    }
    return o;
  }

  static JsonArray arrayBody(RoutingContext rc) {
    Buffer b = rc.body().buffer();
    if (b == null || b.length() == 0) {
      throw JindouException.invalid("request body is empty; a JSON array is required");
    }
    Object v = parse(b);
    if (!(v instanceof JsonArray a)) {
      throw JindouException.invalid("request body must be a JSON array, got " + Body.describe(v));
    }
    return a;
  }

  private static Object parse(Buffer b) {
    try {
      Object v = Json.decodeValue(b);
      if (v instanceof java.util.Map<?, ?> m) {
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> map = (java.util.Map<String, Object>) m;
        return new JsonObject(map);
      }
      if (v instanceof java.util.List<?> l) {
        return new JsonArray(new java.util.ArrayList<>(l));
      }
      return v;
    } catch (DecodeException e) {
      String why = e.getMessage() == null ? "" : e.getMessage().replaceAll("\\s+", " ");
      throw JindouException.invalid("malformed JSON: " + (why.length() > 160 ? why.substring(0, 160) + "…" : why));
    }
  }

  /**
   * The query parameters, decoded; a malformed query string (bad percent-escapes) is the caller's mistake and
   * becomes a 400, never a 500.
   */
  public static io.vertx.core.MultiMap query(RoutingContext rc) {
    try {
      return rc.queryParams();
    } catch (RuntimeException e) {
      throw JindouException.invalid("malformed query string: " + e.getMessage());
    }
  }

  /** One query parameter (null when absent); see {@link #query}. */
  public static String param(RoutingContext rc, String name) {
    return query(rc).get(name);
  }

  /**
   * A failure raised by the HTTP layer itself (body reading, framing, a client that hung up) rather than by a
   * handler: always the client's doing. Answered with 400 when the connection is still there, logged at FINE.
   */
  public static void failFromTransport(RoutingContext rc, Throwable t) {
    if (t instanceof Error) {
      fail(rc, t); // an OutOfMemoryError or a bug surfacing in the HTTP layer: a 500, logged
      return;
    }
    LOG.fine(() -> rc.request().method() + " " + rc.request().path() + " rejected by the HTTP layer: " + t);
    if (rc.response().ended() || rc.response().closed()) {
      return;
    }
    fail(rc, JindouException.invalid("malformed request (" + t.getClass().getSimpleName() + ")"));
  }

  /**
   * Writes the error response for {@code t} ({@link Errors}: status and body), logging server-side failures: a
   * {@link JindouException} of a 5xx kind in one line, anything else (a bug, an Error) with its stack trace. A
   * response already started cannot change its status: the connection is closed instead.
   */
  public static void fail(RoutingContext rc, Throwable t) {
    int status = Errors.status(t);
    if (!(t instanceof JindouException)) {
      LOG.log(Level.SEVERE, rc.request().method() + " " + rc.request().path() + " failed", t);
    } else if (status >= 500) {
      LOG.warning(rc.request().method() + " " + rc.request().path() + " -> " + status + ": " + t.getMessage());
    }
    if (rc.response().ended() || rc.response().closed()) {
      return;
    }
    if (rc.response().headWritten()) {
      rc.response().reset();
      return;
    }
    rc.response().setStatusCode(status).putHeader("content-type", "application/json")
        .end(Errors.body(t).toBuffer());
  }

  /** A JSON error answer of the HTTP layer itself ({@code {"msg","status"}}), for what no handler saw. */
  static void error(io.vertx.core.http.HttpServerResponse response, int status, String msg) {
    if (response.ended() || response.closed() || response.headWritten()) {
      return;
    }
    response.setStatusCode(status).putHeader("content-type", "application/json")
        .end(new JsonObject().put("msg", msg).put("status", status).toBuffer());
  }
}
