package io.jindou.conversation;

import io.jindou.model.ChannelKey;
import io.jindou.model.Message;
import io.jindou.store.ConversationStore;
import io.jindou.store.ConversationStore.Row;
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

  /** Up to {@code limit} pending commands of {@code uid}, ascending by channel then seq. */
  public Future<List<Message>> sync(String uid, int limit) {
    return conversations.list(uid).compose(rows -> {
      List<Future<List<Message>>> reads = new ArrayList<>();
      List<Row> order = new ArrayList<>();
      for (ConversationStore.RowWithHead rh : rows) {
        Row r = rh.row();
        order.add(r);
        reads.add(messages.readForward(r.channel().commandLog(), r.cmdAckSeq() + 1, 0, limit));
      }
      return Future.all(reads).compose(done -> {
        List<Message> out = new ArrayList<>();
        Map<ChannelKey, Long> generation = new HashMap<>();
        for (int i = 0; i < reads.size() && out.size() < limit; i++) {
          for (Message m : reads.get(i).result()) {
            if (out.size() >= limit) {
              break;
            }
            out.add(m);
            generation.merge(order.get(i).channel(), m.messageSeq(), Math::max);
          }
        }
        out.sort(Comparator.comparing((Message m) -> m.channelId()).thenComparingLong(Message::messageSeq));
        return pending.put(uid, generation).map(out);
      });
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
