package io.jindou.conversation;

import io.jindou.conversation.ConversationService.Item;
import io.jindou.model.ChannelKey;
import io.jindou.model.ChannelType;
import io.jindou.model.Message;
import io.jindou.store.ConversationStore;
import io.jindou.store.ConversationStore.Row;
import io.jindou.store.ConversationStore.RowWithHead;
import io.jindou.store.MessageBinary;
import io.jindou.store.MessageStore;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A user's view of channels the caller names rather than of all the user's conversations (spec http-api §1.8,
 * the V2 endpoints {@code /conversation/syncByChannels} and {@code /conversation/syncMessages}): the conversation
 * items of those channels, and their recent messages from a sequence on. Only what the user may see: nothing at
 * or below the visibility floor of the user's row; a channel of a kind that keeps rows (groups and the like) on
 * which the user has none shows nothing, as {@code /channel/messagesync} refuses it; a person channel without a
 * row has no messages yet, and data, temp and live channels keep no rows, so they show everything. Read only.
 */
public final class RecentMessages {
  /** One channel asked for by {@code /conversation/syncMessages}: from {@code lastMsgSeq} on (0 = the newest). */
  public record Query(ChannelKey channel, long lastMsgSeq) {
  }

  /**
   * The messages of one channel and the user's own last sent seq there (0 = none or no row); {@code cut} when the
   * read stopped at its share of the byte budget (there may be more from where these end).
   */
  public record Recent(ChannelKey channel, List<Message> messages, long userLastMsgSeq, boolean cut) {
  }

  /** The items of {@link #byChannels}: those of the channels answered, in order; {@code cut} when not all were. */
  public record Items(List<Item> items, boolean cut) {
  }

  private final ConversationStore conversations;
  private final MessageStore messages;

  public RecentMessages(ConversationStore conversations, MessageStore messages) {
    this.conversations = conversations;
    this.messages = messages;
  }

  /**
   * One item per channel, in the order given, shaped as {@code /conversation/sync}'s, with its {@code msgCount}
   * newest visible messages (newest first); a channel the user may not read comes back empty. The messages' stored
   * sizes ({@link MessageBinary#size}) are spent within {@code maxBytes} in channel order: the channel whose
   * messages reach it is the last item (with its newest messages), and the answer is {@code cut}.
   */
  public Future<Items> byChannels(String uid, List<ChannelKey> channels, int msgCount, long maxBytes) {
    return rows(uid, channels).compose(rows -> {
      List<Integer> readable = new ArrayList<>();
      List<ChannelKey> readKeys = new ArrayList<>();
      List<Long> floors = new ArrayList<>();
      List<Future<Long>> heads = new ArrayList<>();
      for (int i = 0; i < rows.size(); i++) {
        RowWithHead rh = rows.get(i);
        ChannelKey ch = channels.get(i);
        if (rh == null && !readableWithoutRow(ch)) {
          continue; // not a member: nothing to show
        }
        readable.add(i);
        readKeys.add(ch);
        floors.add(rh != null ? rh.row().visibilityFloor() : 0L);
        heads.add(rh != null ? Future.succeededFuture(rh.head()) : messages.lastSeq(ch));
      }
      Future<List<List<Message>>> recents = readKeys.isEmpty() || msgCount <= 0
          ? Future.succeededFuture(null) : messages.latest(readKeys, floors, msgCount, maxBytes);
      return Future.all(Future.all(heads), recents).compose(done -> {
        int answered = recents.result() == null ? readable.size() : recents.result().size();
        List<Row> readRows = new ArrayList<>(answered);
        List<Long> readHeads = new ArrayList<>(answered);
        for (int j = 0; j < answered; j++) {
          RowWithHead rh = rows.get(readable.get(j));
          readRows.add(rh != null ? rh.row() : new Row(uid, readKeys.get(j), 0, 0, 0, 0, 0));
          readHeads.add(heads.get(j).result());
        }
        return ConversationService.unreads(messages, readRows, readHeads).map(unreads -> {
          List<Item> out = new ArrayList<>(channels.size());
          for (int i = 0; i < channels.size(); i++) {
            out.add(new Item(new Row(uid, channels.get(i), 0, 0, 0, 0, 0), 0, 0, null, List.of()));
          }
          for (int j = 0; j < answered; j++) {
            List<Message> desc = recents.result() == null ? new ArrayList<>()
                : new ArrayList<>(recents.result().get(j));
            Collections.reverse(desc);
            out.set(readable.get(j), new Item(readRows.get(j), readHeads.get(j), unreads.get(j),
                desc.isEmpty() ? null : desc.get(0), desc));
          }
          if (answered < readable.size()) { // the budget ran out: end with the last channel answered
            return new Items(out.subList(0, answered == 0 ? 0 : readable.get(answered - 1) + 1), true);
          }
          return new Items(out, false);
        });
      });
    });
  }

