package io.jindou.store.redis;

import io.jindou.model.ChannelKey;
import io.jindou.store.ConversationStore;
import io.jindou.store.NewRow;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * Redis implementation of {@link ConversationStore}. Rows live in their channel's slot as a hash field
 * {@code {T:ID}:m:conv[uid] = "joinFloor,deleteFloor,readSeq,ownLastSeq,cmdAckSeq"}, so a row and its
 * channel head are read together by one script. {@link #list} finds the user's channels through the
 * {@link ConversationIndex} and reads every row with its head in one pipelined round trip, skipping index
 * members that have no row. {@link #mutate} is optimistic: read row and head, apply the function in Java,
 * then {@link Scripts#ROW_CAS} stores the result only if neither moved, retrying with the fresh values
 * otherwise (bounded). It never computes unread counts and never writes the user's index directly.
 */
final class RedisConversationStore implements ConversationStore {
  private final RedisLink link;
  private final ChannelLanes lanes;
  private final ConversationIndex index;
  private final int maxAttempts;

  RedisConversationStore(RedisLink link, ChannelLanes lanes, ConversationIndex index, int maxAttempts) {
    this.link = link;
    this.lanes = lanes;
    this.index = index;
    this.maxAttempts = maxAttempts;
  }

  @Override
  public Future<List<RowWithHead>> list(String uid) {
    Context ctx = link.caller();
    return RedisLink.deliver(ctx, index.channels(uid).compose(channels -> {
      List<Future<RowWithHead>> each = new ArrayList<>();
      for (ChannelKey ch : channels) {
        each.add(get0(uid, ch)); // all sent before any reply is awaited
      }
      return Future.all(each).map(cf -> {
        List<RowWithHead> out = new ArrayList<>(each.stream().map(Future::result).filter(Objects::nonNull).toList());
        out.sort(Comparator.comparingInt((RowWithHead r) -> r.row().channel().type())
            .thenComparing(r -> r.row().channel().id()));
        return out;
      });
    }));
  }

  @Override
  public Future<RowWithHead> get(String uid, ChannelKey channel) {
    Context ctx = link.caller();
    return RedisLink.deliver(ctx, get0(uid, channel));
  }

  private Future<RowWithHead> get0(String uid, ChannelKey ch) {
    return link.eval(Scripts.ROW_HEAD, List.of(RedisKeys.head(ch), RedisKeys.conversations(ch)), List.of(uid))
        .map(r -> r.get(0) == null ? null : new RowWithHead(decode(uid, ch, r.get(0).toString()), r.get(1).toLong()));
  }

  @Override
  public Future<Row> mutate(String uid, ChannelKey channel, BiFunction<Row, Long, Row> change) {
    Context ctx = link.caller();
    return RedisLink.deliver(ctx, lanes.run(channel.source(), () -> link.eval(Scripts.ROW_HEAD,
        List.of(RedisKeys.head(channel), RedisKeys.conversations(channel)), List.of(uid))
        .compose(r -> attempt(uid, channel, change, text(r.get(0)), r.get(1).toString(), 1))));
  }

  private Future<Row> attempt(String uid, ChannelKey ch, BiFunction<Row, Long, Row> change, String rowText,
      String headText, int attempt) {
    Row current = rowText == null ? null : decode(uid, ch, rowText);
    Row next = change.apply(current, Long.parseLong(headText));
    if (next == null) {
      return Future.succeededFuture(current);
    }
    List<String> keys = List.of(RedisKeys.head(ch), RedisKeys.conversations(ch), RedisKeys.outbox(ch));
    return link.eval(Scripts.ROW_CAS, keys, List.of(uid, rowText == null ? "" : rowText, headText, encode(next)))
        .compose(r -> {
          if (r.get(0).toLong() == 1) {
            return index.reconcile(ch, r.get(1)).map(v -> next);
          }
          if (attempt >= maxAttempts) {
            return Future.failedFuture(new IllegalStateException("conversation row of " + uid + " in "
                + RedisKeys.channelRef(ch) + " kept changing: gave up after " + attempt + " attempts"));
          }
          return attempt(uid, ch, change, text(r.get(1)), r.get(2).toString(), attempt + 1);
        });
  }

  private static String text(Response r) {
    return r == null ? null : r.toString();
  }

  static String encode(Row r) {
    return r.joinFloor() + "," + r.deleteFloor() + "," + r.readSeq() + "," + r.ownLastSeq() + "," + r.cmdAckSeq();
  }

  /**
   * A row template as the scripts' {@code fill} reads it: the five cursors in {@link #encode} order, each '0',
   * 'h' (the channel head) or 'c' (the command-log head).
   */
  static String template(NewRow row) {
    return cursor(row.joinFloor()) + "," + cursor(row.deleteFloor()) + "," + cursor(row.readSeq()) + ","
        + cursor(row.ownLastSeq()) + "," + cursor(row.cmdAckSeq());
  }

  private static String cursor(NewRow.Cursor c) {
    return switch (c) {
      case ZERO -> "0";
      case HEAD -> "h";
      case COMMAND_HEAD -> "c";
    };
  }

  static Row decode(String uid, ChannelKey ch, String v) {
    String[] f = v.split(",", -1);
    if (f.length != 5) {
      throw new IllegalStateException("corrupt conversation row of " + uid + " in " + RedisKeys.channelRef(ch)
          + ": '" + v + "'");
    }
    return new Row(uid, ch, Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
        Long.parseLong(f[4]));
  }
}
