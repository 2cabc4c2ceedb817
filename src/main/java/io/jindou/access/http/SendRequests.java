package io.jindou.access.http;

import io.jindou.channel.MessageIds;
import io.jindou.channel.PersonChannels;
import io.jindou.model.ChannelKey;
import io.jindou.model.ChannelType;
import io.jindou.model.JindouException;
import io.jindou.model.Message;
import io.jindou.model.SendCommand;
import io.jindou.user.UserService;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Turns a {@code POST /message/send} body (spec seed-message-send, http-api §1.6.1) into a validated
 * {@link SendCommand}: ids checked, payload decoded from standard Base64 and bounded, person channels mapped
 * to their canonical id, {@code sync_once} to the {@code ____cmd} log, request-scoped {@code subscribers} to
 * their temp channel, and an empty {@code client_msg_no} replaced by a generated one (so retries inside the
 * cluster stay idempotent). Shared by every API edge that sends; it never decides permissions.
 */
public final class SendRequests {
  private final int payloadMaxBytes;
  private final int idMaxLength;

  public SendRequests(int payloadMaxBytes, int idMaxLength) {
    this.payloadMaxBytes = payloadMaxBytes;
    this.idMaxLength = idMaxLength;
  }

  public SendCommand parse(Body b) {
    String from = b.id("from_uid", idMaxLength, true);
    Body header = b.object("header");
    boolean noPersist = header != null && header.flag("no_persist");
    boolean redDot = header != null && header.flag("red_dot");
    boolean syncOnce = header != null && header.flag("sync_once");
    noPersist |= b.flag("no_persist");
    syncOnce |= b.flag("sync_once");
    String clientMsgNo = b.str("client_msg_no", false);
    if (clientMsgNo != null && clientMsgNo.length() > idMaxLength) {
      throw JindouException.invalid("client_msg_no is " + clientMsgNo.length() + " characters long, over the limit of "
          + idMaxLength);
    }
    boolean generated = clientMsgNo == null || clientMsgNo.isBlank();
    if (generated) {
      clientMsgNo = MessageIds.randomClientMsgNo();
    }
    String streamNo = bounded(b, "stream_no");
    String tagKey = bounded(b, "tag_key");
    String topic = bounded(b, "topic");
    long expire = b.integer("expire", 0, 0, 0xFFFFFFFFL);
    int setting = (int) b.integer("setting", 0, 0, 255);
    String deviceId = b.str("device_id", false);
    byte[] payload = payload(b.str("payload", true));
    List<String> subscribers = b.ids("subscribers", idMaxLength);
    boolean hasChannel = b.has("channel_id");

    ChannelKey key;
    if (!subscribers.isEmpty() || (b.has("subscribers") && !hasChannel)) {
      if (hasChannel) {
        throw JindouException.invalid("subscribers cannot be combined with channel_id");
      }
      if (!syncOnce) {
        throw JindouException.invalid("subscribers require header.sync_once=1");
      }
      if (subscribers.isEmpty()) {
        throw JindouException.invalid("subscribers must name at least one uid");
      }
      key = new ChannelKey(Long.toUnsignedString(fnv1a64(String.join(",", subscribers))), ChannelType.TEMP).commandLog();
    } else {
      long type = b.requiredInteger("channel_type", 0, 255);
      if (!ChannelType.isValid(type)) {
        throw JindouException.invalid("channel_type must be one of 1..12, got " + type);
      }
      boolean person = type == ChannelType.PERSON;
      boolean agent = type == ChannelType.AGENT;
      String channelId = b.id("channel_id", idMaxLength * 2 + 1, !(person || agent));
      if (agent && channelId.indexOf('@') <= 0) {
        throw JindouException.invalid("agent channel_id must be \"uid@agentUid\", got \"" + channelId + "\"");
      }
      String stored = person ? PersonChannels.normalize(from, channelId) : channelId;
      key = new ChannelKey(stored, (int) type);
      if (syncOnce) {
        key = key.commandLog();
      }
    }
    Message draft = new Message(0, 0, clientMsgNo, streamNo, from, key.id(), key.type(), 0, expire, noPersist,
        redDot, syncOnce, setting, topic, tagKey, payload);
    return new SendCommand(draft, UserService.SYSTEM_DEVICE_ID.equals(deviceId), subscribers, generated);
  }

  /** An optional string field that travels on the wire: at most {@code id_max_length} characters. */
  private String bounded(Body b, String field) {
    String v = b.str(field, false);
    if (v != null && v.length() > idMaxLength) {
      throw JindouException.invalid(field + " is " + v.length() + " characters long, over the limit of " + idMaxLength);
    }
    return v;
  }

  private byte[] payload(String b64) {
    if (b64.isEmpty()) {
      throw JindouException.invalid("payload must not be empty");
    }
    long approx = (long) b64.length() / 4 * 3;
    if (approx > payloadMaxBytes + 3L) {
      throw JindouException.invalid("payload is about " + approx + " bytes, over the limit of " + payloadMaxBytes);
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(b64);
    } catch (IllegalArgumentException e) {
      throw JindouException.invalid("payload is not valid standard Base64: " + e.getMessage());
    }
    if (bytes.length > payloadMaxBytes) {
      throw JindouException.invalid("payload is " + bytes.length + " bytes, over the limit of " + payloadMaxBytes);
    }
    return bytes;
  }

  /** FNV-1a 64 of the UTF-8 bytes: the request-scoped channel id rule of spec http-api §2.8. */
  static long fnv1a64(String s) {
    long h = 0xcbf29ce484222325L;
    for (byte c : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= c & 0xff;
      h *= 0x100000001b3L;
    }
    return h;
  }
}
