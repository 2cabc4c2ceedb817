package io.jindou.store.redis;

import io.jindou.model.ChannelKey;
import io.jindou.model.Message;
import io.jindou.store.MessagePlan;
import io.jindou.store.MessageStore;
import io.jindou.store.MutationPlan;
import io.jindou.store.ReceiptPlan;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Redis implementation of {@link MessageStore}. An append is one {@link Scripts#APPEND} call per source
 * channel per batch: inside Redis it checks each draft's idempotency key, takes {@code seq = INCR head},
 * stores the bytes, the message-id and client_msg_no indexes, and applies the plan's effects (conversation
 * rows in the channel's slot), so two processes that both believe they own a channel still get distinct,
 * gap-free, increasing sequences. Calls of one channel go through its {@link ChannelLanes} lane (in order,
 * coalesced). Reads of messages are {@link RedisMessageReads}'. It never decides policy or which rows a message touches: it encodes the
 * plan the owner hands it.
 */
final class RedisMessageStore implements MessageStore {
  private final RedisLink link;
  private final ChannelLanes lanes;
  private final ConversationIndex index;
  private final RedisChannelScan scan;
  private final RedisMessageReads reads;

  RedisMessageStore(RedisLink link, Context home, int maxBatch, ConversationIndex index, RedisChannelScan scan) {
    this.link = link;
    this.index = index;
    this.scan = scan;
    this.reads = new RedisMessageReads(link);
    this.lanes = new ChannelLanes(home, maxBatch, this::write);
  }

  ChannelLanes lanes() {
    return lanes;
  }

  @Override
  public Future<List<Appended>> append(List<MessagePlan> plans) {
    Context ctx = link.caller();
    if (plans.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    Map<ChannelKey, List<Integer>> bySource = new LinkedHashMap<>();
    for (int i = 0; i < plans.size(); i++) {
      bySource.computeIfAbsent(plans.get(i).draft().channel().source(), k -> new ArrayList<>()).add(i);
    }
    List<Future<List<Appended>>> parts = new ArrayList<>();
    List<List<Integer>> positions = new ArrayList<>();
    bySource.forEach((source, at) -> {
      positions.add(at);
      parts.add(lanes.append(source, at.stream().map(plans::get).toList()));
    });
    Future<List<Appended>> all = Future.all(parts).map(cf -> {
      Appended[] out = new Appended[plans.size()];
      for (int p = 0; p < parts.size(); p++) {
        List<Appended> part = parts.get(p).result();
        for (int j = 0; j < part.size(); j++) {
          out[positions.get(p).get(j)] = part.get(j);
        }
      }
      return List.of(out);
    });
    return RedisLink.deliver(ctx, all);
  }

  /**
   * One script call for a coalesced batch of one source channel; runs in that channel's lane. The script always
   * looks keys up (inside Redis a lookup costs no round trip), so {@code lookUpKey} needs no argument.
   */
  private Future<List<Appended>> write(ChannelKey source, List<MessagePlan> plans) {
    List<Object> args = new ArrayList<>(7 * plans.size());
    for (MessagePlan plan : plans) {
      Message d = plan.draft();
      String cmn = d.clientMsgNo() == null ? "" : d.clientMsgNo();
      args.add(d.channel().isCommandLog() ? "c" : "m");
      args.add(RedisKeys.idempotencyField(cmn, d.fromUid()));
      args.add(cmn);
      args.add(Long.toString(d.messageId()));
      args.add(io.jindou.store.MessageBinary.encode(d));
      args.add(Integer.toString(plan.effects().size()));
      for (MessagePlan.Effect effect : plan.effects()) {
        effectArgs(effect, args);
      }
    }
    List<Message> drafts = plans.stream().map(MessagePlan::draft).toList();
    int node = webhookNode(plans);
    return link.eval(Scripts.APPEND, RedisKeys.appendKeys(source, Math.max(node, 0)), args).compose(r -> {
      List<Appended> out = outcomes(drafts, r.get(1));
      Future<Void> marked = node < 0 ? Future.succeededFuture() : RedisWebhookStore.markDirty(link, source, node,
          stored(plans, out));
      return marked.compose(m -> index.reconcile(source, r.get(0))).map(v -> out);
    });
  }

  /** The node of the first webhook outbox effect among the plans, -1 when none has one. */
  private static int webhookNode(List<MessagePlan> plans) {
    for (MessagePlan plan : plans) {
      for (MessagePlan.Effect e : plan.effects()) {
        if (e instanceof MessagePlan.Outbox o) {
          return o.node();
        }
      }
    }
    return -1;
  }

  /** How many of the plans that carry an outbox effect were stored (each pushed one entry). */
  private static int stored(List<MessagePlan> plans, List<Appended> out) {
    int n = 0;
    for (int i = 0; i < plans.size(); i++) {
      if (out.get(i).outcome() == Outcome.STORED
          && plans.get(i).effects().stream().anyMatch(e -> e instanceof MessagePlan.Outbox)) {
        n++;
      }
    }
    return n;
  }

  /** The (kind, uid, argument) triple of one effect, as {@link Scripts#APPEND} reads it. */
  private static void effectArgs(MessagePlan.Effect effect, List<Object> args) {
    if (effect instanceof MessagePlan.OwnLastSeq own) {
      args.add("s");
      args.add(own.uid());
      args.add("");
    } else if (effect instanceof MessagePlan.OpenRow open) {
      args.add(open.firstMessageOnly() ? "f" : "o");
      args.add(open.uid());
      args.add(RedisConversationStore.template(open.row()));
    } else if (effect instanceof MessagePlan.Outbox) {
      args.add("w");
      args.add("");
      args.add("");
    } else {
      throw new IllegalArgumentException("unknown message plan effect " + effect);
    }
  }

  private static List<Appended> outcomes(List<Message> drafts, Response results) {
    List<Appended> out = new ArrayList<>(drafts.size());
    for (int i = 0; i < drafts.size(); i++) {
      Response r = results.get(i);
      long seq = r.get(1).toLong();
      if (r.get(0).toLong() == 1) {
        out.add(new Appended(Outcome.STORED, drafts.get(i).withSeq(seq)));
        continue;
      }
      if (r.get(2) == null) {
        throw new IllegalStateException("idempotency key of " + drafts.get(i).clientMsgNo() + " points at seq " + seq
            + " of " + RedisKeys.channelRef(drafts.get(i).channel()) + ", which is missing");
      }
      Message earlier = io.jindou.store.MessageBinary.decode(r.get(2).toBytes(), seq);
      boolean same = earlier.extra().version() > 0 || Arrays.equals(earlier.payload(), drafts.get(i).payload());
      out.add(new Appended(same ? Outcome.DUPLICATE : Outcome.CONFLICT, earlier));
    }
    return out;
  }

  /** One {@link Scripts#MUTATE} in the channel's lane, after every write of the channel submitted before it. */
  @Override
  public Future<MutationPlan.Outcome> mutate(MutationPlan plan) {
    Context ctx = link.caller();
    ChannelKey ch = plan.channel();
    int node = plan.outboxNode();
    List<String> keys = new ArrayList<>(List.of(RedisKeys.messages(ch), RedisKeys.extraHead(ch),
        RedisKeys.changes(ch)));
    if (node >= 0) {
      keys.add(RedisKeys.webhookOutbox(ch, node));
    }
    Future<MutationPlan.Outcome> f = lanes.run(ch.source(), () -> link.eval(ChangeScripts.MUTATE, keys,
        List.of(Long.toString(plan.next().messageSeq()), Long.toString(plan.expectedVersion()),
            Long.toString(plan.version()), io.jindou.store.MessageBinary.encode(plan.next())))
        .map(r -> switch (r.toInteger()) {
          case 1 -> MutationPlan.Outcome.APPLIED;
          case 2 -> MutationPlan.Outcome.MISSING;
          default -> MutationPlan.Outcome.STALE;
        }).compose(o -> marked(ch, node, o, 1)));
    return RedisLink.deliver(ctx, f);
  }

  /** After an applied change with outbox entries: the channel joins its node's set (before the caller hears). */
  private Future<MutationPlan.Outcome> marked(ChannelKey ch, int node, MutationPlan.Outcome o, int entries) {
    return node < 0 || o != MutationPlan.Outcome.APPLIED ? Future.succeededFuture(o)
        : RedisWebhookStore.markDirty(link, ch, node, entries).map(v -> o);
  }

  /** One {@link Scripts#RECEIPT} in the channel's lane. */
  @Override
  public Future<MutationPlan.Outcome> applyReceipt(ReceiptPlan plan) {
    Context ctx = link.caller();
    ChannelKey ch = plan.channel();
    List<Object> args = new ArrayList<>(3 + 4 * plan.changes().size());
    args.add(plan.uid());
    args.add(Long.toString(plan.expectedCursor()));
    args.add(Long.toString(plan.cursor()));
    for (MutationPlan c : plan.changes()) {
      args.add(Long.toString(c.next().messageSeq()));
      args.add(Long.toString(c.expectedVersion()));
      args.add(Long.toString(c.version()));
      args.add(io.jindou.store.MessageBinary.encode(c.next()));
    }
    int node = plan.changes().stream().mapToInt(MutationPlan::outboxNode).max().orElse(-1);
    List<String> keys = new ArrayList<>(List.of(RedisKeys.messages(ch), RedisKeys.extraHead(ch),
        RedisKeys.changes(ch), RedisKeys.receipts(ch)));
    if (node >= 0) {
      keys.add(RedisKeys.webhookOutbox(ch, node));
    }
    Future<MutationPlan.Outcome> f = lanes.run(ch.source(), () -> link.eval(ChangeScripts.RECEIPT, keys, args)
        .map(r -> switch (r.toInteger()) {
          case 1 -> MutationPlan.Outcome.APPLIED;
          case 2 -> MutationPlan.Outcome.MISSING;
          default -> MutationPlan.Outcome.STALE;
        }).compose(o -> marked(ch, node, o, plan.changes().size())));
    return RedisLink.deliver(ctx, f);
  }

  /** The most messages one {@link Scripts#CLEAR} step deletes (sends of the channel wait for at most one step). */
  private static final int CLEAR_STEP = 10_000;

  /** {@link Scripts#CLEAR} steps in the channel's lane until the mark reaches {@code upToSeq}. */
  @Override
  public Future<Void> clear(ChannelKey ch, long upToSeq) {
    Context ctx = link.caller();
    return RedisLink.deliver(ctx, clearFrom(ch, upToSeq));
  }

  private Future<Void> clearFrom(ChannelKey ch, long upToSeq) {
    return lanes.run(ch.source(), () -> link.eval(ChangeScripts.CLEAR, List.of(RedisKeys.messages(ch),
        RedisKeys.cleared(ch)), List.of(Long.toString(upToSeq), Integer.toString(CLEAR_STEP))))
        .compose(r -> r.toLong() >= upToSeq ? Future.<Void>succeededFuture() : clearFrom(ch, upToSeq));
  }

  @Override
  public Future<Void> setRetention(ChannelKey ch, io.jindou.store.Retention r) {
    Context ctx = link.caller();
    return RedisLink.deliver(ctx, link.send(Request.cmd(Command.SET).arg(RedisKeys.retention(ch))
        .arg(r.days() + "," + r.maxMessages())).mapEmpty());
  }

  @Override
  public Future<io.jindou.store.Retention> retention(ChannelKey ch) {
    Context ctx = link.caller();
    return RedisLink.deliver(ctx, link.send(Request.cmd(Command.GET).arg(RedisKeys.retention(ch))).map(r -> {
      if (r == null) {
        return io.jindou.store.Retention.DEFAULT;
      }
      String[] parts = r.toString().split(",");
      return new io.jindou.store.Retention(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
    }));
  }

  @Override
  public Future<ChannelSlice> channelsWithMessages(String cursor, int limit) {
    return scan.slice(cursor, limit);
  }

  @Override
  public Future<Long> clearedUpTo(ChannelKey channel) {
    Context ctx = link.caller();
    return RedisLink.deliver(ctx, link.send(Request.cmd(Command.GET).arg(RedisKeys.cleared(channel)))
        .map(r -> r == null ? 0L : r.toLong()));
  }

  @Override
  public Future<Long> receiptCursor(ChannelKey channel, String uid) {
    Context ctx = link.caller();
    return RedisLink.deliver(ctx, link.send(Request.cmd(Command.HGET).arg(RedisKeys.receipts(channel)).arg(uid))
        .map(r -> r == null ? 0L : r.toLong()));
  }

  @Override
  public Future<Void> forgetReceiptCursor(ChannelKey channel, String uid) {
    Context ctx = link.caller();
    return RedisLink.deliver(ctx, link.send(Request.cmd(Command.HDEL).arg(RedisKeys.receipts(channel)).arg(uid))
        .mapEmpty());
  }

  @Override
  public Future<Long> extraHead(ChannelKey channel) {
    Context ctx = link.caller();
    return RedisLink.deliver(ctx, link.send(Request.cmd(Command.GET).arg(RedisKeys.extraHead(channel)))
        .map(r -> r == null ? 0L : r.toLong()));
  }

  @Override
  public Future<List<Message>> changedSince(ChannelKey channel, long afterVersion, int limit, long maxBytes) {
    return reads.changedSince(channel, afterVersion, limit, maxBytes);
  }

  @Override
  public Future<Long> lastSeq(ChannelKey channel) {
    Context ctx = link.caller();
    return RedisLink.deliver(ctx, link.send(Request.cmd(Command.GET).arg(RedisKeys.head(channel)))
        .map(r -> r == null ? 0L : r.toLong()));
  }

  @Override
  public Future<List<Message>> readForward(ChannelKey channel, long startInclusive, long endExclusive, int limit,
      long maxBytes) {
    return reads.range(channel, true, startInclusive, endExclusive, limit, maxBytes);
  }

  @Override
  public Future<List<Message>> readBackward(ChannelKey channel, long startInclusive, long endExclusive, int limit,
      long maxBytes) {
    return reads.range(channel, false, startInclusive, endExclusive, limit, maxBytes);
  }

  @Override
  public Future<List<List<Message>>> latest(List<ChannelKey> channels, List<Long> floors, int count, long maxBytes) {
    return reads.latest(channels, floors, count, maxBytes);
  }

  @Override
  public Future<List<Message>> getBySeqs(ChannelKey channel, List<Long> seqs) {
    return reads.bySeqs(channel, seqs);
  }

  @Override
  public Future<List<Message>> getByIds(ChannelKey channel, List<Long> messageIds) {
    return reads.byIds(channel, messageIds);
  }

  @Override
  public Future<List<Message>> getByClientMsgNo(ChannelKey channel, String clientMsgNo) {
    return reads.byClientMsgNo(channel, clientMsgNo);
  }
}
