package io.jindou.store;

import io.jindou.model.ChannelKey;
import java.util.List;

/**
 * One user's read receipt in a channel, decided by the channel's owner ({@code channel.WritePlans}) and applied by
 * {@link MessageStore#applyReceipt} in one atomic step: the user's receipt cursor (the highest seq it has read) moves
 * from {@code expectedCursor} to {@code cursor}, and each of {@code changes} (the receipt-enabled messages in
 * between, their counts one higher; consecutive extra versions from the channel's head + 1) is written as a
 * {@link MutationPlan} would be. Nothing is written unless the cursor and every change are still as the owner read
 * them. A cursor per user per channel, never a row per user per message.
 */
public record ReceiptPlan(ChannelKey channel, String uid, long expectedCursor, long cursor,
    List<MutationPlan> changes) {

  public ReceiptPlan {
    changes = List.copyOf(changes);
    if (cursor <= expectedCursor) {
      throw new IllegalArgumentException("a receipt moves the cursor forward");
    }
    for (int i = 1; i < changes.size(); i++) {
      if (changes.get(i).version() != changes.get(i - 1).version() + 1) {
        throw new IllegalArgumentException("the changes of a receipt take consecutive extra versions");
      }
    }
  }
}
