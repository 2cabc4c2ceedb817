package io.jindou.channel;

import io.jindou.model.ChannelInfo;
import io.vertx.core.AsyncResult;
import io.vertx.core.Handler;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * What an owner keeps in memory for one channel: its flags (null = never created), subscribers and lists
 * (each set is replaced on change, never modified in place, so snapshots can be shared), plus
 * the queue of work waiting while the state loads or a mutation is being made durable. Confined to the
 * owner's event loop; never shared with another thread.
 */
final class ChannelState {
  ChannelInfo info;
  Set<String> subscribers = new HashSet<>();
  Set<String> blacklist = Set.of();
  Set<String> whitelist = Set.of();
  boolean busy = true;
  /** Set once the first load completed (a state still loading holds nothing yet). */
  boolean loaded;
  final ArrayDeque<Handler<AsyncResult<ChannelState>>> waiting = new ArrayDeque<>();

  boolean exists() {
    return info != null;
  }

  /** An immutable snapshot for policy checks elsewhere (sets are replaced, never changed in place). */
  io.jindou.model.ChannelFacts facts() {
    return new io.jindou.model.ChannelFacts(info, blacklist, whitelist);
  }
}