  /**
   * For each query, up to {@code count} visible messages with seq ≥ its {@code lastMsgSeq}: the newest of them,
   * newest first, when {@code newestFirst}; else the oldest of them, ascending. Within {@code maxBytes} of stored
   * sizes ({@link MessageBinary#size}): each channel's read stays within an equal share of it (at least one
   * message, so what is loaded stays near the budget), and the answer then spends the budget in channel order, the
   * message that reaches it being the last one kept; a channel that lost messages to either says {@code cut}.
   */
  public Future<List<Recent>> recent(String uid, List<Query> queries, int count, boolean newestFirst,
      long maxBytes) {
    long share = maxBytes == Long.MAX_VALUE ? maxBytes : Math.max(1, maxBytes / Math.max(1, queries.size()));
    List<ChannelKey> channels = queries.stream().map(Query::channel).toList();
    return rows(uid, channels).compose(rows -> {
      List<Future<List<Message>>> reads = new ArrayList<>(queries.size());
      for (int i = 0; i < queries.size(); i++) {
        Query q = queries.get(i);
        RowWithHead rh = rows.get(i);
        if (rh == null && !readableWithoutRow(q.channel())) {
          reads.add(Future.succeededFuture(List.of()));
          continue;
        }
        long floor = rh == null ? 0 : rh.row().visibilityFloor();
        long from = Math.max(q.lastMsgSeq(), floor + 1);
        reads.add(newestFirst ? messages.readBackward(q.channel(), 0, from - 1, count, share).map(ms -> {
          List<Message> desc = new ArrayList<>(ms);
          Collections.reverse(desc);
          return desc;
        }) : messages.readForward(q.channel(), from, 0, count, share));
      }
      return Future.all(reads).map(done -> {
        List<Recent> out = new ArrayList<>(queries.size());
        long spent = 0;
        for (int i = 0; i < queries.size(); i++) {
          RowWithHead rh = rows.get(i);
          List<Message> ms = reads.get(i).result();
          boolean cut = share != Long.MAX_VALUE && sizes(ms) >= share;
          int keep = 0;
          while (keep < ms.size() && (spent < maxBytes || maxBytes == Long.MAX_VALUE)) {
            spent += MessageBinary.size(ms.get(keep++));
          }
          out.add(new Recent(queries.get(i).channel(), keep == ms.size() ? ms : ms.subList(0, keep),
              rh == null ? 0 : rh.row().ownLastSeq(), cut || keep < ms.size()));
        }
        return out;
      });
    });
  }

  private static long sizes(List<Message> ms) {
    long n = 0;
    for (Message m : ms) {
      n += MessageBinary.size(m);
    }
    return n;
  }

  /** The user's rows of these channels, in order (null where there is none). */
  private Future<List<RowWithHead>> rows(String uid, List<ChannelKey> channels) {
    List<Future<RowWithHead>> gets = new ArrayList<>(channels.size());
    for (ChannelKey ch : channels) {
      gets.add(conversations.get(uid, ch));
    }
    return Future.all(gets).map(done -> {
      List<RowWithHead> out = new ArrayList<>(gets.size());
      gets.forEach(g -> out.add(g.result()));
      return out;
    });
  }

  /** A person channel without a row has no messages yet; data, temp and live channels keep no rows at all. */
  static boolean readableWithoutRow(ChannelKey ch) {
    return ch.type() == ChannelType.PERSON || !ChannelType.keepsConversations(ch.type());
  }
}
