package io.jindou.store;

import io.jindou.model.ChannelKey;
import io.jindou.model.Message;
import io.vertx.core.Future;
import java.util.List;

/**
 * Port for the per-channel message logs.
 *
 * <p>Ordering and atomicity: {@link #append} assigns {@code message_seq} = last + 1 in the order calls are
 * made (callers serialise per channel: the channel owner), applies idempotency on
 * {@code (from_uid, client_msg_no)} atomically with the sequence allocation, writes each stored message's
 * {@link MessagePlan.Effect}s in the same atomic batch, and completes only once the batch is durable (survives
 * {@code kill -9}). A failed future means nothing of that call is visible. Futures complete on the caller's
 * Vert.x context. Implementations never block an event loop, and they apply plans as written: which rows a
 * message touches is the plan's decision, never the store's.
 */
public interface MessageStore {

  /** The outcome of one appended message. */
  record Appended(Outcome outcome, Message message) {
  }

  /** STORED: new sequence; DUPLICATE: same key and payload, original message; CONFLICT: same key, other payload. */
  enum Outcome { STORED, DUPLICATE, CONFLICT }

  /**
   * Appends the plans' drafts (ids set, sequence 0) to their channel logs in list order, each with its effects
   * when it is stored. Results are in the same order. Messages with an empty client_msg_no are never
   * de-duplicated. A plan with {@code lookUpKey} false may skip looking its key up (a store may still look).
   */
  Future<List<Appended>> append(List<MessagePlan> plans);

  /** The highest stored sequence of the channel, 0 when never written. */
  Future<Long> lastSeq(ChannelKey channel);

  /** Messages with {@code startInclusive <= seq < endExclusive} (end 0 = unbounded), ascending, at most limit. */
  default Future<List<Message>> readForward(ChannelKey channel, long startInclusive, long endExclusive, int limit) {
    return readForward(channel, startInclusive, endExclusive, limit, Long.MAX_VALUE);
  }

  /**
   * {@link #readForward(ChannelKey, long, long, int)} within a byte budget, so one read never holds more than about
   * {@code maxBytes} in memory: messages are taken in reading order while the sizes taken so far
   * ({@link MessageBinary#size}) sum to less than {@code maxBytes}. The first message is always taken, and the one
   * that reaches the budget is the last: a result whose sizes sum to {@code maxBytes} or more was cut by it.
   */
  Future<List<Message>> readForward(ChannelKey channel, long startInclusive, long endExclusive, int limit,
      long maxBytes);

  /**
   * The {@code limit} highest messages with {@code endExclusive < seq <= startInclusive} (start 0 = newest),
   * returned ascending.
   */
  default Future<List<Message>> readBackward(ChannelKey channel, long startInclusive, long endExclusive, int limit) {
    return readBackward(channel, startInclusive, endExclusive, limit, Long.MAX_VALUE);
  }

  /**
   * {@link #readBackward(ChannelKey, long, long, int)} within a byte budget, taken from the highest down, as
   * {@link #readForward(ChannelKey, long, long, int, long)} describes: the oldest message returned is the one that
   * reached the budget when it was cut.
   */
  Future<List<Message>> readBackward(ChannelKey channel, long startInclusive, long endExclusive, int limit,
      long maxBytes);

  /**
   * For each channel, its {@code count} newest messages above the floor at the same index (seq > floor),
   * ascending; one backend round trip for all of them.
   */
  default Future<List<List<Message>>> latest(List<ChannelKey> channels, List<Long> floors, int count) {
    return latest(channels, floors, count, Long.MAX_VALUE);
  }

  /**
   * {@link #latest(List, List, int)} within one byte budget for all the channels, spent in channel order and each
   * channel's messages newest first, as {@link #readForward(ChannelKey, long, long, int, long)} describes: the
   * channel whose messages reach the budget is the last one answered (it may have fewer than {@code count}, the
   * newest), so the result is shorter than {@code channels} when the budget ran out before them.
   */
  Future<List<List<Message>>> latest(List<ChannelKey> channels, List<Long> floors, int count, long maxBytes);

