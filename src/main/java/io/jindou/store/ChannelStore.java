package io.jindou.store;

import io.jindou.model.ChannelInfo;
import io.jindou.model.ChannelKey;
import io.vertx.core.Future;
import java.util.Set;

/**
 * Port for channel flags and subscriber sets. Every mutation is durable when its future completes; a
 * mutation of one channel is atomic (flags, subscribers and the conversation rows of its {@link MembershipPlan}
 * change together or not at all). Callers are the channel's owner, which serialises mutations per channel.
 * Futures complete on the caller's context. It never decides which rows a change creates or removes.
 */
public interface ChannelStore {

  /** A channel as stored: its flags and its subscribers. */
  record StoredChannel(ChannelInfo info, Set<String> subscribers) {
  }

  /** The channel, or null when it was never created. */
  Future<StoredChannel> load(ChannelKey channel);

  /** Applies the plan (flags, subscribers and the rows it names) atomically; durable when the future completes. */
  Future<Void> update(MembershipPlan plan);
}
