package io.jindou.store;

import io.jindou.model.ChannelKey;
import io.vertx.core.Future;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Port for per-user conversation rows: one row per (uid, channel) the user belongs to, holding only
 * cursors (join floor, delete floor, read cursor, the user's own last sent seq, the command-log ack). Unread
 * counts are never stored: they are computed from these cursors and the channel head.
 *
 * <p>Who writes rows: the write plans the channel domain computes — a {@link MembershipPlan} applied by
 * {@link ChannelStore#update} (rows of joining and leaving members) and the effects of a {@link MessagePlan}
 * applied by {@link MessageStore#append} in the same atomic batch as the message (today the sender's own last
 * seq and both people's rows at a person channel's first message, so no per-recipient row is ever written on
 * the send path) — and {@link #mutate}, an atomic read-modify-write against the current head. Futures
 * complete on the caller's context.
 */
public interface ConversationStore {

  /** One conversation row. Sequences refer to the channel's ordinary log, except {@code cmdAckSeq}. */
  record Row(String uid, ChannelKey channel, long joinFloor, long deleteFloor, long readSeq, long ownLastSeq,
      long cmdAckSeq) {

    /** Messages at or below this seq are not visible to the user. */
    public long visibilityFloor() {
      return Math.max(joinFloor, deleteFloor);
    }

    /** unread = max(0, head − max(join floor, delete floor, read cursor, own last sent seq)). */
    public long unread(long head) {
      return unread(head, 0);
    }

    /**
     * {@link #unread(long)} of a channel whose messages up to {@code clearedTo} were deleted for everyone
     * ({@code /channel/clear}, retention): those are never counted.
     */
    public long unread(long head, long clearedTo) {
      return Math.max(0, head - Math.max(Math.max(Math.max(joinFloor, deleteFloor), Math.max(readSeq, ownLastSeq)),
          clearedTo));
    }
  }

  /**
   * A row with the head (last seq) of its channel, read together, and the channel's last message when the
   * backend has it at hand (null otherwise: read it with {@link MessageStore#latest}).
   */
  record RowWithHead(Row row, long head, io.jindou.model.Message last) {
    public RowWithHead(Row row, long head) {
      this(row, head, null);
    }
  }

  /** Every row of the user with the current heads of their channels. */
  Future<List<RowWithHead>> list(String uid);

  /** The row, or null when the user has no conversation with this channel. */
  Future<RowWithHead> get(String uid, ChannelKey channel);

  /**
   * Atomically applies {@code change(currentRowOrNull, head)} and stores its result (null = leave as is).
   * Returns the stored row, or null when there was none and none was created.
   */
  Future<Row> mutate(String uid, ChannelKey channel, BiFunction<Row, Long, Row> change);
}
