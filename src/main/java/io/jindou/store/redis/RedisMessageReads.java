package io.jindou.store.redis;

import io.jindou.model.ChannelKey;
import io.jindou.model.Message;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The message reads of {@link RedisMessageStore}: ranges, the newest messages of many channels, lookups by seq, id
 * and client_msg_no, and the changed messages after an extra version. Each is one read-only script or command
 * ({@link #latest} pipelines one per channel, all sent before any reply); futures complete on the caller's context.
 * It never writes and never goes through a channel's write lane.
 */
final class RedisMessageReads {
  private final RedisLink link;

  RedisMessageReads(RedisLink link) {
    this.link = link;
  }

  Future<List<Message>> changedSince(ChannelKey channel, long afterVersion, int limit, long maxBytes) {
    Context ctx = link.caller();
    if (limit <= 0) {
      return Future.succeededFuture(List.of());
    }
    return RedisLink.deliver(ctx, link.eval(ChangeScripts.CHANGED,
        List.of(RedisKeys.changes(channel), RedisKeys.messages(channel)),
        List.of(Long.toString(Math.max(afterVersion, 0)), Integer.toString(limit), Long.toString(maxBytes)))
        .map(RedisMessageReads::pairs));
  }

  /** Messages of {@code channel} in {@code [startInclusive, endExclusive)}, ascending or descending. */
  Future<List<Message>> range(ChannelKey channel, boolean forward, long startInclusive, long endExclusive, int limit,
      long maxBytes) {
    Context ctx = link.caller();
    return RedisLink.deliver(ctx, range(channel, forward ? "f" : "b", startInclusive, endExclusive, limit, maxBytes));
  }

  /**
   * Without a budget, one {@link Scripts#RANGE} per channel, all pipelined. With one, the budget is shared in
   * channel order, which per-channel scripts cannot do (on Redis Cluster the channels live in different slots):
   * first the sizes of each channel's newest messages ({@link Scripts#SIZES}, pipelined, a few bytes each), then
   * only the messages that fit, by sequence ({@code HMGET}, pipelined). Two round trips; memory within the budget.
   */
  Future<List<List<Message>>> latest(List<ChannelKey> channels, List<Long> floors, int count, long maxBytes) {
    Context ctx = link.caller();
    List<Future<List<Message>>> each = new ArrayList<>(channels.size());
    if (maxBytes == Long.MAX_VALUE || count <= 0) {
      for (int i = 0; i < channels.size(); i++) {
        each.add(range(channels.get(i), "b", 0, floors.get(i), count, maxBytes)); // all sent before any reply
      }
      return RedisLink.deliver(ctx, Future.all(each).map(cf -> each.stream().map(Future::result).toList()));
    }
    List<Future<Response>> sizes = new ArrayList<>(channels.size());
    for (int i = 0; i < channels.size(); i++) {
      ChannelKey ch = channels.get(i);
      sizes.add(link.eval(Scripts.SIZES, List.of(RedisKeys.head(ch), RedisKeys.messages(ch)),
          List.of(Long.toString(floors.get(i)), Integer.toString(count), Long.toString(maxBytes))));
    }
    return RedisLink.deliver(ctx, Future.all(sizes).compose(cf -> {
      long left = maxBytes;
      List<Future<List<Message>>> fetched = new ArrayList<>();
      for (int i = 0; i < sizes.size() && left > 0; i++) {
        Response r = sizes.get(i).result();
        List<Long> seqs = new ArrayList<>();
        for (int j = 0; r != null && j + 1 < r.size() && left > 0; j += 2) {
          seqs.add(r.get(j).toLong());
          left -= r.get(j + 1).toLong();
        }
        java.util.Collections.reverse(seqs); // ascending
        fetched.add(fetch(channels.get(i), seqs));
      }
      return Future.all(fetched).map(done -> fetched.stream().map(Future::result).toList());
    }));
  }

  private Future<List<Message>> range(ChannelKey ch, String direction, long start, long endExclusive, int limit,
      long maxBytes) {
    if (limit <= 0 || maxBytes <= 0) {
      return Future.succeededFuture(List.of());
    }
    return link.eval(Scripts.RANGE, List.of(RedisKeys.head(ch), RedisKeys.messages(ch), RedisKeys.cleared(ch)),
        List.of(direction, Long.toString(start), Long.toString(endExclusive), Integer.toString(limit),
            Long.toString(maxBytes)))
        .map(RedisMessageReads::pairs);
  }

  Future<List<Message>> bySeqs(ChannelKey channel, List<Long> seqs) {
    Context ctx = link.caller();
    return RedisLink.deliver(ctx, fetch(channel, seqs));
  }

  /** The messages with these sequences, in that order, missing ones left out ({@code HMGET}); no context hop. */
  private Future<List<Message>> fetch(ChannelKey channel, List<Long> seqs) {
    if (seqs.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    Request hmget = Request.cmd(Command.HMGET).arg(RedisKeys.messages(channel));
    for (long seq : seqs) {
      hmget.arg(seq);
    }
    return link.send(hmget).map(r -> {
      List<Message> out = new ArrayList<>();
      for (int i = 0; i < seqs.size(); i++) {
        Response v = r.get(i);
        if (v != null) {
          out.add(io.jindou.store.MessageBinary.decode(v.toBytes(), seqs.get(i)));
        }
      }
      return out;
    });
  }

  Future<List<Message>> byIds(ChannelKey channel, List<Long> messageIds) {
    Context ctx = link.caller();
    if (messageIds.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return RedisLink.deliver(ctx, link.eval(Scripts.BY_IDS,
        List.of(RedisKeys.messageIds(channel), RedisKeys.messages(channel)),
        messageIds.stream().map(String::valueOf).toList()).map(RedisMessageReads::pairs));
  }

  Future<List<Message>> byClientMsgNo(ChannelKey channel, String clientMsgNo) {
    Context ctx = link.caller();
    return RedisLink.deliver(ctx, link.eval(Scripts.BY_CLIENT_MSG_NO,
        List.of(RedisKeys.clientMsgNos(channel), RedisKeys.messages(channel)), List.of(clientMsgNo)).map(r -> {
          List<Message> out = new ArrayList<>(pairs(r));
          out.sort(Comparator.comparingLong(Message::messageSeq));
          return out;
        }));
  }

  /** Decodes a script's {seq, bytes, seq, bytes, ...} reply. */
  private static List<Message> pairs(Response r) {
    List<Message> out = new ArrayList<>();
    if (r == null) {
      return out;
    }
    for (int i = 0; i + 1 < r.size(); i += 2) {
      out.add(io.jindou.store.MessageBinary.decode(r.get(i + 1).toBytes(), r.get(i).toLong()));
    }
    return out;
  }
}
