package io.jindou.store.redis;

import io.jindou.model.ChannelInfo;
import io.jindou.model.ChannelKey;
import io.jindou.store.ChannelStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Redis implementation of {@link ChannelStore}: a flags key and a subscriber set per channel, changed by one
 * {@link Scripts#CHANNEL_UPDATE} call together with the members' conversation rows (join floor = the channel
 * head, command-log ack = the command-log head, read in the same script), then the users' indexes through
 * {@link ConversationIndex}. Updates run in the channel's lane, after every append submitted before them.
 * It never interprets the flags.
 */
final class RedisChannelStore implements ChannelStore {
  private final RedisLink link;
  private final ChannelLanes lanes;
  private final ConversationIndex index;

  RedisChannelStore(RedisLink link, ChannelLanes lanes, ConversationIndex index) {
    this.link = link;
    this.lanes = lanes;
    this.index = index;
  }

  @Override
  public Future<StoredChannel> load(ChannelKey channel) {
    Context ctx = link.caller();
    return RedisLink.deliver(ctx, link.eval(Scripts.CHANNEL_LOAD,
        List.of(RedisKeys.info(channel), RedisKeys.subscribers(channel)), List.of()).map(r -> {
          if (r.get(0) == null) {
            return null;
          }
          Set<String> subs = new HashSet<>();
          Response members = r.get(1);
          if (members != null) {
            for (Response m : members) {
              subs.add(m.toString());
            }
          }
          return new StoredChannel(decodeFlags(r.get(0).toInteger()), subs);
        }));
  }

  @Override
  public Future<Void> update(ChannelKey channel, ChannelInfo info, boolean reset, Collection<String> add,
      Collection<String> remove) {
    Context ctx = link.caller();
    List<String> keys = List.of(RedisKeys.info(channel), RedisKeys.subscribers(channel), RedisKeys.head(channel),
        RedisKeys.head(channel.commandLog()), RedisKeys.conversations(channel), RedisKeys.outbox(channel));
    List<String> args = new ArrayList<>(4 + add.size() + remove.size());
    args.add(Integer.toString(encodeFlags(info)));
    args.add(reset ? "1" : "0");
    args.add(RedisKeys.tracked(channel) ? "1" : "0");
    args.add(Integer.toString(add.size()));
    args.addAll(add);
    args.addAll(remove);
    return RedisLink.deliver(ctx, lanes.run(channel.source(),
        () -> link.eval(Scripts.CHANNEL_UPDATE, keys, args).compose(pending -> index.reconcile(channel, pending))));
  }

  static int encodeFlags(ChannelInfo i) {
    return (i.ban() ? 1 : 0) | (i.disband() ? 2 : 0) | (i.sendBan() ? 4 : 0) | (i.allowStranger() ? 8 : 0)
        | (i.large() ? 16 : 0);
  }

  static ChannelInfo decodeFlags(int f) {
    return new ChannelInfo((f & 1) != 0, (f & 2) != 0, (f & 4) != 0, (f & 8) != 0, (f & 16) != 0);
  }
}
