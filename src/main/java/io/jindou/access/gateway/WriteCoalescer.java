package io.jindou.access.gateway;

import io.jindou.metrics.Metrics;
import io.vertx.core.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * Coalesces the TCP writes of one event loop: a connection that gets packets while the loop works through
 * its queued tasks (a burst of deliveries, several RECVACK answers) sends them in one socket write, by one
 * flush task queued behind those tasks. When the loop is idle the flush runs right away, so nothing waits
 * for a timer. While the loop's {@link DeliveryPump} still has deliveries queued for later slices the flush is held
 * (for at most {@value #HOLD_NANOS} ns from the first pending packet), so slicing a burst does not turn it into one
 * write per delivery. Confined to its event loop; it never reorders a connection's packets.
 */
final class WriteCoalescer {
  private static final Logger LOG = Logger.getLogger(WriteCoalescer.class.getName());
  /** How long a pending packet waits at most for the loop's deliveries to finish before it is flushed anyway. */
  static final long HOLD_NANOS = 10_000_000;
  private final Context context;
  private final Metrics metrics;
  private final DeliveryPump pump;
  private long firstDirtyNanos;
  private List<TcpTransport> dirty = new ArrayList<>();
  private List<TcpTransport> spare = new ArrayList<>();

  WriteCoalescer(Context context) {
    this(context, Metrics.OFF, null);
  }

  /**
   * {@code metrics}: where the wait from the first pending packet to the socket writes is recorded; {@code pump}:
   * the loop's deliveries (null = none to wait for).
   */
  WriteCoalescer(Context context, Metrics metrics, DeliveryPump pump) {
    this.context = context;
    this.metrics = metrics;
    this.pump = pump;
  }

  /** Called by a transport when its first pending packet arrives. */
  void dirty(TcpTransport t) {
    dirty.add(t);
    if (dirty.size() == 1) {
      firstDirtyNanos = System.nanoTime();
      context.runOnContext(v -> flushAll());
    }
  }

  private void flushAll() {
    if (pump != null && pump.busy() && System.nanoTime() - firstDirtyNanos < HOLD_NANOS) {
      pump.afterNextSlice(this::flushAll); // the burst goes on: more packets may join these
      return;
    }
    List<TcpTransport> batch = dirty;
    dirty = spare;
    for (TcpTransport t : batch) {
      try {
        t.flush();
      } catch (RuntimeException e) {
        LOG.fine("flushing a connection failed: " + e);
      }
    }
    if (!batch.isEmpty()) {
      metrics.stage(Metrics.Stage.SOCKET_WRITE, System.nanoTime() - firstDirtyNanos);
    }
    batch.clear();
    spare = batch;
  }
}
