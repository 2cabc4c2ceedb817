package io.jindou.store;

import io.jindou.model.ChannelInfo;
import io.jindou.model.ChannelKey;
import io.vertx.core.Future;
import java.util.List;

/**
 * Port for a business server's datasource (WuKongIM's {@code datasource}): who the subscribers of a channel are,
 * its blacklist and whitelist, its flags, and the system uids, as the business server knows them. Jindou asks it
 * for what it does not hold itself and adds the answer to its own (the owner of a channel caches it and asks again
 * after a while; {@code channel.DatasourceAnswers}). A call never blocks: its future completes on the caller's
 * context, within the adapter's timeout, and fails (UNAVAILABLE) when the business server does not answer, answers
 * something else than HTTP 200 with the expected JSON, or too many calls are already waiting. Implementations are
 * thread-safe; they cache nothing and decide nothing.
 */
public interface Datasource {

  /** Whether a datasource is configured; when not, nothing is ever asked. */
  boolean enabled();

  /** Whether to ask for channel flags too (WuKongIM's {@code datasource.channelInfoOn}). */
  boolean channelInfo();

  /** The channel's subscribers (empty when the business server has none). */
  Future<List<String>> subscribers(ChannelKey channel);

  /** The channel's blacklist (for a person channel named by a uid: who may not message that person). */
  Future<List<String>> blacklist(ChannelKey channel);

  /** The channel's whitelist (for a person channel named by a uid: who may message that person). */
  Future<List<String>> whitelist(ChannelKey channel);

  /** The channel's flags, or null when the business server has none for it. */
  Future<ChannelInfo> channelInfo(ChannelKey channel);

  /** The system uids the business server names. */
  Future<List<String>> systemUids();

  /** No datasource: nothing is asked and every answer is empty. */
  Datasource NONE = new Datasource() {
    @Override
    public boolean enabled() {
      return false;
    }

    @Override
    public boolean channelInfo() {
      return false;
    }

    @Override
    public Future<List<String>> subscribers(ChannelKey channel) {
      return Future.succeededFuture(List.of());
    }

    @Override
    public Future<List<String>> blacklist(ChannelKey channel) {
      return Future.succeededFuture(List.of());
    }

    @Override
    public Future<List<String>> whitelist(ChannelKey channel) {
      return Future.succeededFuture(List.of());
    }

    @Override
    public Future<ChannelInfo> channelInfo(ChannelKey channel) {
      return Future.succeededFuture(null);
    }

    @Override
    public Future<List<String>> systemUids() {
      return Future.succeededFuture(List.of());
    }
  };
}
