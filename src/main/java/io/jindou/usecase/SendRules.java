package io.jindou.usecase;

import io.jindou.channel.MessageIds;
import io.jindou.model.SystemIds;
import io.jindou.model.PersonChannels;
import io.jindou.model.ChannelKey;
import io.jindou.model.ChannelType;
import io.jindou.model.JindouException;
import io.jindou.model.Message;
import io.jindou.model.Reason;
import io.jindou.model.SendCommand;
import io.jindou.user.UserService;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Every check and normalisation of a send, whatever edge it came from (spec seed-message-send, http-api
 * §1.6.1, wkproto SEND): ids and their limits, the bounded strings, the payload size, the channel type, person
 * channels mapped to their canonical id, agent ids, {@code sync_once} to the {@code ____cmd} log, request-scoped
 * {@code subscribers} to their temp channel, and an empty {@code client_msg_no} replaced by a generated one (so
 * retries inside the cluster stay idempotent). Each refusal carries the reason a SENDACK reports: 23 channel
 * type, 16 channel id, 9 client_msg_no/topic/stream_no/payload, 2 sender uid. Pure; it never decides
 * permissions and never sends anything.
 */
final class SendRules {
  private final Limits limits;

  SendRules(Limits limits) {
    this.limits = limits;
  }

  /** The fields shared by every recipient of the request, checked; the channel is left to {@link #command}. */
  record Checked(SendRequest request, String fromUid, String clientMsgNo, boolean generated) {
  }

  /** The validated command for the channel's owner. */
  SendCommand command(SendRequest r) {
    return command(shared(r));
  }

  /** Checks what does not depend on the channel (the sender, the bounded strings, the payload). */
  Checked shared(SendRequest r) {
    int idMax = limits.idMaxLength();
    String from = Ids.required("from_uid", r.fromUid(), idMax, true, Reason.AUTH_FAIL);
    String clientMsgNo = Ids.bounded("client_msg_no", r.clientMsgNo(), idMax, Reason.PAYLOAD_DECODE_ERROR);
    boolean generated = clientMsgNo == null || clientMsgNo.isBlank();
    Ids.bounded("stream_no", r.streamNo(), idMax, Reason.PAYLOAD_DECODE_ERROR);
    Ids.bounded("tag_key", r.tagKey(), idMax, Reason.PAYLOAD_DECODE_ERROR);
    Ids.bounded("topic", r.topic(), idMax, Reason.PAYLOAD_DECODE_ERROR);
    if (r.payload().length > limits.payloadMaxBytes()) {
      throw JindouException.invalid(Reason.PAYLOAD_DECODE_ERROR, "payload is " + r.payload().length
          + " bytes, over the limit of " + limits.payloadMaxBytes());
    }
    return new Checked(r, from, generated ? MessageIds.randomClientMsgNo() : clientMsgNo, generated);
  }

  /** Resolves the channel of an already {@link #shared checked} request and builds the command. */
  SendCommand command(Checked c) {
    SendRequest r = c.request();
    List<String> subscribers = Ids.list("subscribers", r.subscribers(), limits.idMaxLength(),
        limits.requestUidsMax());
    boolean hasChannel = r.channelId() != null;
    ChannelKey key;
    if (!subscribers.isEmpty() || (r.subscribers() != null && !hasChannel)) {
      if (hasChannel) {
        throw JindouException.invalid(Reason.CHANNEL_ID_ERROR, "subscribers cannot be combined with channel_id");
      }
      if (!r.syncOnce()) {
        throw JindouException.invalid(Reason.CHANNEL_ID_ERROR, "subscribers require header.sync_once=1");
      }
      if (subscribers.isEmpty()) {
        throw JindouException.invalid(Reason.CHANNEL_ID_ERROR, "subscribers must name at least one uid");
      }
      key = new ChannelKey(Long.toUnsignedString(fnv1a64(String.join(",", subscribers))), ChannelType.TEMP)
          .commandLog();
    } else {
      key = channel(r, c.fromUid());
    }
    Message draft = new Message(0, 0, c.clientMsgNo(), r.streamNo(), c.fromUid(), key.id(), key.type(), 0,
        r.expire(), r.noPersist(), r.redDot(), r.syncOnce(), r.setting(), r.topic(), r.tagKey(), r.payload());
    SendRequest.Origin o = r.origin();
    boolean trusted = o.isApi() && SystemIds.SYSTEM_DEVICE_ID.equals(o.deviceId());
    return new SendCommand(draft, trusted, subscribers, o.node(), o.connId(), c.generated(),
        io.jindou.metrics.Metrics.wallMicros());
  }

  /** The storage key of the named channel: person channels canonical, {@code sync_once} to the command log. */
  private ChannelKey channel(SendRequest r, String from) {
    int type = r.channelType();
    if (type < 0) {
      throw JindouException.invalid(Reason.NOT_SUPPORT_CHANNEL_TYPE, "channel_type is required");
    }
    if (!ChannelType.isValid(type)) {
      throw JindouException.invalid(Reason.NOT_SUPPORT_CHANNEL_TYPE, "channel_type must be one of 1..12, got " + type);
    }
    boolean person = type == ChannelType.PERSON;
    boolean agent = type == ChannelType.AGENT;
    String channelId = Ids.required("channel_id", r.channelId(), limits.channelIdMaxLength(), !(person || agent),
        Reason.CHANNEL_ID_ERROR);
    if (agent && channelId.indexOf('@') <= 0) {
      throw JindouException.invalid(Reason.CHANNEL_ID_ERROR, "agent channel_id must be \"uid@agentUid\", got \""
          + channelId + "\"");
    }
    String stored = channelId;
    if (person) {
      try {
        stored = PersonChannels.normalize(from, channelId);
      } catch (JindouException e) {
        throw JindouException.invalid(Reason.CHANNEL_ID_ERROR, e.getMessage());
      }
    }
    ChannelKey key = new ChannelKey(stored, type);
    return r.syncOnce() ? key.commandLog() : key;
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
