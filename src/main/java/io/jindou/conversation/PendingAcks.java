package io.jindou.conversation;

import io.jindou.model.ChannelKey;
import io.vertx.core.Future;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the latest {@code /message/sync} of each user returned (channel → highest command seq), kept until
 * that user's {@code /message/syncack} commits it. A single node keeps it in memory; a cluster keeps it where
 * every node sees it, so a sync on one node and the ack on another still commit. Losing it is harmless (the
 * commands are returned again); it never moves a durable cursor itself.
 */
public interface PendingAcks {

  /** Replaces the user's pending generation. */
  Future<Void> put(String uid, Map<ChannelKey, Long> generation);

  /** Removes and returns the user's pending generation (empty when there is none). */
  Future<Map<ChannelKey, Long>> take(String uid);

  /** The in-memory version for a single node. */
  static PendingAcks inMemory() {
    Map<String, Map<ChannelKey, Long>> held = new ConcurrentHashMap<>();
    return new PendingAcks() {
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
    };
  }
}
