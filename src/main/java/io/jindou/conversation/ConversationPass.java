package io.jindou.conversation;

import io.jindou.model.ChannelKey;
import io.jindou.model.Message;
import io.jindou.store.ConversationStore;
import io.jindou.store.ConversationStore.Row;
import io.jindou.store.ConversationStore.RowWithHead;
import io.jindou.store.MessageStore;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One page of a pass over a user's conversation rows (spec http-api §3.3, V3 {@code /conversation/list}): the rows
 * in a fixed order — channel id, then type — so that a cursor naming the last row of a page continues exactly
 * where it stopped however the conversations change meanwhile (V3 orders by activation time, which Jindou does
 * not keep; clients order conversations by their last message anyway). Of the rows scanned, those with a visible
 * message come back with the channel head and the last visible message; a row with nothing visible (just joined,
 * or deleted with nothing newer) is scanned but not shown. Unread is {@link Row#unread}, the V3 formula. Read
 * only; what a channel's flags mean (disbanded) is the caller's to ask.
 */
public final class ConversationPass {
  /**
   * One shown conversation: its channel (storage key), the user's read cursor and delete floor, the unread count
   * ({@link Row#unread}) and the last visible message.
   */
  public record Entry(ChannelKey channel, long readSeq, long deleteFloor, long unread, Message last) {
  }

  /** The entries of a page, the key of the last row scanned, and whether the pass is complete. */
  public record Page(List<Entry> entries, ChannelKey last, boolean done) {
  }

  /** The pass order: channel id, then channel type. */
  public static final Comparator<ChannelKey> ORDER = Comparator.comparing(ChannelKey::id)
      .thenComparingInt(ChannelKey::type);

  private final ConversationStore conversations;
  private final MessageStore messages;

  public ConversationPass(ConversationStore conversations, MessageStore messages) {
    this.conversations = conversations;
    this.messages = messages;
  }

  /** Scans up to {@code limit} rows after {@code after} (null = from the start). */
  public Future<Page> page(String uid, ChannelKey after, int limit) {
    return conversations.list(uid).compose(all -> {
      List<RowWithHead> rows = new ArrayList<>(all);
      rows.sort((a, b) -> ORDER.compare(a.row().channel(), b.row().channel()));
      int from = 0;
      if (after != null) {
        while (from < rows.size() && ORDER.compare(rows.get(from).row().channel(), after) <= 0) {
          from++;
        }
      }
      int to = Math.min(rows.size(), from + limit);
      List<RowWithHead> scanned = rows.subList(from, to);
      ChannelKey last = scanned.isEmpty() ? after : scanned.get(scanned.size() - 1).row().channel();
      boolean done = to >= rows.size();
      List<RowWithHead> shown = new ArrayList<>();
      for (RowWithHead rh : scanned) {
        if (rh.head() > rh.row().visibilityFloor()) {
          shown.add(rh);
        }
      }
      boolean haveLasts = shown.stream().allMatch(rh -> rh.last() != null);
      Future<List<List<Message>>> lasts = haveLasts || shown.isEmpty() ? Future.succeededFuture(null)
          : messages.latest(shown.stream().map(rh -> rh.row().channel()).toList(),
              shown.stream().map(rh -> rh.row().visibilityFloor()).toList(), 1);
      Future<List<Long>> unreads = ConversationService.unreads(messages,
          shown.stream().map(RowWithHead::row).toList(), shown.stream().map(RowWithHead::head).toList());
      return Future.all(lasts, unreads).map(both -> {
        List<List<Message>> ls = lasts.result();
        List<Entry> entries = new ArrayList<>(shown.size());
        for (int i = 0; i < shown.size(); i++) {
          RowWithHead rh = shown.get(i);
          Message m = ls == null ? rh.last() : ls.get(i).isEmpty() ? null : ls.get(i).get(0);
          Row r = rh.row();
          entries.add(new Entry(r.channel(), r.readSeq(), r.deleteFloor(), unreads.result().get(i), m));
        }
        return new Page(entries, last, done);
      });
    });
  }
}
