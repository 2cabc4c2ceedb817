package io.jindou.channel;

import io.jindou.model.ChannelKey;
import io.jindou.store.ChannelStore;
import io.vertx.core.Future;
import java.util.Set;

/**
 * Read side of channel membership: a channel's stored subscribers, read straight from the store (no owner hop;
 * a mutation is durable before its owner replies, so a read after it sees it). For the console's reads, never
 * for a send: the send path asks the channel's owner, which caches. It never writes and never resolves person
 * ids (callers pass the storage key).
 */
public final class ChannelQueries {
  private final ChannelStore store;

  public ChannelQueries(ChannelStore store) {
    this.store = store;
  }

  /** The channel's subscribers as stored; empty when it has none or was never created. */
  public Future<Set<String>> subscribers(ChannelKey channel) {
    return store.load(channel).map(c -> c == null ? Set.of() : c.subscribers());
  }
}
