package io.jindou.store;

import io.jindou.model.ChannelInfo;
import io.jindou.model.ChannelKey;
import io.vertx.core.Future;
import java.util.Collection;
import java.util.Set;

/**
 * Port for channel flags and subscriber sets. Every mutation is durable when its future completes; a
 * mutation of one channel is atomic (flags and subscribers change together or not at all). Callers are the
 * channel's owner, which serialises mutations per channel. Futures complete on the caller's context.
 */
public interface ChannelStore {

  /** A channel as stored: its flags and its subscribers. */
  record StoredChannel(ChannelInfo info, Set<String> subscribers) {
  }

  /** The channel, or null when it was never created. */
  Future<StoredChannel> load(ChannelKey channel);

  /**
   * Writes the flags (creating the channel), removes every subscriber first when {@code reset}, then adds
   * {@code add} and removes {@code remove}.
   */
  Future<Void> update(ChannelKey channel, ChannelInfo info, boolean reset, Collection<String> add,
      Collection<String> remove);
}
