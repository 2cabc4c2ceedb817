package io.jindou.channel;

import io.jindou.model.ChannelInfo;
import io.jindou.model.ChannelKey;
import io.jindou.model.ChannelType;
import io.jindou.store.Datasource;
import io.vertx.core.Future;
import java.util.List;
import java.util.Set;

/**
 * What an owner asks the business server's {@link Datasource} about a channel, and when it asks again. Asked
 * about: the subscribers, lists and (when configured) flags of group-like channels — not of person or agent
 * channels, whose people are in their id, nor of temp channels, whose lists Jindou keeps itself — and the lists of
 * a user's person channel (named by the uid: who may message that user). The answer is kept in the channel's
 * state and added to what storage holds ({@link ChannelState#recompute}); once it is older than the cache time
 * the next use of the channel asks again in the background and goes on with the answer it has, so a slow
 * datasource never delays a send after the first load. Confined to the owner's event loop; it stores nothing.
 */
final class DatasourceAnswers {
  /** One answer about one channel; empty parts where nothing was asked. */
  record Answer(Set<String> subscribers, Set<String> blacklist, Set<String> whitelist, ChannelInfo info) {
    static final Answer NONE = new Answer(Set.of(), Set.of(), Set.of(), null);
  }

  /** Asks nothing (no datasource configured). */
  static final DatasourceAnswers NONE = new DatasourceAnswers(Datasource.NONE, Long.MAX_VALUE);

  private final Datasource datasource;
  private final long cacheMs;

  DatasourceAnswers(Datasource datasource, long cacheMs) {
    this.datasource = datasource;
    this.cacheMs = cacheMs;
  }

  /** Whether a datasource is configured at all. */
  boolean enabled() {
    return datasource.enabled();
  }

  /** Whether anything is asked about this channel. */
  boolean applies(ChannelKey key) {
    return datasource.enabled() && (asksMembers(key) || asksLists(key));
  }

  /** Whether the state's answer is due to be asked again now (and nothing is being asked already). */
  boolean due(ChannelKey key, ChannelState st, long now) {
    return !st.refreshing && applies(key) && now - st.datasourceAt >= cacheMs;
  }

  /**
   * The answer a channel starts with, when it is first loaded: {@link #ask}, except that a user's person channel
   * whose lists cannot be fetched starts with none (what storage holds) and asks again after the cache time — a
   * datasource outage must not stop users from connecting or chatting one to one. For every other channel the
   * load fails (UNAVAILABLE): its members are the datasource's, and guessing them would misroute messages.
   */
  Future<Answer> first(ChannelKey key) {
    Future<Answer> a = ask(key);
    return key.type() == ChannelType.PERSON ? a.recover(e -> Future.succeededFuture(Answer.NONE)) : a;
  }

  /** Asks every part that applies to the channel, at once; fails if any part fails. */
  Future<Answer> ask(ChannelKey key) {
    if (!applies(key)) {
      return Future.succeededFuture(Answer.NONE);
    }
    boolean members = asksMembers(key);
    Future<List<String>> subs = members ? datasource.subscribers(key) : Future.succeededFuture(List.of());
    Future<List<String>> black = datasource.blacklist(key);
    Future<List<String>> white = datasource.whitelist(key);
    Future<ChannelInfo> info = members && datasource.channelInfo() ? datasource.channelInfo(key)
        : Future.succeededFuture(null);
    return Future.all(subs, black, white, info).map(done -> new Answer(Set.copyOf(subs.result()),
        Set.copyOf(black.result()), Set.copyOf(white.result()), info.result()));
  }

  private static boolean asksMembers(ChannelKey key) {
    int t = key.type();
    return t != ChannelType.PERSON && t != ChannelType.AGENT && t != ChannelType.TEMP;
  }

  private static boolean asksLists(ChannelKey key) {
    return asksMembers(key) || (key.type() == ChannelType.PERSON && key.id().indexOf('@') < 0);
  }
}
