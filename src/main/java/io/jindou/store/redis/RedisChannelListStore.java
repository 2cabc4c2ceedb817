package io.jindou.store.redis;

import io.jindou.model.ChannelKey;
import io.jindou.store.ChannelListStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Redis implementation of {@link ChannelListStore}: two sets per channel, {@code {T:ID}:m:black} and
 * {@code {T:ID}:m:white}, each changed by one {@link Scripts#LIST_UPDATE} call (reset, adds and removes
 * together) in the channel's lane, and read together by one script. It never interprets the lists.
 */
final class RedisChannelListStore implements ChannelListStore {
  private final RedisLink link;
  private final ChannelLanes lanes;

  RedisChannelListStore(RedisLink link, ChannelLanes lanes) {
    this.link = link;
    this.lanes = lanes;
  }

  @Override
  public Future<Lists> load(ChannelKey channel) {
    Context ctx = link.caller();
    return RedisLink.deliver(ctx, link.eval(Scripts.LISTS_LOAD,
        List.of(RedisKeys.blacklist(channel), RedisKeys.whitelist(channel)), List.of())
        .map(r -> new Lists(members(r.get(0)), members(r.get(1)))));
  }

  @Override
  public Future<Void> update(ChannelKey channel, Kind kind, boolean reset, Collection<String> add,
      Collection<String> remove) {
    Context ctx = link.caller();
    String key = kind == Kind.BLACK ? RedisKeys.blacklist(channel) : RedisKeys.whitelist(channel);
    List<String> args = new ArrayList<>(2 + add.size() + remove.size());
    args.add(reset ? "1" : "0");
    args.add(Integer.toString(add.size()));
    args.addAll(add);
    args.addAll(remove);
    return RedisLink.deliver(ctx, lanes.run(channel.source(),
        () -> link.eval(Scripts.LIST_UPDATE, List.of(key), args).mapEmpty()));
  }

  private static Set<String> members(Response r) {
    Set<String> out = new HashSet<>();
    if (r != null) {
      for (Response m : r) {
        out.add(m.toString());
      }
    }
    return out;
  }
}
