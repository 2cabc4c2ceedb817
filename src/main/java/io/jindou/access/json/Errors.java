package io.jindou.access.json;

import io.jindou.model.JindouException;
import io.vertx.core.json.JsonObject;

/**
 * The one mapping from a failure to the WuKongIM error answer shared by the HTTP API and the event-bus API
 * (spec http-api §4): the {@link JindouException.Kind} → HTTP status table and the error body
 * {@code {"msg","status"[,"reason"]}}, where {@code reason} appears only for refusals (DENIED, CONFLICT,
 * RATE_LIMITED) and the HTTP 400 body never shows one. Anything that is not a {@link JindouException} is a
 * 500 {@code "internal error"} whose details stay in the log, never in the body. It writes nothing and logs
 * nothing itself: each edge sends and logs.
 */
public final class Errors {
  private Errors() {
  }

  /** The HTTP status of a kind (also the event-bus API's failure code). */
  public static int status(JindouException.Kind kind) {
    return switch (kind) {
      case INVALID -> 400;
      case UNAUTHORIZED -> 401;
      case DENIED -> 403;
      case NOT_FOUND -> 404;
      case CONFLICT -> 409;
      case RATE_LIMITED -> 429;
      case INTERNAL -> 500;
      case UNAVAILABLE -> 503;
    };
  }

  /** The HTTP status for any failure: 500 for what is not a {@link JindouException}. */
  public static int status(Throwable t) {
    return t instanceof JindouException e ? status(e.kind()) : 500;
  }

  /** Whether the body names the WuKongIM reason: only for policy refusals, as WuKongIM does. */
  static boolean showsReason(JindouException.Kind kind) {
    return kind == JindouException.Kind.DENIED || kind == JindouException.Kind.CONFLICT
        || kind == JindouException.Kind.RATE_LIMITED;
  }

  /** The error body for {@code t}: {@code {"msg","status"[,"reason"]}}. */
  public static JsonObject body(Throwable t) {
    if (!(t instanceof JindouException e)) {
      return new JsonObject().put("msg", "internal error").put("status", 500);
    }
    JsonObject body = new JsonObject().put("msg", e.getMessage()).put("status", status(e.kind()));
    if (showsReason(e.kind())) {
      body.put("reason", e.reason());
    }
    return body;
  }
}
