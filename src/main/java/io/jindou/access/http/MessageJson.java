package io.jindou.access.http;

import io.jindou.channel.PersonChannels;
import io.jindou.model.ChannelType;
import io.jindou.model.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.List;

/**
 * The MessageResp JSON shape (spec http-api Appendix A). Person channels are shown relative to the viewer
 * (the peer's uid) when a viewer is known, else relative to the sender. Presentation only.
 */
public final class MessageJson {
  private MessageJson() {
  }

  public static JsonObject of(Message m, String viewer) {
    String channelId = m.channelId();
    if (m.channelType() == ChannelType.PERSON) {
      String base = m.channel().source().id();
      String peer = PersonChannels.peerOf(base, viewer != null && !viewer.isEmpty() ? viewer : m.fromUid());
      channelId = m.channel().isCommandLog() ? peer + io.jindou.model.ChannelKey.CMD_SUFFIX : peer;
    }
    JsonObject o = new JsonObject()
        .put("header", new JsonObject().put("no_persist", m.noPersist() ? 1 : 0).put("red_dot", m.redDot() ? 1 : 0)
            .put("sync_once", m.syncOnce() ? 1 : 0))
        .put("setting", m.setting())
        .put("message_id", m.messageId())
        .put("message_idstr", Long.toString(m.messageId()))
        .put("client_msg_no", m.clientMsgNo())
        .put("message_seq", m.messageSeq())
        .put("from_uid", io.jindou.user.UserService.SYSTEM_UID.equals(m.fromUid()) ? "" : m.fromUid())
        .put("channel_id", channelId)
        .put("channel_type", m.channelType())
        .put("expire", m.expire())
        .put("timestamp", m.timestamp())
        .put("payload", Base64.getEncoder().encodeToString(m.payload()));
    if (m.streamNo() != null && !m.streamNo().isEmpty()) {
      o.put("stream_no", m.streamNo());
    }
    if (m.topic() != null && !m.topic().isEmpty()) {
      o.put("topic", m.topic());
    }
    return o;
  }

  public static JsonArray list(List<Message> ms, String viewer) {
    JsonArray a = new JsonArray();
    for (Message m : ms) {
      a.add(of(m, viewer));
    }
    return a;
  }
}
