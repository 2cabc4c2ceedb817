package io.jindou.channel;

import io.jindou.model.JindouException;
import io.jindou.model.Message;
import io.jindou.model.MessageChange;
import io.jindou.model.MessageExtra;
import io.jindou.model.Reason;
import java.util.ArrayList;
import java.util.List;

/**
 * Who may change a stored message and what the change makes of it. The sender may recall it or delete it for
 * everyone within {@code revokeSeconds} of sending and edit it within {@code editSeconds}; a moderator (a system
 * uid, or a call with the manager token) may recall or delete any message at any time but edits nobody's words;
 * a member of the channel (or the sender) may hide it for itself and add or remove its own reactions. A recalled
 * or deleted message keeps no payload and no reactions, and refuses edits and reactions (CONFLICT). A change that
 * is already in effect is no change (null), so a retried request is harmless. Pure: it reads no store and no state.
 */
final class ChangeRules {
  /** The sender's windows, in seconds. */
  record Windows(long revokeSeconds, long editSeconds) {
    /** 2 minutes to recall, 24 hours to edit. */
    static final Windows DEFAULT = new Windows(120, 86_400);
  }

  /** The {@code setting} bit of a message that asks for read receipts (WKProto). */
  static final int RECEIPT = 0x80;
  /** The most messages one read receipt counts (the newest of its range; older ones are passed over). */
  static final int RECEIPT_SCAN_MAX = 1_000;

  private ChangeRules() {
  }

  /** {@code m} with its content erased (a deleted tombstone without payload or reactions), or null if it is. */
  static Message erased(Message m, long version) {
    MessageExtra x = m.extra();
    if (x.deleted() && m.payload().length == 0 && x.reactions().isEmpty()) {
      return null;
    }
    return m.withExtra(new MessageExtra(version, x.revoked(), x.revoker(), true, x.editedAt(), x.editCount(),
        x.hiddenFor(), List.of()).withReceipts(x), new byte[0]);
  }

  /**
   * {@code m} (another user's message) without any trace of {@code uid} — its reactions, its place in the reader list,
   * its hiding, its name as the recaller — stamped with {@code version}, or null when it has none. The counts stay:
   * they are no one's data.
   */
  static Message forgotten(Message m, String uid, long version) {
    MessageExtra x = m.extra();
    List<MessageExtra.Reaction> reactions = x.reactions().stream().filter(r -> !uid.equals(r.uid())).toList();
    List<String> readers = x.readers().stream().filter(r -> !uid.equals(r)).toList();
    List<String> hidden = x.hiddenFor().stream().filter(r -> !uid.equals(r)).toList();
    boolean revoker = uid.equals(x.revoker());
    if (!revoker && reactions.size() == x.reactions().size() && readers.size() == x.readers().size()
        && hidden.size() == x.hiddenFor().size()) {
      return null;
    }
    return m.withExtra(new MessageExtra(version, x.revoked(), revoker ? "" : x.revoker(), x.deleted(), x.editedAt(),
        x.editCount(), hidden, reactions, x.readedCount(), x.receivers(), readers), m.payload());
  }

  /**
   * {@code m} read by {@code reader}, stamped with {@code version}: one more reader (listed while fewer than
   * {@link MessageExtra#READERS_MAX} are), or null when the read does not count — the message asks for no receipt,
   * is the reader's own, or was recalled or deleted. {@code receivers}: how many may read it, used when the message
   * does not know yet.
   */
  static Message read(Message m, String reader, long version, long receivers) {
    MessageExtra x = m.extra();
    if ((m.setting() & RECEIPT) == 0 || reader.equals(m.fromUid()) || x.erased()) {
      return null;
    }
    List<String> readers = x.readers();
    if (readers.size() < MessageExtra.READERS_MAX && !readers.contains(reader)) {
      readers = new ArrayList<>(readers);
      readers.add(reader);
    }
    return m.withExtra(new MessageExtra(version, x.revoked(), x.revoker(), x.deleted(), x.editedAt(), x.editCount(),
        x.hiddenFor(), x.reactions(), x.readedCount() + 1, x.receivers() > 0 ? x.receivers() : receivers, readers),
        m.payload());
  }

