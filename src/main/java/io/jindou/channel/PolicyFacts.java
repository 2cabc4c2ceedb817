package io.jindou.channel;

import io.jindou.cluster.Addresses;
import io.jindou.model.ChannelFacts;
import io.jindou.model.ChannelKey;
import io.jindou.model.ChannelType;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A node-wide cache of users' person-channel facts (flags such as {@code send_ban}, and the black/white lists
 * that say who may message them), which every send needs but another owner shard owns. Entries load on
 * demand through the owner and are dropped when that owner publishes a change on
 * {@link #CHANGED_ADDRESS} (on every node). Thread-safe; it never decides anything itself.
 */
public final class PolicyFacts {
  /** Published (uid as body) by the owner of a person channel after a durable change. */
  public static final String CHANGED_ADDRESS = Addresses.POLICY_CHANGED;

  private final Map<String, Future<ChannelFacts>> byUid = new ConcurrentHashMap<>();
  private ChannelService channels;

  public PolicyFacts(Vertx vertx) {
    vertx.eventBus().<String>consumer(CHANGED_ADDRESS, m -> byUid.remove(m.body()));
  }

  /** Wired after construction: the service and the cache need each other. */
  public void channels(ChannelService channels) {
    this.channels = channels;
  }

  /** The facts of {@code uid}'s person channel; completed at once when cached. */
  public Future<ChannelFacts> of(String uid) {
    Future<ChannelFacts> cached = byUid.get(uid);
    if (cached != null) {
      return cached;
    }
    Future<ChannelFacts> loading = channels.facts(new ChannelKey(uid, ChannelType.PERSON));
    byUid.put(uid, loading);
    loading.onFailure(e -> byUid.remove(uid, loading));
    return loading;
  }
}
