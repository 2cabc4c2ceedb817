package io.jindou.store;

import io.jindou.model.ChannelKey;
import io.jindou.store.ConversationStore.Row;
import java.util.function.LongSupplier;

/**
 * A conversation row that a write plan creates. Each cursor is zero or a sequence that only the store knows
 * when it applies the plan — the channel's head or its command log's head, read in the same atomic step (in a
 * {@link MessagePlan}, after the message is stored, so the head is the message's own seq). The domain picks
 * the template; a store only fills it in with {@link #resolve} (or its script's equivalent) and must never
 * choose one itself.
 */
public record NewRow(Cursor joinFloor, Cursor deleteFloor, Cursor readSeq, Cursor ownLastSeq, Cursor cmdAckSeq) {

  /** Where a cursor's value comes from. */
  public enum Cursor { ZERO, HEAD, COMMAND_HEAD }

  /** Every cursor zero: everything in the channel is visible and unread. */
  public static final NewRow EMPTY = new NewRow(Cursor.ZERO, Cursor.ZERO, Cursor.ZERO, Cursor.ZERO, Cursor.ZERO);

  public NewRow {
    if (joinFloor == null || deleteFloor == null || readSeq == null || ownLastSeq == null || cmdAckSeq == null) {
      throw new IllegalArgumentException("every cursor of a new row needs a source");
    }
  }

  /** The row with its cursors filled in; each head is read at most once, and only when a cursor names it. */
  public Row resolve(String uid, ChannelKey channel, LongSupplier head, LongSupplier commandHead) {
    long[] known = {-1, -1};
    LongSupplier h = () -> known[0] >= 0 ? known[0] : (known[0] = head.getAsLong());
    LongSupplier c = () -> known[1] >= 0 ? known[1] : (known[1] = commandHead.getAsLong());
    return new Row(uid, channel, value(joinFloor, h, c), value(deleteFloor, h, c), value(readSeq, h, c),
        value(ownLastSeq, h, c), value(cmdAckSeq, h, c));
  }

  private static long value(Cursor cursor, LongSupplier head, LongSupplier commandHead) {
    return switch (cursor) {
      case ZERO -> 0;
      case HEAD -> head.getAsLong();
      case COMMAND_HEAD -> commandHead.getAsLong();
    };
  }
}
