package io.jindou.store;

import io.jindou.model.ChannelKey;
import io.vertx.core.Future;
import java.util.Map;

/**
 * Port for what the latest {@code /message/sync} of each user returned (channel → highest command seq), kept
 * until that user's {@code /message/syncack} commits it. A single node keeps it in memory
 * ({@code store.memory}); a cluster keeps it where every node sees it ({@code store.hazelcast}), so a sync on
 * one node and the ack on another still commit. Losing an entry is harmless (the commands are returned again
 * by the next sync), so implementations may bound and expire entries. It never moves a durable cursor itself.
 * Futures complete on the caller's context.
 */
public interface PendingAcks {

  /** Replaces the user's pending generation (an empty one leaves nothing pending). */
  Future<Void> put(String uid, Map<ChannelKey, Long> generation);

  /** Removes and returns the user's pending generation (empty when there is none). */
  Future<Map<ChannelKey, Long>> take(String uid);
}
