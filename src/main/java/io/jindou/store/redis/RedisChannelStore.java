package io.jindou.store.redis;

import io.jindou.model.ChannelInfo;
import io.jindou.model.ChannelKey;
import io.jindou.store.ChannelStore;
import io.jindou.store.MembershipPlan;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Redis implementation of {@link ChannelStore}: a flags key and a subscriber set per channel, changed by one
 * {@link Scripts#CHANNEL_UPDATE} call together with the conversation rows the plan names (its join-row
 * template filled from the heads read in the same script), then the users' indexes through
 * {@link ConversationIndex}. Updates run in the channel's lane, after every append submitted before them.
 * It never interprets the flags and never decides which rows a change touches.
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
  public Future<Void> update(MembershipPlan plan) {
    Context ctx = link.caller();
    ChannelKey channel = plan.channel();
    List<String> keys = List.of(RedisKeys.info(channel), RedisKeys.subscribers(channel), RedisKeys.head(channel),
        RedisKeys.head(channel.commandLog()), RedisKeys.conversations(channel), RedisKeys.outbox(channel));
    List<String> args = new ArrayList<>(5 + plan.add().size() + plan.remove().size());
    args.add(Integer.toString(encodeFlags(plan.info())));
    args.add(plan.reset() ? "1" : "0");
    args.add(plan.joinRow() == null ? "" : RedisConversationStore.template(plan.joinRow()));
    args.add(plan.leaverRowsRemoved() ? "1" : "0");
    args.add(Integer.toString(plan.add().size()));
    args.addAll(plan.add());
    args.addAll(plan.remove());
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
