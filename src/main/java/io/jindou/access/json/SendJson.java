package io.jindou.access.json;

import io.jindou.model.JindouException;
import io.jindou.model.SendResult;
import io.jindou.usecase.SendBatchRequest;
import io.jindou.usecase.SendBatchResult;
import io.jindou.usecase.SendRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.List;

/**
 * The JSON of {@code POST /message/send} and {@code /message/sendbatch} (spec seed-message-send, http-api
 * §1.6): the body read into a {@link SendRequest} (field types, the {@code header} flags and their top-level
 * aliases, the payload decoded from standard Base64) and the answers written back. Checks and limits on the
 * values are the use case's; this class only refuses what is not the right JSON (and, before decoding, Base64
 * text that must decode to more than the payload limit, so a huge body is not decoded for nothing).
 */
public final class SendJson {
  private SendJson() {
  }

  /** The send request a {@code /message/send} body asks for. */
  public static SendRequest request(Body b, int payloadMaxBytes) {
    return message(b, payloadMaxBytes, false);
  }

  /** The sendbatch request: one message for each of {@code subscribers} ({@code channel_*} are not read). */
  public static SendBatchRequest batch(Body b, int payloadMaxBytes) {
    b.str("from_uid", false);
    List<String> subscribers = b.strings("subscribers");
    return new SendBatchRequest(message(b, payloadMaxBytes, true), subscribers);
  }

  private static SendRequest message(Body b, int payloadMaxBytes, boolean batch) {
    String from = b.str("from_uid", false);
    Body header = b.object("header");
    boolean noPersist = header != null && header.flag("no_persist");
    boolean redDot = header != null && header.flag("red_dot");
    boolean syncOnce = header != null && header.flag("sync_once");
    noPersist |= b.flag("no_persist");
    syncOnce |= b.flag("sync_once");
    String clientMsgNo = batch ? null : b.str("client_msg_no", false);
    String streamNo = b.str("stream_no", false);
    String tagKey = b.str("tag_key", false);
    String topic = b.str("topic", false);
    long expire = b.integer("expire", 0, 0, 0xFFFFFFFFL);
    int setting = (int) b.integer("setting", 0, 0, 255);
    if (!batch && b.flag("is_stream")) { // the anchor of a stream message (spec http-api §1.7, v2.2.4+)
      if (noPersist) {
        throw JindouException.invalid("is_stream needs a stored anchor: it cannot be combined with no_persist");
      }
      setting |= io.jindou.proto.Setting.STREAM;
    }
    String deviceId = b.str("device_id", false);
    byte[] payload = payload(b.str("payload", true), payloadMaxBytes);
    if (batch) {
      return new SendRequest(from, null, -1, null, null, streamNo, topic, tagKey, expire, setting, noPersist, redDot,
          syncOnce, payload, SendRequest.Origin.api(deviceId));
    }
    List<String> subscribers = b.has("subscribers") ? b.strings("subscribers") : null;
    String channelId = b.str("channel_id", false);
    // with request-scoped subscribers and no channel_id the channel type is not used, so not read
    int channelType = (subscribers == null || channelId != null) && b.has("channel_type")
        ? (int) b.integer("channel_type", 0, 0, 255) : -1;
    return new SendRequest(from, channelId, channelType, subscribers, clientMsgNo, streamNo, topic, tagKey, expire,
        setting, noPersist, redDot, syncOnce, payload, SendRequest.Origin.api(deviceId));
  }

  static byte[] payload(String b64, int payloadMaxBytes) {
    if (b64.isEmpty()) {
      throw JindouException.invalid("payload must not be empty");
    }
    long approx = (long) b64.length() / 4 * 3;
    if (approx > payloadMaxBytes + 3L) {
      throw JindouException.invalid("payload is about " + approx + " bytes, over the limit of " + payloadMaxBytes);
    }
    try {
      return Base64.getDecoder().decode(b64);
    } catch (IllegalArgumentException e) {
      throw JindouException.invalid("payload is not valid standard Base64: " + e.getMessage());
    }
  }

  /** {@code {"message_id","message_idstr","message_seq","client_msg_no"}}. */
  public static JsonObject reply(SendResult r) {
    return new JsonObject().put("message_id", r.messageId()).put("message_idstr", Long.toString(r.messageId()))
        .put("message_seq", r.messageSeq()).put("client_msg_no", r.clientMsgNo());
  }

  /** {@code {"fail_uids":[…],"reason":[…]}}. */
  public static JsonObject batchReply(SendBatchResult r) {
    return new JsonObject().put("fail_uids", new JsonArray(r.failUids())).put("reason", new JsonArray(r.reasons()));
  }
}
