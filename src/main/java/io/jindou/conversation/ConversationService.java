package io.jindou.conversation;

import io.jindou.model.ChannelKey;
import io.jindou.model.ChannelType;
import io.jindou.model.JindouException;
import io.jindou.model.Message;
import io.jindou.store.ConversationStore;
import io.jindou.store.ConversationStore.Row;
import io.jindou.store.ConversationStore.RowWithHead;
import io.jindou.store.MessageBinary;
import io.jindou.store.MessageStore;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * A user's conversations, derived at read time from membership rows and channel heads (read diffusion):
 * unread is arithmetic over sequences, {@code max(0, head − max(join floor, delete floor, read cursor, own
 * last sent seq))}, never a counter. Cursors only move forward, except {@link #setUnread}, which sets the
 * visible unread count to exactly what was asked. It never writes on the send path and never touches
 * connections.
 */
public final class ConversationService {
  /**
   * What {@code /conversation/sync} asks for (spec http-api §3.1), and how many stored bytes its recent messages
   * may take ({@code recentsMaxBytes}, see {@link MessageStore#latest(List, List, int, long)}).
   */
  public record SyncRequest(String uid, boolean onlyNew, Map<ChannelKey, Long> clientLastSeqs, int msgCount,
      Set<Integer> excludeTypes, int page, int pageSize, long recentsMaxBytes) {
  }

  /**
   * A sync's items; {@code cut}: the recents budget ran out, so the items after the last one were left out and the
   * last one may have fewer recent messages than asked (the newest).
   */
  public record Synced(List<Item> items, boolean cut) {
  }

  /** One conversation in a sync answer: the row, the channel head, unread, the last and recent messages. */
  public record Item(Row row, long head, long unread, Message last, List<Message> recents) {
    /** The conversation's channel (storage key). */
    public ChannelKey channel() {
      return row.channel();
    }
  }

  public static final String SYSTEM_UID = io.jindou.model.SystemIds.SYSTEM_UID;
  private final ConversationStore conversations;
  private final MessageStore messages;

  public ConversationService(ConversationStore conversations, MessageStore messages) {
    this.conversations = conversations;
    this.messages = messages;
  }

  public Future<Synced> sync(SyncRequest req) {
    return conversations.list(req.uid()).compose(rows -> {
      List<RowWithHead> candidates = new ArrayList<>();
      for (RowWithHead rh : rows) {
        Row r = rh.row();
        ChannelKey ch = r.channel();
        Long clientLast = req.clientLastSeqs().get(ch);
        if (rh.head() <= r.visibilityFloor()) {
          continue; // nothing visible: just joined, or deleted and nothing newer since
        }
        if (req.excludeTypes().contains(ch.type()) && clientLast == null) {
          continue;
        }
        if (ch.type() == ChannelType.PERSON && isWithSystem(ch)) {
          continue;
        }
        if (clientLast != null && clientLast >= rh.head()) {
          continue; // the client is already up to date
        }
        if (req.onlyNew() && rh.head() <= Math.max(r.visibilityFloor(), Math.max(r.readSeq(), r.ownLastSeq()))) {
          continue;
        }
        candidates.add(rh);
      }
      boolean haveLasts = true;
      for (RowWithHead rh : candidates) {
        haveLasts &= rh.last() != null;
      }
      Future<List<List<Message>>> lastsF = haveLasts ? Future.succeededFuture(null)
          : messages.latest(candidates.stream().map(rh -> rh.row().channel()).toList(),
              candidates.stream().map(rh -> rh.row().visibilityFloor()).toList(), 1);
      Future<List<Long>> unreadsF = unreads(messages, candidates.stream().map(RowWithHead::row).toList(),
          candidates.stream().map(RowWithHead::head).toList());
      return Future.all(lastsF, unreadsF).compose(both -> {
        List<List<Message>> lasts = lastsF.result();
        List<Item> items = new ArrayList<>(candidates.size());
        for (int i = 0; i < candidates.size(); i++) {
          RowWithHead rh = candidates.get(i);
          Message last = lasts == null ? rh.last() : lasts.get(i).isEmpty() ? null : lasts.get(i).get(0);
          items.add(new Item(rh.row(), rh.head(), unreadsF.result().get(i), last, List.of()));
        }
        List<Item> page = page(items, req.page(), req.pageSize());
        if (req.msgCount() <= 0 || page.isEmpty()) {
          return Future.succeededFuture(new Synced(page, false));
        }
        List<ChannelKey> pageKeys = page.stream().map(it -> it.row().channel()).toList();
        List<Long> starts = page.stream().map(it -> recentsFloor(it.row(), req)).toList();
        return messages.latest(pageKeys, starts, req.msgCount(), req.recentsMaxBytes()).map(recents -> {
          List<Item> out = new ArrayList<>(recents.size());
          long bytes = 0;
          for (int i = 0; i < recents.size(); i++) {
            List<Message> desc = new ArrayList<>(recents.get(i));
            java.util.Collections.reverse(desc);
            for (Message m : desc) {
              bytes += MessageBinary.size(m);
            }
            Item it = page.get(i);
            out.add(new Item(it.row(), it.head(), it.unread(), it.last(), desc));
          }
          return new Synced(out, recents.size() < page.size() || bytes >= req.recentsMaxBytes());
        });
      });
    });
  }

  /**
   * The unread counts of {@code rows} at {@code heads} (same order), never counting what a clear or retention deleted:
   * the cleared marks are read (in one round trip) only for the rows that would count something.
   */
  static Future<List<Long>> unreads(MessageStore messages, List<Row> rows, List<Long> heads) {
    List<Integer> counting = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      if (rows.get(i).unread(heads.get(i)) > 0) {
        counting.add(i);
      }
    }
    Future<List<Long>> marks = counting.isEmpty() ? Future.succeededFuture(List.of())
        : messages.clearedUpTo(counting.stream().map(i -> rows.get(i).channel()).toList());
    return marks.map(cleared -> {
      long[] clearedTo = new long[rows.size()];
      for (int j = 0; j < counting.size(); j++) {
        clearedTo[counting.get(j)] = cleared.get(j);
      }
      List<Long> out = new ArrayList<>(rows.size());
      for (int i = 0; i < rows.size(); i++) {
        out.add(rows.get(i).unread(heads.get(i), clearedTo[i]));
      }
      return out;
    });
  }

  /** Newest last message first (time, then id), then channel id and type: a stable order for paging. */
  private static final Comparator<Item> NEWEST_FIRST = (a, b) -> {
    long ta = a.last() == null ? 0 : a.last().timestamp();
    long tb = b.last() == null ? 0 : b.last().timestamp();
    if (ta != tb) {
      return ta > tb ? -1 : 1;
    }
    long ia = a.last() == null ? 0 : a.last().messageId();
    long ib = b.last() == null ? 0 : b.last().messageId();
    if (ia != ib) {
      return ia > ib ? -1 : 1;
    }
    int c = a.row().channel().id().compareTo(b.row().channel().id());
    return c != 0 ? c : Integer.compare(a.row().channel().type(), b.row().channel().type());
  };

  private static long recentsFloor(Row r, SyncRequest req) {
    Long clientLast = req.clientLastSeqs().get(r.channel());
    long start = clientLast != null ? clientLast : req.onlyNew() ? Math.max(r.readSeq(), r.ownLastSeq()) : 0;
    return Math.max(start, r.visibilityFloor());
  }

  /** The requested page in {@link #NEWEST_FIRST} order; page 0 is every item. */
  static List<Item> page(List<Item> items, int page, int pageSize) {
    if (page <= 0) {
      items.sort(NEWEST_FIRST);
      return items;
    }
    long end = (long) page * pageSize;
    List<Item> top = newest(items, (int) Math.min(items.size(), end));
    return top.subList((int) Math.min(top.size(), end - pageSize), top.size());
  }

  /**
   * The {@code k} newest items in order. A first page of a long list only needs its own items ordered: a
   * bounded heap holding the oldest kept item on top looks at most items once, instead of sorting them all.
   */
  private static List<Item> newest(List<Item> items, int k) {
    if (k * 4L >= items.size()) {
      items.sort(NEWEST_FIRST);
      return items.subList(0, k);
    }
    PriorityQueue<Item> kept = new PriorityQueue<>(k + 1, NEWEST_FIRST.reversed());
    for (Item it : items) {
      if (kept.size() < k) {
        kept.add(it);
      } else if (NEWEST_FIRST.compare(it, kept.peek()) < 0) {
        kept.poll();
        kept.add(it);
      }
    }
    List<Item> out = new ArrayList<>(kept);
    out.sort(NEWEST_FIRST);
    return out;
  }

  private static boolean isWithSystem(ChannelKey ch) {
    String id = ch.id();
    return id.startsWith(SYSTEM_UID + "@") || id.endsWith("@" + SYSTEM_UID);
  }

  /** The channels {@code uid} has a conversation row with (storage ids), in the store's order. */
  public Future<List<ChannelKey>> channels(String uid) {
    return conversations.list(uid).map(rows -> rows.stream().map(rh -> rh.row().channel()).toList());
  }

  /** Read everything: the badge is 0 until a newer message arrives. */
  public Future<Void> clearUnread(String uid, ChannelKey ch) {
    return conversations.mutate(uid, ch, (r, head) -> r == null || r.readSeq() >= head ? null
        : new Row(uid, ch, r.joinFloor(), r.deleteFloor(), head, r.ownLastSeq(), r.cmdAckSeq())).mapEmpty();
  }

  /**
   * Sets the visible unread count to exactly {@code n}, capped at the visible messages ("mark as unread"):
   * the read cursor moves to head − n (backwards too), and the user's own sends older than that stop
   * masking the count.
   */
  public Future<Void> setUnread(String uid, ChannelKey ch, long n) {
    return conversations.mutate(uid, ch, (r, head) -> {
      if (r == null) {
        return null;
      }
      long visible = Math.max(0, head - r.visibilityFloor());
      long read = head - Math.min(n, visible);
      return new Row(uid, ch, r.joinFloor(), r.deleteFloor(), read, Math.min(r.ownLastSeq(), read), r.cmdAckSeq());
    }).mapEmpty();
  }

  /** Hides the conversation and its messages up to now; a newer message brings it back. */
  public Future<Void> delete(String uid, ChannelKey ch) {
    return conversations.mutate(uid, ch, (r, head) -> r == null || r.deleteFloor() >= head ? null
        : new Row(uid, ch, r.joinFloor(), head, r.readSeq(), r.ownLastSeq(), r.cmdAckSeq())).mapEmpty();
  }

  /**
   * The floor below which {@code uid} may not read {@code ch} (messagesync): the join and delete floors of
   * its row. A person channel without a row has no messages yet (floor 0); another channel without a row
   * means the user is not a member.
   */
  public Future<Long> visibilityFloor(String uid, ChannelKey ch) {
    return conversations.get(uid, ch).map(rh -> {
      if (rh == null) {
        if (ch.type() == ChannelType.PERSON || !ChannelType.keepsConversations(ch.type())) {
          return 0L; // no person row yet means no messages yet; data/temp/live channels keep no rows
        }
        throw JindouException.invalid("uid " + uid + " is not a member of channel " + ch.id() + " (type " + ch.type()
            + ")");
      }
      return rh.row().visibilityFloor();
    });
  }
}
