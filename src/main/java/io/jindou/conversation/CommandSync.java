package io.jindou.conversation;

import io.jindou.model.ChannelKey;
import io.jindou.model.Message;
import io.jindou.store.ConversationStore;
import io.jindou.store.ConversationStore.Row;
import io.jindou.store.MessageBinary;
import io.jindou.store.MessageStore;
import io.jindou.store.PendingAcks;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Offline delivery of command ({@code sync_once}) messages (spec http-api §3.4): {@code /message/sync}
 * returns, across the user's conversations, the command-log messages above each durable ack cursor;
 * {@code /message/syncack} advances the cursors to what the latest sync returned. The cursors are durable;
 * the "latest sync" generation is held by {@link PendingAcks} (memory on one node, shared in a cluster), so
 * if it is lost an ack without a new sync changes nothing and the unacknowledged commands are simply returned
 * again. Never counts commands as unread.
 */
public final class CommandSync {
  private final ConversationStore conversations;
  private final MessageStore messages;
  private final PendingAcks pending;

  public CommandSync(ConversationStore conversations, MessageStore messages, PendingAcks pending) {
    this.conversations = conversations;
    this.messages = messages;
    this.pending = pending;
  }

  /** Conversations whose command logs one round reads at once. */
  static final int READS_PER_ROUND = 32;

  /** Up to {@code limit} pending commands of {@code uid}, ascending by channel then seq. */
  public Future<List<Message>> sync(String uid, int limit) {
    return sync(uid, limit, Long.MAX_VALUE);
  }

  /**
   * Up to {@code limit} pending commands of {@code uid} whose stored sizes ({@link MessageBinary#size}) sum to
   * about {@code maxBytes} (the message that reaches it is the last), ascending by channel then seq. The command
   * logs are read {@value #READS_PER_ROUND} conversations at a time, each read within its share of what is left,
   * and the reading stops once the answer is full, so one sync holds about {@code maxBytes} however many
   * conversations and commands the user has. Each channel's commands are a prefix of what is pending there, so the
   * ack that follows moves each cursor only past what was returned and the next sync returns the rest.
   */
  public Future<List<Message>> sync(String uid, int limit, long maxBytes) {
    return conversations.list(uid).compose(rows -> {
      List<Row> order = new ArrayList<>(rows.size());
      rows.forEach(rh -> order.add(rh.row()));
      Taken taken = new Taken(limit, maxBytes);
      return round(order, 0, taken).compose(v -> {
        List<Message> out = taken.messages;
        out.sort(Comparator.comparing((Message m) -> m.channelId()).thenComparingLong(Message::messageSeq));
        return pending.put(uid, taken.generation).map(out);
      });
    });
  }

  /** What one sync has taken so far, and what is left of its count and bytes. */
  private static final class Taken {
    final List<Message> messages = new ArrayList<>();
    final Map<ChannelKey, Long> generation = new HashMap<>();
    final int limit;
    long bytesLeft;

    Taken(int limit, long maxBytes) {
      this.limit = limit;
      this.bytesLeft = maxBytes;
    }

    boolean full() {
      return messages.size() >= limit || bytesLeft <= 0;
    }
  }

  private Future<Void> round(List<Row> rows, int from, Taken taken) {
    if (from >= rows.size() || taken.full()) {
      return Future.succeededFuture();
    }
    int to = Math.min(rows.size(), from + READS_PER_ROUND);
    long share = Math.max(1, taken.bytesLeft == Long.MAX_VALUE ? Long.MAX_VALUE : taken.bytesLeft / (to - from));
    int count = taken.limit - taken.messages.size();
    List<Future<List<Message>>> reads = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      Row r = rows.get(i);
      reads.add(messages.readForward(r.channel().commandLog(), r.cmdAckSeq() + 1, 0, count, share));
    }
    return Future.all(reads).compose(done -> {
      for (int i = 0; i < reads.size() && !taken.full(); i++) {
        for (Message m : reads.get(i).result()) {
          if (taken.full()) {
            break;
          }
          taken.messages.add(m);
          if (taken.bytesLeft != Long.MAX_VALUE) {
            taken.bytesLeft -= MessageBinary.size(m);
          }
          taken.generation.merge(rows.get(from + i).channel(), m.messageSeq(), Math::max);
        }
      }
      return round(rows, to, taken);
    });
  }

  /** Commits what the latest {@link #sync} of this uid returned. */
  public Future<Void> ack(String uid) {
    return pending.take(uid).compose(generation -> commit(uid, generation));
  }

  private Future<Void> commit(String uid, Map<ChannelKey, Long> generation) {
    List<Future<Row>> writes = new ArrayList<>();
    generation.forEach((ch, seq) -> writes.add(conversations.mutate(uid, ch, (r, head) -> r == null
        || r.cmdAckSeq() >= seq ? null
        : new Row(uid, ch, r.joinFloor(), r.deleteFloor(), r.readSeq(), r.ownLastSeq(), seq))));
    return Future.all(writes).mapEmpty();
  }
}
