package io.jindou.access.web;

import io.jindou.access.json.Body;
import io.jindou.access.json.Errors;
import io.jindou.model.JindouException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The browser edge's JSON plumbing: reads a request's JSON body or query parameters, runs a call, writes its
 * result as JSON ({@code {"status":200}} for none), and maps a failure once, with the same status table and error
 * body as the HTTP API ({@link Errors}). A client mistake is never logged; an unexpected failure is logged once,
 * with its stack trace, and answered 500 without details. Holds no rules.
 */
final class Replies {
  private static final Logger LOG = Logger.getLogger(Replies.class.getName());
  private static final Buffer OK = new JsonObject().put("status", 200).toBuffer();

  private Replies() {
  }

  /**
   * Runs {@code call} (which may also throw) and answers with its result or its failure: any {@link Throwable}, an
   * Error thrown while encoding the answer too, is answered at once (a 500), never left without an answer.
   */
  static void run(RoutingContext rc, Supplier<Future<?>> call) {
    Future<?> f;
    try {
      f = call.get();
    } catch (Throwable e) {
      f = Future.failedFuture(e);
    }
    f.onComplete(ar -> {
      if (ar.failed()) {
        fail(rc, ar.cause());
        return;
      }
      try {
        Object v = ar.result();
        Buffer body = v instanceof Buffer b ? b : v == null ? OK : Json.encodeToBuffer(v);
        if (!rc.response().ended() && !rc.response().closed()) {
          rc.response().putHeader("Content-Type", "application/json").end(body);
        }
      } catch (Throwable t) {
        fail(rc, t);
      }
    });
  }

  /** Writes the error answer for {@code t}: its status and {@code {"msg","status"[,"reason"]}}. */
  static void fail(RoutingContext rc, Throwable t) {
    if (rc.response().ended() || rc.response().closed() || rc.response().headWritten()) {
      return;
    }
    int status = Errors.status(t);
    if (!(t instanceof JindouException)) {
      LOG.log(Level.SEVERE, rc.request().method() + " " + rc.request().path() + " failed", t);
    } else if (status >= 500) {
      LOG.warning(rc.request().method() + " " + rc.request().path() + " -> " + status + ": " + t.getMessage());
    }
    rc.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(Errors.body(t).toBuffer());
  }

  /** The body as a JSON object. */
  static Body object(RoutingContext rc) {
    if (parse(rc) instanceof JsonObject o) {
      return new Body(o);
    }
    throw JindouException.invalid("the request body must be a JSON object");
  }

  /** The body as a JSON array. */
  static JsonArray array(RoutingContext rc) {
    if (parse(rc) instanceof JsonArray a) {
      return a;
    }
    throw JindouException.invalid("the request body must be a JSON array");
  }

  /**
   * The query parameters as a body (the first value of each; an empty one counts as absent), the {@code numeric}
   * ones as numbers when they are integers (otherwise left as text, for {@link Body} to refuse by name).
   */
  static Body query(RoutingContext rc, String... numeric) {
    JsonObject q = new JsonObject();
    try {
      rc.queryParams().forEach(e -> {
        if (!e.getValue().isEmpty() && !q.containsKey(e.getKey())) {
          q.put(e.getKey(), e.getValue());
        }
      });
    } catch (RuntimeException e) {
      throw JindouException.invalid("malformed query string: " + e.getMessage());
    }
    for (String name : numeric) {
      if (q.getValue(name) instanceof String s) {
        try {
          q.put(name, Long.parseLong(s));
        } catch (NumberFormatException e) {
          // left as text: Body names the field and the value
        }
      }
    }
    return new Body(q);
  }

  private static Object parse(RoutingContext rc) {
    Buffer b = rc.body().buffer();
    if (b == null || b.length() == 0) {
      return null;
    }
    try {
      Object v = Json.decodeValue(b);
      if (v instanceof Map<?, ?> m) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) m;
        return new JsonObject(map);
      }
      return v instanceof List<?> l ? new JsonArray(new ArrayList<>(l)) : v;
    } catch (DecodeException e) {
      throw JindouException.invalid("malformed JSON");
    }
  }
}
