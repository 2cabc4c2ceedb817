package io.jindou.channel;

import io.jindou.model.ChannelInfo;
import io.vertx.core.AsyncResult;
import io.vertx.core.Handler;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * What an owner keeps in memory for one channel: its flags (null = never created), subscribers and lists as
 * policy and fan-out see them, made of what storage holds ({@code stored*}, which mutations change) and, when a
 * datasource is configured, the business server's last answer ({@link #datasource}), added to it. Every set is
 * replaced on change, never modified in place, so snapshots can be shared. Plus the queue of work waiting while
 * the state loads or a mutation is being made durable. Confined to the owner's event loop; never shared with
 * another thread.
 */
final class ChannelState {
  // what policy and fan-out read: stored plus the datasource's answer ({@link #recompute})
  ChannelInfo info;
  Set<String> subscribers = new HashSet<>();
  Set<String> blacklist = Set.of();
  Set<String> whitelist = Set.of();
  // what storage holds, and what mutations change
  ChannelInfo storedInfo;
  Set<String> storedSubscribers = subscribers;
  Set<String> storedBlacklist = blacklist;
  Set<String> storedWhitelist = whitelist;
  /** The datasource's last answer for this channel (empty when none is configured or it has none). */
  DatasourceAnswers.Answer datasource = DatasourceAnswers.Answer.NONE;
  /** When {@link #datasource} was asked for (ms), and whether a newer answer is being fetched. */
  long datasourceAt;
  boolean refreshing;
  /** The channel's highest extra_version as last read or written here; -1 = read it from the store. */
  long extraHead = -1;
  /** The lowest seq that may hold a message with {@code expire} whose content is not yet removed (0 = none known). */
  long expiringFrom;
  boolean busy = true;
  /** Set once the first load completed (a state still loading holds nothing yet). */
  boolean loaded;
  final ArrayDeque<Handler<AsyncResult<ChannelState>>> waiting = new ArrayDeque<>();

  boolean exists() {
    return info != null;
  }

  /**
   * Rebuilds what policy and fan-out read from the stored part and the datasource's: the sets are unions (the
   * stored ones themselves when the datasource added nothing), the flags the stored ones, else the datasource's,
   * and a channel that only the datasource knows members of exists with default flags.
   */
  void recompute() {
    DatasourceAnswers.Answer ds = datasource;
    subscribers = union(storedSubscribers, ds.subscribers());
    blacklist = union(storedBlacklist, ds.blacklist());
    whitelist = union(storedWhitelist, ds.whitelist());
    info = storedInfo != null ? storedInfo : ds.info() != null ? ds.info()
        : !ds.subscribers().isEmpty() ? ChannelInfo.DEFAULT : null;
  }

  private static Set<String> union(Set<String> stored, Set<String> more) {
    if (more.isEmpty()) {
      return stored;
    }
    Set<String> all = new HashSet<>(stored);
    all.addAll(more);
    return all;
  }

  /** An immutable snapshot for policy checks elsewhere (sets are replaced, never changed in place). */
  io.jindou.model.ChannelFacts facts() {
    return new io.jindou.model.ChannelFacts(info, blacklist, whitelist);
  }
}
