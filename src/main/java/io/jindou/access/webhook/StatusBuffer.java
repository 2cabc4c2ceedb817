package io.jindou.access.webhook;

import io.jindou.access.gateway.SessionRegistry;
import io.vertx.core.json.JsonArray;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * The {@code user.onlinestatus} items of this node's connections, held in memory until the dispatcher writes them
 * to the event log (every 200 ms): WuKongIM's strings {@code uid-device_flag-online-conn_id-device_online_count-
 * total_online_count}, the counts after the change. Best effort by design (a crash loses what is held here), and
 * bounded: beyond {@code max} held items new ones are dropped and counted, with one WARNING line per 10 s. Thread-safe
 * (sessions of every event loop add); it never posts.
 */
public final class StatusBuffer implements SessionRegistry.ConnectionListener {
  private static final Logger LOG = Logger.getLogger(StatusBuffer.class.getName());
  private final ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong lastWarned = new AtomicLong();
  private final int max;

  public StatusBuffer(int max) {
    this.max = max;
  }

  @Override
  public void changed(String uid, int deviceFlag, boolean online, long connId, int deviceOnlineCount,
      int totalOnlineCount) {
    if (size.incrementAndGet() > max) {
      size.decrementAndGet();
      dropped.incrementAndGet();
      long now = System.currentTimeMillis();
      long last = lastWarned.get();
      if (now - last > 10_000 && lastWarned.compareAndSet(last, now)) {
        LOG.warning("webhooks: " + max + " user.onlinestatus items are waiting; dropping new ones (" + dropped.get()
            + " so far)");
      }
      return;
    }
    queue.add(uid + "-" + deviceFlag + "-" + (online ? 1 : 0) + "-" + connId + "-" + deviceOnlineCount + "-"
        + totalOnlineCount);
  }

  /** Everything held, as JSON-array bodies of at most {@code batchMax} strings each, oldest first. */
  List<byte[]> drain(int batchMax) {
    List<byte[]> bodies = new ArrayList<>();
    JsonArray batch = new JsonArray();
    String item;
    while ((item = queue.poll()) != null) {
      size.decrementAndGet();
      batch.add(item);
      if (batch.size() == batchMax) {
        bodies.add(batch.toBuffer().getBytes());
        batch = new JsonArray();
      }
    }
    if (!batch.isEmpty()) {
      bodies.add(batch.toBuffer().getBytes());
    }
    return bodies;
  }
}
