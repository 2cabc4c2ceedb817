package io.jindou.access.eventbus;

import io.jindou.cluster.Addresses;
import io.jindou.model.Message;
import io.jindou.model.MessageChange;
import io.jindou.usecase.ChangeMessages;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Base64;

/**
 * Publishes {@code jindou.event.message.extra} for every change of a stored message made through this node, once
 * it is durable: {@code {"action", "actor", "channel_id", "channel_type", "message_id", "message_idstr",
 * "message_seq", "from_uid", "extra_version", "revoke", "is_deleted", "edited_at", "edit_count", "payload"}} (the
 * payload as it now is, base64, empty once recalled or deleted). Delivery is at-most-once, as for
 * {@code jindou.event.message}. It never changes a message and never blocks the caller.
 */
public final class MessageChangeEvents implements ChangeMessages.Observer {
  private final Vertx vertx;

  public MessageChangeEvents(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public void changed(MessageChange.Op op, String actor, Message m) {
    vertx.eventBus().publish(Addresses.EVENT_MESSAGE_EXTRA, json(op, actor, m));
  }

  static JsonObject json(MessageChange.Op op, String actor, Message m) {
    var x = m.extra();
    return new JsonObject().put("action", op.name().toLowerCase(java.util.Locale.ROOT)).put("actor", actor)
        .put("channel_id", m.channelId()).put("channel_type", m.channelType()).put("message_id", m.messageId())
        .put("message_idstr", Long.toString(m.messageId())).put("message_seq", m.messageSeq())
        .put("from_uid", m.fromUid()).put("extra_version", x.version()).put("revoke", x.revoked() ? 1 : 0)
        .put("is_deleted", x.deleted() ? 1 : 0).put("edited_at", x.editedAt()).put("edit_count", x.editCount())
        .put("payload", Base64.getEncoder().encodeToString(m.payload()));
  }
}