  /**
   * The message after {@code c}, stamped with extra version {@code version}, or null when nothing changes.
   * {@code moderator}: the actor is a system uid or the manager; {@code member}: the actor may see the channel.
   */
  static Message next(Message m, MessageChange c, long version, long nowSeconds, boolean moderator, boolean member,
      Windows w) {
    MessageExtra x = m.extra();
    String actor = c.actor();
    boolean sender = actor != null && actor.equals(m.fromUid());
    long age = nowSeconds - m.timestamp();
    switch (c.op()) {
      case REVOKE, DELETE -> {
        boolean revoke = c.op() == MessageChange.Op.REVOKE;
        if (revoke ? x.revoked() : x.deleted()) {
          return null;
        }
        if (!moderator) {
          if (!sender) {
            throw JindouException.denied(Reason.NOT_MESSAGE_SENDER, "only the sender of message " + m.messageId()
                + " (or a system uid, or the manager) may " + (revoke ? "recall" : "delete") + " it for everyone");
          }
          if (age > w.revokeSeconds()) {
            throw JindouException.denied(Reason.CHANGE_WINDOW_CLOSED, "message " + m.messageId() + " was sent "
                + age + " s ago; the sender may " + (revoke ? "recall" : "delete") + " it within "
                + w.revokeSeconds() + " s (message_revoke_window_seconds)");
          }
        }
        String by = actor == null ? "" : actor;
        String revoker = x.revoked() ? x.revoker() : revoke ? by : x.revoker();
        MessageExtra next = new MessageExtra(version, x.revoked() || revoke, revoker, x.deleted() || !revoke,
            x.editedAt(), x.editCount(), x.hiddenFor(), List.of());
        return m.withExtra(next.withReceipts(x), new byte[0]);
      }
      case EDIT -> {
        notErased(m, "edited");
        if (!sender) {
          throw JindouException.denied(Reason.NOT_MESSAGE_SENDER, "only the sender of message " + m.messageId()
              + " may edit it");
        }
        if (java.util.Arrays.equals(m.payload(), c.payload())) {
          return null;
        }
        if (age > w.editSeconds()) {
          throw JindouException.denied(Reason.CHANGE_WINDOW_CLOSED, "message " + m.messageId() + " was sent " + age
              + " s ago; the sender may edit it within " + w.editSeconds() + " s (message_edit_window_seconds)");
        }
        return m.withExtra(new MessageExtra(version, false, null, false, nowSeconds, x.editCount() + 1, x.hiddenFor(),
            x.reactions()).withReceipts(x), c.payload());
      }
      case DELETE_FOR_ME -> {
        mayTouch(m, sender, member);
        if (x.hiddenFor(actor)) {
          return null;
        }
        if (x.hiddenFor().size() >= MessageExtra.HIDDEN_MAX) {
          throw new JindouException(JindouException.Kind.CONFLICT, Reason.MESSAGE_CHANGE_LIMIT, "message "
              + m.messageId() + " is already hidden for " + MessageExtra.HIDDEN_MAX + " uids, the most it may be");
        }
        List<String> hidden = new ArrayList<>(x.hiddenFor());
        hidden.add(actor);
        return m.withExtra(new MessageExtra(version, x.revoked(), x.revoker(), x.deleted(), x.editedAt(),
            x.editCount(), hidden, x.reactions()).withReceipts(x), m.payload());
      }
      case REACTION_ADD, REACTION_REMOVE -> {
        mayTouch(m, sender, member);
        notErased(m, "reacted to");
        MessageExtra.Reaction r = new MessageExtra.Reaction(actor, c.emoji());
        boolean has = x.reactions().contains(r);
        boolean add = c.op() == MessageChange.Op.REACTION_ADD;
        if (has == add) {
          return null;
        }
        if (add && x.reactions().size() >= MessageExtra.REACTIONS_MAX) {
          throw new JindouException(JindouException.Kind.CONFLICT, Reason.MESSAGE_CHANGE_LIMIT, "message "
              + m.messageId() + " already has " + MessageExtra.REACTIONS_MAX + " reactions, the most it may have");
        }
        List<MessageExtra.Reaction> rs = new ArrayList<>(x.reactions());
        if (add) {
          rs.add(r);
        } else {
          rs.remove(r);
        }
        return m.withExtra(new MessageExtra(version, x.revoked(), x.revoker(), x.deleted(), x.editedAt(),
            x.editCount(), x.hiddenFor(), rs).withReceipts(x), m.payload());
      }
      default -> throw new IllegalArgumentException("not a change of one message: " + c.op());
    }
  }

  private static void notErased(Message m, String what) {
    if (m.extra().erased()) {
      throw new JindouException(JindouException.Kind.CONFLICT, Reason.MESSAGE_ERASED, "message " + m.messageId()
          + " was " + (m.extra().revoked() ? "recalled" : "deleted") + "; it cannot be " + what);
    }
  }

  private static void mayTouch(Message m, boolean sender, boolean member) {
    if (!sender && !member) {
      throw JindouException.denied(Reason.SUBSCRIBER_NOT_EXIST, "only a member of the channel may change how message "
          + m.messageId() + " looks to it");
    }
  }
}
