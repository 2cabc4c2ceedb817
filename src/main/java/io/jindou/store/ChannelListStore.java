package io.jindou.store;

import io.jindou.model.ChannelKey;
import io.vertx.core.Future;
import java.util.Collection;
import java.util.Set;

/**
 * Port for a channel's blacklist (denylist) and whitelist (allowlist). For a person channel
 * ({@code channel_id} = a uid, type 1) they say who may message that person. A change is durable when its
 * future completes; callers (the channel's owner) serialise changes per channel. Futures complete on the
 * caller's context.
 */
public interface ChannelListStore {

  /** Which list. */
  enum Kind { BLACK, WHITE }

  /** Both lists of a channel (empty sets when none). */
  record Lists(Set<String> black, Set<String> white) {
    public static final Lists EMPTY = new Lists(Set.of(), Set.of());
  }

  Future<Lists> load(ChannelKey channel);

  /** Clears the list first when {@code reset}, then adds and removes. */
  Future<Void> update(ChannelKey channel, Kind kind, boolean reset, Collection<String> add, Collection<String> remove);
}
