package io.jindou.model;

import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/**
 * How a {@link JindouException} crosses the event bus between nodes (channel-owner replies, node RPC): the
 * recipient fails the message with {@link #code} and the exception's message; the sender turns the
 * {@code ReplyException} back into the same kind and reason with {@link #remote}. The only place that knows the
 * packing ({@code kind number × 1000 + reason}); it says nothing about HTTP or client protocols, which map the
 * decoded exception at their own edge. Every node of a cluster runs the same version, so the table below is
 * shared by all of them.
 */
public final class Failures {
  private static final int KIND_STEP = 1000;
  private static final JindouException.Kind[] KINDS = {
      null, // 0: not a packed Jindou failure (Vert.x uses -1 and 0 for its own)
      JindouException.Kind.INVALID, JindouException.Kind.UNAUTHORIZED, JindouException.Kind.DENIED,
      JindouException.Kind.NOT_FOUND, JindouException.Kind.CONFLICT, JindouException.Kind.RATE_LIMITED,
      JindouException.Kind.INTERNAL, JindouException.Kind.UNAVAILABLE};

  private Failures() {
  }

  /** The failure code that carries {@code e}'s kind and reason over the event bus. */
  public static int code(JindouException e) {
    for (int i = 1; i < KINDS.length; i++) {
      if (KINDS[i] == e.kind()) {
        return i * KIND_STEP + Math.floorMod(e.reason(), KIND_STEP);
      }
    }
    throw new IllegalStateException("no failure code for kind " + e.kind());
  }

  /** The exception a failure code and message stand for; a code that is not one of ours is INTERNAL. */
  public static JindouException decode(int code, String message) {
    int kind = code / KIND_STEP;
    if (code <= 0 || kind >= KINDS.length) {
      return new JindouException(JindouException.Kind.INTERNAL, Reason.SYSTEM_ERROR, message);
    }
    return new JindouException(KINDS[kind], code % KIND_STEP, message);
  }

  /**
   * Fails {@code m} with {@code t}: a {@link JindouException} keeps its kind and reason; anything else is an
   * INTERNAL failure whose message names it.
   */
  public static void reply(Message<?> m, Throwable t) {
    JindouException e = t instanceof JindouException je ? je
        : new JindouException(JindouException.Kind.INTERNAL, Reason.SYSTEM_ERROR, "internal error: " + t.getMessage());
    m.fail(code(e), e.getMessage());
  }

  /**
   * The domain failure a request's recipient replied with, or null when the request failed for another reason
   * (no handler, timeout): the caller decides whether to retry those.
   */
  public static JindouException remote(Throwable err) {
    if (err instanceof ReplyException re && re.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
      return decode(re.failureCode(), re.getMessage());
    }
    return null;
  }
}
