package io.jindou.store;

import io.jindou.model.ChannelInfo;
import io.jindou.model.ChannelKey;
import java.util.List;

/**
 * A change of one channel's flags and subscribers, decided by its owner ({@code channel.WritePlans}), with the
 * conversation rows it creates and removes, applied by {@link ChannelStore#update} in one atomic step: write
 * {@code info} (creating the channel); when {@code reset}, remove every subscriber first; add {@code add};
 * remove {@code remove} (a uid is never in both).
 *
 * <p>Rows: each uid whose membership this change starts (in {@code add} and not a subscriber before the
 * change) gets {@code joinRow}, replacing any row it had; null means no row. When {@code leaverRowsRemoved},
 * each uid whose membership it ends (in {@code remove} and a subscriber before, or dropped by the reset and not
 * in {@code add}) loses its row. Who was a subscriber before is read by the store inside the same atomic step,
 * never taken from a cache, so two owners briefly racing on a channel cannot leave a member without a row.
 * Stores apply these rules as written and never choose a row or a channel of their own.
 */
public record MembershipPlan(ChannelKey channel, ChannelInfo info, boolean reset, List<String> add,
    List<String> remove, NewRow joinRow, boolean leaverRowsRemoved) {

  public MembershipPlan {
    add = List.copyOf(add);
    remove = List.copyOf(remove);
  }
}
