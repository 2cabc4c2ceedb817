package io.jindou.access.gateway;

import io.jindou.model.ChannelKey;
import io.jindou.model.ChannelType;
import io.jindou.model.EventDelivery;
import io.jindou.model.PersonChannels;
import io.jindou.model.StreamEvent;
import io.jindou.model.SystemIds;
import io.jindou.proto.EventPacket;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.nio.charset.StandardCharsets;

/**
 * How a stored stream event appears to one device (spec http-api §1.7): an EVENT with the producer's event_id and
 * type, the time it happened, and as {@code data} the JSON {@code {"client_msg_no","channel_id","channel_type",
 * "from_uid","message_id","event_key","msg_event_seq","stream_status","visibility","payload"}} — a person channel
 * shown as the peer, the system sender as "", the payload exactly as the producer sent it. Pure presentation: it
 * never writes and never decides who gets it.
 */
final class EventView {
  /**
   * The last view built on this thread, and the last frame encoded from it with its codec's key: a delivery goes to
   * its sessions one after another on their loop.
   */
  private static final ThreadLocal<Object[]> LAST = ThreadLocal.withInitial(() -> new Object[5]);

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
    last[3] = null;
    last[4] = null;
    return p;
  }

  /**
   * The frame that shows the event to {@code viewerUid} through {@code codec}, or null when that codec never gets
   * an EVENT; the same bytes for every session of one delivery whose codec has the same
   * {@link SessionCodec#eventEncoding} (frames are never changed once encoded).
   */
  static byte[] wire(EventDelivery d, String viewerUid, SessionCodec codec) {
    Object encoding = codec.eventEncoding();
    if (encoding == null) {
      return null;
    }
    EventPacket p = of(d, viewerUid);
    Object[] last = LAST.get();
    if (last[2] == p && encoding.equals(last[3])) {
      return (byte[]) last[4];
    }
    byte[] frame = codec.event(p);
    last[3] = encoding;
    last[4] = frame;
    return frame;
  }

  private static EventPacket build(EventDelivery d, String channelId) {
    ChannelKey src = d.channel().source();
    String from = d.fromUid() == null || SystemIds.SYSTEM_UID.equals(d.fromUid()) ? "" : d.fromUid();
    StreamEvent e = d.event();
    StringBuilder b = new StringBuilder(160 + e.payload().length());
    b.append("{\"client_msg_no\":");
    quoted(b, d.clientMsgNo()).append(",\"channel_id\":");
    quoted(b, channelId).append(",\"channel_type\":").append(src.type()).append(",\"from_uid\":");
    quoted(b, from).append(",\"message_id\":").append(d.messageId()).append(",\"event_key\":");
    quoted(b, e.eventKey()).append(",\"msg_event_seq\":").append(e.msgEventSeq()).append(",\"stream_status\":");
    quoted(b, d.streamStatus()).append(",\"visibility\":");
    quoted(b, e.visibility()).append(",\"payload\":").append(e.payload()).append('}');
    String data = b.toString();
    return new EventPacket(e.eventId(), e.eventType(), e.occurredAt(), data.getBytes(StandardCharsets.UTF_8));
  }

  /** Appends {@code s} as a JSON string (null as {@code null}), escaped by Jackson without a generator per value. */
  private static StringBuilder quoted(StringBuilder b, String s) {
    if (s == null) {
      return b.append("null");
    }
    b.append('"');
    JsonStringEncoder.getInstance().quoteAsString(s, b);
    return b.append('"');
  }
}
