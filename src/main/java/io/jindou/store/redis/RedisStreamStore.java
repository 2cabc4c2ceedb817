package io.jindou.store.redis;

import io.jindou.model.ChannelKey;
import io.jindou.model.StreamEvent;
import io.jindou.model.StreamSummary;
import io.jindou.store.EventPlan;
import io.jindou.store.StreamBinary;
import io.jindou.store.StreamStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * Redis implementation of {@link StreamStore}. An append is one {@link Scripts#EVENT_APPEND} call: inside Redis it
 * checks the event_id and the anchor's head and writes the event, its id, the head and (at a checkpoint) the summary
 * together, so two owners that race cannot both apply an event. All keys of an anchor share its channel's hash tag
 * (valid on Redis Cluster; a plan that names a webhook outbox node pushes the event's outbox entry on that node's
 * list of the channel in the same script, see {@link RedisWebhookStore}); a plan that sets {@code retainUntil} gives
 * the events and ids a key expiry then ({@code PEXPIREAT}), so Redis drops them by itself. Reads are single commands
 * ({@code HMGET} of the seqs asked, {@code MGET} of summaries). It applies plans and decides nothing about what an
 * event means.
 */
final class RedisStreamStore implements StreamStore {
  private final RedisLink link;

  RedisStreamStore(RedisLink link) {
    this.link = link;
  }

  @Override
  public Future<Appended> append(EventPlan plan) {
    Context ctx = link.caller();
    StreamEvent e = plan.event();
    List<Object> args = List.of(e.eventId(), Long.toString(e.msgEventSeq()), StreamBinary.encode(e),
        plan.checkpoint() ? StreamBinary.encode(plan.summary()) : "", Long.toString(plan.retainUntil()),
        plan.clientMsgNo());
    int node = plan.outboxNode();
    List<String> keys = new ArrayList<>(RedisKeys.eventKeys(plan.channel(), plan.clientMsgNo()));
    if (node >= 0) {
      keys.add(RedisKeys.webhookOutbox(plan.channel(), node));
    }
    Future<Appended> f = link.eval(Scripts.EVENT_APPEND, keys, args)
        .compose(r -> {
          Appended a = switch (r.get(0).toInteger()) {
            case 1 -> new Appended(Outcome.STORED, e);
            case 0 -> new Appended(Outcome.DUPLICATE, StreamBinary.event(r.get(2).toBytes()));
            default -> new Appended(Outcome.STALE, null);
          };
          // before the append completes, as for messages: a crash before this is an unanswered event, retried
          return node < 0 || a.outcome() == Outcome.STALE ? Future.succeededFuture(a)
              : RedisWebhookStore.markDirty(link, plan.channel(), node, a.outcome() == Outcome.STORED ? 1 : 0)
                  .map(v -> a);
        });
    return RedisLink.deliver(ctx, f);
  }

  @Override
  public Future<StreamSummary> summary(ChannelKey channel, String clientMsgNo) {
    Context ctx = link.caller();
    return RedisLink.deliver(ctx, link.send(Request.cmd(Command.GET).arg(RedisKeys.eventKeys(channel, clientMsgNo)
        .get(2))).map(r -> r == null ? null : StreamBinary.summary(r.toBytes())));
  }

  @Override
  public Future<List<StreamSummary>> summaries(ChannelKey channel, List<String> clientMsgNos) {
    if (clientMsgNos.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    Context ctx = link.caller();
    Request mget = Request.cmd(Command.MGET);
    for (String cmn : clientMsgNos) {
      mget.arg(RedisKeys.eventKeys(channel, cmn).get(2));
    }
    return RedisLink.deliver(ctx, link.send(mget).map(r -> {
      List<StreamSummary> out = new ArrayList<>(clientMsgNos.size());
      for (int i = 0; i < clientMsgNos.size(); i++) {
        Response v = r.get(i);
        out.add(v == null ? null : StreamBinary.summary(v.toBytes()));
      }
      return out;
    }));
  }

  /** {@code HMGET} of the seqs asked, in batches of at most {@value #READ_BATCH} while the budget lasts. */
  @Override
  public Future<List<StreamEvent>> read(ChannelKey channel, String clientMsgNo, long afterSeq, int limit,
      long maxBytes) {
    if (limit < 1) {
      return Future.succeededFuture(List.of());
    }
    Context ctx = link.caller();
    List<StreamEvent> out = new ArrayList<>();
    return RedisLink.deliver(ctx, readFrom(RedisKeys.eventKeys(channel, clientMsgNo).get(0), Math.max(afterSeq, 0),
        limit, maxBytes, 0, out));
  }

  private static final int READ_BATCH = 64;

  private Future<List<StreamEvent>> readFrom(String key, long after, int limit, long maxBytes, long bytes,
      List<StreamEvent> out) {
    int n = Math.min(READ_BATCH, limit - out.size());
    Request hmget = Request.cmd(Command.HMGET).arg(key);
    for (long s = after + 1; s <= after + n; s++) {
      hmget.arg(Long.toString(s));
    }
    return link.send(hmget).compose(r -> {
      long used = bytes;
      for (int i = 0; i < r.size(); i++) {
        if (r.get(i) == null || used >= maxBytes) {
          return Future.succeededFuture(out);
        }
        byte[] v = r.get(i).toBytes();
        used += v.length;
        out.add(StreamBinary.event(v));
      }
      return out.size() >= limit || used >= maxBytes ? Future.succeededFuture(out)
          : readFrom(key, after + n, limit, maxBytes, used, out);
    });
  }

  /** Nothing to do: {@link Scripts#EVENT_APPEND} gave the anchor's events and ids a key expiry at retainUntil. */
  @Override
  public Future<Integer> dropExpired(long nowMs, int max) {
    return Future.succeededFuture(0);
  }

  @Override
  public Future<StreamEvent> byEventId(ChannelKey channel, String clientMsgNo, String eventId) {
    Context ctx = link.caller();
    List<String> keys = RedisKeys.eventKeys(channel, clientMsgNo);
    Future<StreamEvent> f = link.send(Request.cmd(Command.HGET).arg(keys.get(1)).arg(eventId)).compose(seq -> {
      if (seq == null) {
        return Future.succeededFuture(null);
      }
      return link.send(Request.cmd(Command.HGET).arg(keys.get(0)).arg(seq.toString()))
          .map(v -> v == null ? null : StreamBinary.event(v.toBytes()));
    });
    return RedisLink.deliver(ctx, f);
  }

  /** {@code DEL} of the anchor's four keys (one slot). */
  @Override
  public Future<Void> erase(ChannelKey channel, String clientMsgNo) {
    Context ctx = link.caller();
    Request del = Request.cmd(Command.DEL);
    RedisKeys.eventKeys(channel, clientMsgNo).forEach(del::arg);
    return RedisLink.deliver(ctx, link.send(del).mapEmpty());
  }
}
