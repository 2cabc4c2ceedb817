package io.jindou.access.json;

import io.jindou.model.JindouException;
import io.jindou.model.MessageChange;
import io.jindou.usecase.ChangeRequest;
import io.jindou.usecase.ChannelQuery;
import io.jindou.usecase.MessagePage;
import io.vertx.core.json.JsonObject;

/**
 * The JSON of message changes and their sync (README "Message changes"): the bodies of {@code /message/revoke},
 * {@code /message/edit}, {@code /message/delete} ({@code for_everyone} 1 = a tombstone for all, else hidden for
 * {@code from_uid} only), {@code /message/reaction} ({@code action} "add" or "remove"), and
 * {@code /message/extra/sync}; the answers are MessageResp objects with the change fields ({@link MessageJson}).
 * Shapes only: who may change what is decided by the channel's owner.
 */
final class ChangeJson {
  private ChangeJson() {
  }

  static ChangeRequest change(Body b, MessageChange.Op op, boolean manager, int payloadMaxBytes) {
    byte[] payload = op == MessageChange.Op.EDIT ? SendJson.payload(b.str("payload", true), payloadMaxBytes) : null;
    if (op == MessageChange.Op.DELETE && !b.flag("for_everyone")) {
      op = MessageChange.Op.DELETE_FOR_ME;
    }
    if (op == MessageChange.Op.REACTION_ADD) {
      String action = b.str("action", false);
      if ("remove".equals(action)) {
        op = MessageChange.Op.REACTION_REMOVE;
      } else if (action != null && !"add".equals(action)) {
        throw JindouException.invalid("action must be \"add\" or \"remove\", got \"" + action + "\"");
      }
    }
    return new ChangeRequest(op, b.str("channel_id", true), type(b), messageId(b),
        b.integer("message_seq", 0, 0, Long.MAX_VALUE), b.str("from_uid", false), manager, payload,
        b.str("emoji", false));
  }

  /** {@code message_id} as a number or as its decimal string ({@code message_idstr} is accepted too); 0 = absent. */
  private static long messageId(Body b) {
    String field = b.has("message_id") ? "message_id" : "message_idstr";
    Object v = b.raw(field);
    if (v instanceof String s) {
      try {
        long id = Long.parseLong(s.trim());
        if (id < 0) {
          throw new NumberFormatException();
        }
        return id;
      } catch (NumberFormatException e) {
        throw JindouException.invalid(field + " must be a positive integer, got \"" + s + "\"");
      }
    }
    return b.integer(field, 0, 0, Long.MAX_VALUE);
  }

  private static int type(Body b) {
    return b.has("channel_type") ? (int) b.integer("channel_type", 0, 0, 255) : -1;
  }

  /** The answer to a change: the message as the actor now sees it, and {@code changed} 1/0 (0: already so). */
  static JsonObject changed(MessageChange.Result r, String viewer) {
    return MessageJson.of(r.message(), viewer).put("changed", r.changed() ? 1 : 0);
  }

  /** {@code message_id} (number or string) or 0. */
  static long id(Body b) {
    return messageId(b);
  }

  /** {@code /message/receipt/list}: counts, the first readers, and whether that list is every reader. */
  static JsonObject receipts(io.jindou.model.Message m) {
    if (m == null) {
      return new JsonObject().put("status", 404);
    }
    var x = m.extra();
    return new JsonObject().put("message_id", m.messageId()).put("message_idstr", Long.toString(m.messageId()))
        .put("message_seq", m.messageSeq()).put("readed_count", x.readedCount()).put("unread_count", x.unreadCount())
        .put("readers", new io.vertx.core.json.JsonArray(x.readers()))
        .put("readers_complete", x.readers().size() >= x.readedCount() ? 1 : 0);
  }

  static ChannelQuery syncChannel(Body b) {
    return new ChannelQuery(b.str("channel_id", true), type(b), b.str("login_uid", true));
  }

  static long extraVersion(Body b) {
    return b.integer("extra_version", 0, 0, Long.MAX_VALUE);
  }

  static int limit(Body b) {
    return (int) b.integer("limit", 0, 0, io.jindou.usecase.ReadMessages.MAX_LIMIT);
  }

  /** {@code {"extra_version": next cursor, "more": 0/1, "messages": [...]}}. */
  static JsonObject extraPage(MessagePage p, String viewer) {
    return new JsonObject().put("extra_version", p.end()).put("more", p.more() ? 1 : 0)
        .put("messages", MessageJson.list(p.messages(), viewer));
  }
}