  /** Messages by sequence; missing ones are left out; in the order asked. */
  Future<List<Message>> getBySeqs(ChannelKey channel, List<Long> seqs);

  /** Messages by message_id; missing ones are left out; in the order asked. */
  Future<List<Message>> getByIds(ChannelKey channel, List<Long> messageIds);

  /** Messages with this client_msg_no (from any sender), ascending by sequence. */
  Future<List<Message>> getByClientMsgNo(ChannelKey channel, String clientMsgNo);

  /**
   * Applies one message change as {@link MutationPlan} describes, atomically and durably (the channel's extra
   * head, the message's bytes and its entry in the change index together), in the channel's write order.
   */
  Future<MutationPlan.Outcome> mutate(MutationPlan plan);

  /** The channel's highest extra_version (0 when no message of it was ever changed). */
  Future<Long> extraHead(ChannelKey channel);

  /**
   * The messages of the channel whose latest change has an extra_version above {@code afterVersion}, ascending by
   * that version, at most {@code limit}, read within about {@code maxBytes} as
   * {@link #readForward(ChannelKey, long, long, int, long)} does.
   */
  Future<List<Message>> changedSince(ChannelKey channel, long afterVersion, int limit, long maxBytes);

  /**
   * Applies one read receipt as {@link ReceiptPlan} describes: the user's cursor and every change together, or
   * nothing (STALE when the cursor, the head or a message moved; MISSING when a message is gone).
   */
  Future<MutationPlan.Outcome> applyReceipt(ReceiptPlan plan);

  /** The highest seq {@code uid} has reported read in the channel (0 = none). */
  Future<Long> receiptCursor(ChannelKey channel, String uid);

  /** Forgets {@code uid}'s receipt cursor in the channel (an erased user's; the counts it added stay). */
  Future<Void> forgetReceiptCursor(ChannelKey channel, String uid);

  /**
   * Deletes the channel's messages with {@code seq <= upToSeq} for everyone (their bytes; the sequence head stays,
   * so later messages keep their seqs and readers see a gap), in the channel's write order. Completes once durable.
   * A store may delete a long range in several steps, each atomic; a failure leaves a prefix deleted, and calling
   * again finishes it.
   */
  Future<Void> clear(ChannelKey channel, long upToSeq);

  /** The seq up to which the channel was cleared ({@link #clear}; 0 = never). */
  Future<Long> clearedUpTo(ChannelKey channel);

  /**
   * {@link #clearedUpTo(ChannelKey)} of several channels, in the order asked (a backend that can reads them in one
   * round trip; this default asks for each, all at once).
   */
  default Future<List<Long>> clearedUpTo(List<ChannelKey> channels) {
    List<Future<Long>> each = channels.stream().map(this::clearedUpTo).toList();
    return Future.all(each).map(all -> each.stream().map(Future::result).toList());
  }

  /** One slice of a pass over the channels that have a message log; {@code next} goes on ("" = the pass is over). */
  record ChannelSlice(List<ChannelKey> channels, String next) {
    public ChannelSlice {
      channels = List.copyOf(channels);
    }
  }

  /**
   * About {@code limit} of the channels that have a message log (command logs left out), after {@code cursor} ("" =
   * from the start), so a background task can visit every stored channel, in memory or not, in bounded slices. A
   * channel first written during a pass may be missed until the next one (on Redis Cluster, so may a channel whose
   * hash slot moves to another master during the pass).
   */
  Future<ChannelSlice> channelsWithMessages(String cursor, int limit);

  /** Stores the channel's own retention settings (durable when the future completes). */
  Future<Void> setRetention(ChannelKey channel, Retention retention);

  /** The channel's own retention settings ({@link Retention#DEFAULT} when none were set). */
  Future<Retention> retention(ChannelKey channel);
}
