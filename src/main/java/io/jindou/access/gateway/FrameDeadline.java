package io.jindou.access.gateway;

import io.vertx.core.Vertx;
import java.util.function.Consumer;

/**
 * The deadline of one connection's incomplete frame: a frame that has started must be complete within
 * {@code frame_deadline_ms}, or a peer that sends half a frame and then trickles (or nothing) would hold its buffer
 * until the idle timeout. A read that completed a packet and left the start of another restarts the clock; one that
 * completed nothing keeps it. It holds one timer at most, armed only while a frame is incomplete, and when the
 * deadline passes it asks its session to close with the reason; it never reads or writes the connection itself.
 * Confined to the connection's event loop.
 */
final class FrameDeadline {
  private final Vertx vertx;
  private final long deadlineMs;
  private final Consumer<String> close;
  /** When the frame that is still incomplete started arriving (0 = none is), and the timer that checks it. */
  private long since;
  private long timer;

  FrameDeadline(Vertx vertx, long deadlineMs, Consumer<String> close) {
    this.vertx = vertx;
    this.deadlineMs = deadlineMs;
    this.close = close;
  }

  /** After a read at {@code now}: whether a frame is still incomplete, and whether the read completed a packet. */
  void afterRead(long now, boolean incomplete, boolean progressed) {
    if (!incomplete) {
      since = 0;
      return;
    }
    if (since == 0 || progressed) {
      since = now;
    }
    if (timer == 0) {
      arm(deadlineMs);
    }
  }

  /** The connection closed: no timer is left behind. */
  void cancel() {
    if (timer != 0) {
      vertx.cancelTimer(timer);
      timer = 0;
    }
    since = 0;
  }

  private void arm(long delayMs) {
    timer = vertx.setTimer(Math.max(1, delayMs), t -> {
      timer = 0;
      if (since == 0) {
        return;
      }
      long waited = System.currentTimeMillis() - since;
      if (waited >= deadlineMs) {
        close.accept("a frame was not completed within " + deadlineMs + " ms");
      } else {
        arm(deadlineMs - waited);
      }
    });
  }
}
