package io.jindou.metrics;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Event-loop lag: one probe verticle per event loop (deploy {@link #probe()} with as many instances as loops)
 * arms a timer every {@link #PERIOD_MS} ms and keeps how late it fired, the time a task queued on that loop
 * waits behind the others; {@code jindou_event_loop_lag_seconds{loop}} shows the last value of each loop. It
 * owns only its timers and never runs work of its own on a loop beyond reading the clock.
 */
public final class LoopLag {
  static final long PERIOD_MS = 500;
  private final AtomicLongArray lagNanos;
  private final AtomicInteger next = new AtomicInteger();

  public LoopLag(Metrics metrics, int loops) {
    this.lagNanos = new AtomicLongArray(loops);
    for (int i = 0; i < loops; i++) {
      int loop = i;
      metrics.gauge("jindou.event_loop.lag.seconds", "how late the loop's last probe timer fired", lagNanos,
          a -> a.get(loop) / 1e9, "loop", Integer.toString(loop));
    }
  }

  /** A probe for the next loop (Vert.x gives each instance of a deployment its own loop, round robin). */
  public VerticleBase probe() {
    int slot = Math.floorMod(next.getAndIncrement(), lagNanos.length());
    return new VerticleBase() {
      private long timer = -1;

      @Override
      public Future<?> start() {
        arm(System.nanoTime());
        return Future.succeededFuture();
      }

      private void arm(long armedAt) {
        timer = vertx.setTimer(PERIOD_MS, id -> {
          long now = System.nanoTime();
          lagNanos.set(slot, Math.max(0, now - armedAt - PERIOD_MS * 1_000_000));
          arm(now);
        });
      }

      @Override
      public Future<?> stop() {
        vertx.cancelTimer(timer);
        return Future.succeededFuture();
      }
    };
  }
}
