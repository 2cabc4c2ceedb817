package io.jindou.conversation;

import io.jindou.conversation.ConversationService.Item;
import io.jindou.model.ChannelKey;
import io.jindou.model.ChannelType;
import io.jindou.model.Message;
import io.jindou.store.ConversationStore;
import io.jindou.store.ConversationStore.Row;
import io.jindou.store.ConversationStore.RowWithHead;
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

  /** The messages of one channel and the user's own last sent seq there (0 = none or no row). */
  public record Recent(ChannelKey channel, List<Message> messages, long userLastMsgSeq) {
  }

  private final ConversationStore conversations;
  private final MessageStore messages;

  public RecentMessages(ConversationStore conversations, MessageStore messages) {
    this.conversations = conversations;
    this.messages = messages;
  }

  /**
   * One item per channel, in the order given, shaped as {@code /conversation/sync}'s, with its {@code msgCount}
   * newest visible messages (newest first); a channel the user may not read comes back empty.
   */
  public Future<List<Item>> byChannels(String uid, List<ChannelKey> channels, int msgCount) {
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
          ? Future.succeededFuture(null) : messages.latest(readKeys, floors, msgCount);
      return Future.all(Future.all(heads), recents).map(done -> {
        List<Item> out = new ArrayList<>(channels.size());
        for (int i = 0; i < channels.size(); i++) {
          out.add(new Item(new Row(uid, channels.get(i), 0, 0, 0, 0, 0), 0, 0, null, List.of()));
        }
        for (int j = 0; j < readable.size(); j++) {
          int i = readable.get(j);
          RowWithHead rh = rows.get(i);
          Row row = rh != null ? rh.row() : out.get(i).row();
          long head = heads.get(j).result();
          List<Message> desc = recents.result() == null ? new ArrayList<>() : new ArrayList<>(recents.result().get(j));
          Collections.reverse(desc);
          out.set(i, new Item(row, head, row.unread(head), desc.isEmpty() ? null : desc.get(0), desc));
        }
        return out;
      });
    });
  }

  /**
   * For each query, up to {@code count} visible messages with seq ≥ its {@code lastMsgSeq}: the newest of them,
   * newest first, when {@code newestFirst}; else the oldest of them, ascending.
   */
  public Future<List<Recent>> recent(String uid, List<Query> queries, int count, boolean newestFirst) {
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
        reads.add(newestFirst ? messages.readBackward(q.channel(), 0, from - 1, count).map(ms -> {
          List<Message> desc = new ArrayList<>(ms);
          Collections.reverse(desc);
          return desc;
        }) : messages.readForward(q.channel(), from, 0, count));
      }
      return Future.all(reads).map(done -> {
        List<Recent> out = new ArrayList<>(queries.size());
        for (int i = 0; i < queries.size(); i++) {
          RowWithHead rh = rows.get(i);
          out.add(new Recent(queries.get(i).channel(), reads.get(i).result(), rh == null ? 0 : rh.row().ownLastSeq()));
        }
        return out;
      });
    });
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
