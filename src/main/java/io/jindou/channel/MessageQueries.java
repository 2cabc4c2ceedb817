package io.jindou.channel;

import io.jindou.model.ChannelKey;
import io.jindou.model.Message;
import io.jindou.store.MessageBinary;
import io.jindou.store.MessageStore;
import io.vertx.core.Future;
import java.util.List;

/**
 * Read side of the message logs: the range rules of {@code /channel/messagesync} (spec http-api §3.2) and
 * the lookups. Reads go straight to the store (no owner hop: reads need no ordering). It never writes and
 * never resolves person ids (callers pass the storage key).
 */
public final class MessageQueries {
  /** One page of a sync: messages ascending and whether more exist within the bounds. */
  public record Page(List<Message> messages, boolean more) {
  }

  public static final int MAX_LIMIT = 10_000;
  private final MessageStore store;

  public MessageQueries(MessageStore store) {
    this.store = store;
  }

  /**
   * pullMode 0 ("down", older): the {@code limit} highest seqs in (end, start], start 0 = newest.
   * pullMode 1 ("up", newer): the first {@code limit} seqs in [start, end), end 0 = unbounded.
   * {@code floor} hides everything at or below it (visibility); 0 = none. The page holds about {@code maxBytes}
   * of stored messages at most ({@link MessageStore#readForward(ChannelKey, long, long, int, long)}: at least one
   * message, stopping at the one that reaches the budget); a page cut by the budget has {@code more}, so the
   * reader pages on from the sequences it got.
   */
  public Future<Page> sync(ChannelKey ch, long start, long end, int limit, int pullMode, long floor, long maxBytes) {
    int n = Math.min(limit, MAX_LIMIT);
    if (pullMode == 1) {
      long from = Math.max(Math.max(start, floor + 1), 1);
      return store.readForward(ch, from, end, n + 1, maxBytes).map(ms -> page(ms, n, false, maxBytes));
    }
    if (start != 0 && end > start) {
      return Future.succeededFuture(new Page(List.of(), false));
    }
    long lower = Math.max(end, floor);
    return store.readBackward(ch, start, lower, n + 1, maxBytes).map(ms -> page(ms, n, true, maxBytes));
  }

  private static Page page(List<Message> ms, int n, boolean dropOldest, long maxBytes) {
    if (ms.size() > n) {
      return new Page(dropOldest ? ms.subList(ms.size() - n, ms.size()) : ms.subList(0, n), true);
    }
    long bytes = 0;
    for (Message m : ms) {
      bytes += MessageBinary.size(m);
    }
    return new Page(ms, bytes >= maxBytes);
  }

  /**
   * The messages changed after extra version {@code afterVersion}, ascending by their latest change, at most
   * {@code limit} (capped at {@link #MAX_LIMIT}) within about {@code maxBytes}; {@code more} when the page is full
   * or cut by the budget (the reader asks again from the highest extra_version it got).
   */
  public Future<Page> changedSince(ChannelKey ch, long afterVersion, int limit, long maxBytes) {
    int n = Math.min(limit, MAX_LIMIT);
    return store.changedSince(ch, afterVersion, n + 1, maxBytes).map(ms -> page(ms, n, false, maxBytes));
  }

  /** The channel's last message, or null when it has none. */
  public Future<Message> last(ChannelKey ch) {
    return store.readBackward(ch, 0, 0, 1).map(ms -> ms.isEmpty() ? null : ms.get(ms.size() - 1));
  }

  public Future<Long> lastSeq(ChannelKey ch) {
    return store.lastSeq(ch);
  }

  public Future<List<Message>> bySeqs(ChannelKey ch, List<Long> seqs) {
    return store.getBySeqs(ch, seqs);
  }

  public Future<List<Message>> byIds(ChannelKey ch, List<Long> ids) {
    return store.getByIds(ch, ids);
  }

  public Future<List<Message>> byClientMsgNo(ChannelKey ch, String clientMsgNo) {
    return store.getByClientMsgNo(ch, clientMsgNo);
  }
}
