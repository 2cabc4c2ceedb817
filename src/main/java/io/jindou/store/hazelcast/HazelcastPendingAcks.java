package io.jindou.store.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.jindou.model.ChannelKey;
import io.jindou.store.PendingAcks;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The pending command-sync generations of a cluster, in the Hazelcast map {@code jindou.cmdsync.pending} so
 * a {@code /message/syncack} on any node commits what the user's latest {@code /message/sync} returned on any
 * other. Entries expire after the configured time, an hour by default (an ack that late just gets the commands again on the next sync).
 * Completions come back on the caller's Vert.x context; it never blocks an event loop and never interprets a
 * generation (it stores what {@code conversation.CommandSync} hands it).
 */
public final class HazelcastPendingAcks implements PendingAcks {
  private final Vertx vertx;
  private final IMap<String, String> map;
  private final long ttlSeconds;

  /** {@code ttl}: how long a generation waits for its ack ({@code pending_acks_ttl_seconds}, default an hour). */
  public HazelcastPendingAcks(Vertx vertx, HazelcastInstance hz, java.time.Duration ttl) {
    if (ttl.toSeconds() < 1) {
      throw new IllegalArgumentException("the pending-ack ttl must be at least a second, got " + ttl);
    }
    this.vertx = vertx;
    this.map = hz.getMap("jindou.cmdsync.pending");
    this.ttlSeconds = ttl.toSeconds();
  }

  @Override
  public Future<Void> put(String uid, Map<ChannelKey, Long> generation) {
    JsonArray rows = new JsonArray();
    generation.forEach((ch, seq) -> rows.add(new JsonArray().add(ch.id()).add(ch.type()).add(seq)));
    return Future.fromCompletionStage(map.setAsync(uid, rows.encode(), ttlSeconds, TimeUnit.SECONDS),
        vertx.getOrCreateContext());
  }

  @Override
  public Future<Map<ChannelKey, Long>> take(String uid) {
    return Future.fromCompletionStage(map.removeAsync(uid), vertx.getOrCreateContext()).map(text -> {
      Map<ChannelKey, Long> out = new HashMap<>();
      if (text != null) {
        for (Object o : new JsonArray(text)) {
          JsonArray row = (JsonArray) o;
          out.put(new ChannelKey(row.getString(0), row.getInteger(1)), row.getLong(2));
        }
      }
      return out;
    });
  }
}
