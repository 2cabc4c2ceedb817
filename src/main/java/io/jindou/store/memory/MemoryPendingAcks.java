package io.jindou.store.memory;

import io.jindou.model.ChannelKey;
import io.jindou.store.PendingAcks;
import io.vertx.core.Future;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pending command-sync generations of a single node, in memory. Thread-safe; it never interprets a
 * generation and never moves a durable cursor.
 */
public final class MemoryPendingAcks implements PendingAcks {
  private final Map<String, Map<ChannelKey, Long>> held = new ConcurrentHashMap<>();

  @Override
  public Future<Void> put(String uid, Map<ChannelKey, Long> generation) {
    held.put(uid, generation);
    return Future.succeededFuture();
  }

  @Override
  public Future<Map<ChannelKey, Long>> take(String uid) {
    Map<ChannelKey, Long> g = held.remove(uid);
    return Future.succeededFuture(g == null ? Map.of() : g);
  }
}
