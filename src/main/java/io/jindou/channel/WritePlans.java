package io.jindou.channel;

import io.jindou.model.PersonChannels;
import io.jindou.model.ChannelInfo;
import io.jindou.model.ChannelKey;
import io.jindou.model.ChannelType;
import io.jindou.model.Message;
import io.jindou.store.MembershipPlan;
import io.jindou.store.MessagePlan;
import io.jindou.store.MutationPlan;
import io.jindou.store.ReceiptPlan;
import io.jindou.store.NewRow;
import io.jindou.store.NewRow.Cursor;
import java.util.ArrayList;
import java.util.List;

/**
 * The write plans of the channel domain: what a send and a membership change write besides the message and
 * the subscribers, decided here once for every store (the stores apply plans and decide nothing). Which
 * channels keep conversation rows is {@link ChannelType#keepsConversations} (a command log keeps none of its
 * own: its channel's rows serve it); who the people of a person channel are is {@link PersonChannels#parties}.
 * The rules:
 * <ul>
 *   <li>a stored message sets the sender's own last seq in the sender's row, if the sender has one — never a
 *       row per recipient, so the send path writes at most a few rows whatever the channel's size;</li>
 *   <li>a person channel's first message creates both people's rows (all cursors 0: everything unread) where
 *       absent — only at sequence 1, so no later send pays a lookup for the peer's row;</li>
 *   <li>with webhooks on, every stored message gets an outbox entry of the owner's node in the same write, and so do
 *       every stream event and every change of a message when {@code msg.stream} / {@code msg.extra} are on;</li>
 *   <li>a joining member gets a row at the channel head ({@link #JOINED}); a leaving member loses its row.</li>
 * </ul>
 * Pure functions; it never touches a store or the owner's cached state.
 */
public final class WritePlans {
  /**
   * A member's row at the moment it joins: nothing before the join is visible or unread, and no command sent
   * before it is pending.
   */
  public static final NewRow JOINED = new NewRow(Cursor.HEAD, Cursor.ZERO, Cursor.HEAD, Cursor.ZERO,
      Cursor.COMMAND_HEAD);

  /** {@link #message(Message, boolean, int)}'s node when webhooks are off: no outbox entry. */
  public static final int NO_OUTBOX = -1;

  private WritePlans() {
  }

  /** Whether messages and members of this channel (or log) write conversation rows. */
  static boolean writesRows(ChannelKey channel) {
    return !channel.isCommandLog() && ChannelType.keepsConversations(channel.type());
  }

  /**
   * The plan of one stamped draft. {@code newClientMsgNo}: the owner generated the client_msg_no for this very
   * send, so the store need not look it up.
   */
  public static MessagePlan message(Message draft, boolean newClientMsgNo) {
    return message(draft, newClientMsgNo, NO_OUTBOX);
  }

  /**
   * The plan of one stamped draft, with a webhook outbox entry for node {@code outboxNode} when it is not
   * {@link #NO_OUTBOX} (webhooks are on): every stored message gets one, so no acknowledged send can lose its
   * events.
   */
  public static MessagePlan message(Message draft, boolean newClientMsgNo, int outboxNode) {
    ChannelKey ch = draft.channel();
    List<MessagePlan.Effect> effects = new ArrayList<>(4);
    if (writesRows(ch) && draft.fromUid() != null) {
      if (ch.type() == ChannelType.PERSON) {
        for (String uid : PersonChannels.parties(ch.id())) {
          effects.add(new MessagePlan.OpenRow(uid, NewRow.EMPTY, true));
        }
      }
      // after the rows it may need: the sender of the first message is one of the people
      effects.add(new MessagePlan.OwnLastSeq(draft.fromUid()));
    }
    if (outboxNode != NO_OUTBOX) {
      effects.add(new MessagePlan.Outbox(outboxNode));
    }
    return new MessagePlan(draft, !newClientMsgNo, effects);
  }

  /**
   * The plan of a change of a stored message: its new state (decided by the owner's rules, stamped with the next
   * extra_version) replaces {@code current}, provided the store still holds {@code current}'s version.
   */
  public static MutationPlan change(Message current, Message next) {
    return change(current, next, NO_OUTBOX);
  }

  /**
   * {@link #change(Message, Message)} with a webhook outbox entry for node {@code outboxNode} when it is not
   * {@link #NO_OUTBOX} ({@code msg.extra} is on): written with the change, so no acknowledged change loses its event.
   */
  public static MutationPlan change(Message current, Message next, int outboxNode) {
    return new MutationPlan(current.channel(), current.extra().version(), next, outboxNode);
  }

  /** The plan of a read receipt: the reader's cursor from {@code cursor} to {@code upTo}, with the counted messages. */
  public static ReceiptPlan receipt(ChannelKey channel, String reader, long cursor, long upTo,
      List<MutationPlan> counted) {
    return new ReceiptPlan(channel, reader, cursor, upTo, counted);
  }

  /** The plan of a change of flags and subscribers (a uid is never in both {@code add} and {@code remove}). */
  public static MembershipPlan membership(ChannelKey channel, ChannelInfo info, boolean reset, List<String> add,
      List<String> remove) {
    boolean rows = writesRows(channel);
    return new MembershipPlan(channel, info, reset, add, remove, rows ? JOINED : null, rows);
  }
}
