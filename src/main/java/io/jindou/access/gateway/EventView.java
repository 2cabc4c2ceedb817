package io.jindou.access.gateway;

import io.jindou.model.ChannelKey;
import io.jindou.model.ChannelType;
import io.jindou.model.EventDelivery;
import io.jindou.model.PersonChannels;
import io.jindou.model.StreamEvent;
import io.jindou.model.SystemIds;
import io.jindou.proto.EventPacket;
import io.vertx.core.json.Json;
import java.nio.charset.StandardCharsets;

/**
 * How a stored stream event appears to one device (spec http-api §1.7): an EVENT with the producer's event_id and
 * type, the time it happened, and as {@code data} the JSON {@code {"client_msg_no","channel_id","channel_type",
 * "from_uid","message_id","event_key","msg_event_seq","stream_status","visibility","payload"}} — a person channel
 * shown as the peer, the system sender as "", the payload exactly as the producer sent it. Pure presentation: it
 * never writes and never decides who gets it.
 */
final class EventView {
  /** The last view built on this thread: a delivery goes to its sessions one after another on their loop. */
  private static final ThreadLocal<Object[]> LAST = ThreadLocal.withInitial(() -> new Object[3]);

  private EventView() {
  }

  /** The event as {@code viewerUid} sees it; the same packet for every viewer of one delivery that sees it alike. */
  static EventPacket of(EventDelivery d, String viewerUid) {
    ChannelKey src = d.channel().source();
    String channelId = src.type() == ChannelType.PERSON ? PersonChannels.peerOf(src.id(), viewerUid) : src.id();
    Object[] last = LAST.get();
    if (last[0] == d && channelId.equals(last[1])) {
      return (EventPacket) last[2];
    }
    EventPacket p = build(d, channelId);
    last[0] = d;
    last[1] = channelId;
    last[2] = p;
    return p;
  }

  private static EventPacket build(EventDelivery d, String channelId) {
    ChannelKey src = d.channel().source();
    String from = d.fromUid() == null || SystemIds.SYSTEM_UID.equals(d.fromUid()) ? "" : d.fromUid();
    StreamEvent e = d.event();
    String data = "{\"client_msg_no\":" + Json.encode(d.clientMsgNo()) + ",\"channel_id\":" + Json.encode(channelId)
        + ",\"channel_type\":" + src.type() + ",\"from_uid\":" + Json.encode(from) + ",\"message_id\":"
        + d.messageId() + ",\"event_key\":" + Json.encode(e.eventKey()) + ",\"msg_event_seq\":" + e.msgEventSeq()
        + ",\"stream_status\":" + Json.encode(d.streamStatus()) + ",\"visibility\":" + Json.encode(e.visibility())
        + ",\"payload\":" + e.payload() + "}";
    return new EventPacket(e.eventId(), e.eventType(), e.occurredAt(), data.getBytes(StandardCharsets.UTF_8));
  }
}
