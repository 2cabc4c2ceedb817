package io.jindou.access.eventbus;

import io.jindou.channel.Fanout;
import io.jindou.model.PersonChannels;
import io.jindou.cluster.Addresses;
import io.jindou.model.ChannelKey;
import io.jindou.model.ChannelType;
import io.jindou.model.EventDelivery;
import io.jindou.model.Message;
import io.jindou.model.StreamEvent;
import io.jindou.model.SendCommand;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Publishes {@code jindou.event.message} for every committed message (and {@code jindou.event.stream} for every
 * stored public stream event), with the recipients that had no
 * session anywhere when it was fanned out ({@code offline_uids}, what WuKongIM's {@code msg.offline} webhook
 * carries). Delivery is at-most-once: the event bus keeps nothing for a consumer that is down. It never
 * changes a message and never blocks the owner.
 *
 * <p>On a single node the event's JSON is built only when somebody listens: the message is published as a
 * {@link Fact} with a local codec whose {@code transform} (run by the event bus on the publishing thread, once
 * per local consumer) builds the JSON. With no consumer the send path pays nothing. In a cluster the JSON is
 * built at once, because consumers in other JVMs (which do not know the codec) must be able to decode it.
 */
public final class MessageEvents implements Fanout.Observer {
  private static final String CODEC = "jindou.message-event";
  private final Vertx vertx;
  private final int offlineMax;
  private final DeliveryOptions lazy = new DeliveryOptions().setCodecName(CODEC);

  /** A committed message or stored stream event and its fan-out, not yet turned into the event's JSON. */
  @FunctionalInterface
  private interface Fact {
    JsonObject json();
  }

  /** {@code offlineMax}: above this many recipients the event carries only {@code offline_count}. */
  public MessageEvents(Vertx vertx, int offlineMax) {
    this.vertx = vertx;
    this.offlineMax = offlineMax;
    if (!vertx.isClustered()) {
      try {
        vertx.eventBus().registerCodec(new FactCodec());
      } catch (IllegalStateException alreadyRegistered) {
        vertx.eventBus().unregisterCodec(CODEC);
        vertx.eventBus().registerCodec(new FactCodec());
      }
    }
  }

  @Override
  public void fannedOut(Message m, Collection<String> recipients, Map<Integer, List<String>> online,
      SendCommand origin) {
    if (vertx.isClustered()) {
      vertx.eventBus().publish(Addresses.EVENT_MESSAGE, event(m, recipients, online));
    } else {
      vertx.eventBus().publish(Addresses.EVENT_MESSAGE, (Fact) () -> event(m, recipients, online), lazy);
    }
  }

  /**
   * Publishes {@code jindou.event.stream} for a stored public stream event: the anchor, the event (payload as
   * JSON), the lane's status and {@code online_count}; like messages, built only when somebody listens on a single
   * node (an AI reply is tens of events a second).
   */
  @Override
  public void streamed(EventDelivery d, Collection<String> recipients, Map<Integer, List<String>> online) {
    if (vertx.isClustered()) {
      vertx.eventBus().publish(Addresses.EVENT_STREAM, streamEvent(d, online));
    } else {
      vertx.eventBus().publish(Addresses.EVENT_STREAM, (Fact) () -> streamEvent(d, online), lazy);
    }
  }

  private static JsonObject streamEvent(EventDelivery d, Map<Integer, List<String>> online) {
    int onlineCount = 0;
    for (List<String> uids : online.values()) {
      onlineCount += uids.size();
    }
    StreamEvent e = d.event();
    return new JsonObject().put("channel_id", d.channelId())
        .put("channel_type", d.channelType()).put("client_msg_no", d.clientMsgNo()).put("from_uid", d.fromUid())
        .put("message_id", d.messageId()).put("msg_event_seq", e.msgEventSeq()).put("event_id", e.eventId())
        .put("event_type", e.eventType()).put("event_key", e.eventKey()).put("visibility", e.visibility())
        .put("occurred_at", e.occurredAt()).put("stream_status", d.streamStatus())
        .put("payload", io.vertx.core.json.Json.decodeValue(e.payload())).put("online_count", onlineCount);
  }

  private JsonObject event(Message m, Collection<String> recipients, Map<Integer, List<String>> online) {
    int onlineCount = 0;
    for (List<String> uids : online.values()) {
      onlineCount += uids.size();
    }
    JsonObject event = toJson(m);
    if (recipients.size() > offlineMax) {
      // a big group: listing every offline member would cost the send path as much as the group is large
      event.put("offline_count", Math.max(0, recipients.size() - onlineCount)).put("offline_uids_omitted", true);
    } else {
      Set<String> onlineUids = new HashSet<>();
      online.values().forEach(onlineUids::addAll);
      JsonArray offline = new JsonArray();
      for (String uid : recipients) {
        if (!onlineUids.contains(uid) && !uid.equals(m.fromUid())) {
          offline.add(uid);
        }
      }
      event.put("offline_uids", offline).put("offline_count", offline.size());
    }
    return event;
  }

  /** Local-only codec: each consumer gets its own JSON, built from the fact on the publishing thread. */
  private static final class FactCodec implements MessageCodec<Fact, JsonObject> {

    @Override
    public void encodeToWire(Buffer buffer, Fact fact) {
      throw new IllegalStateException("message events are published to local consumers only on a single node");
    }

    @Override
    public JsonObject decodeFromWire(int pos, Buffer buffer) {
      throw new IllegalStateException("message events are published to local consumers only on a single node");
    }

    @Override
    public JsonObject transform(Fact fact) {
      return fact.json();
    }

    @Override
    public String name() {
      return CODEC;
    }

    @Override
    public byte systemCodecID() {
      return -1;
    }
  }

  /** The event's message fields (person channels as the canonical {@code a@b} id plus both parties). */
  static JsonObject toJson(Message m) {
    ChannelKey src = m.channel().source();
    JsonObject o = new JsonObject()
        .put("message_id", m.messageId()).put("message_idstr", Long.toString(m.messageId()))
        .put("message_seq", m.messageSeq()).put("client_msg_no", m.clientMsgNo()).put("from_uid", m.fromUid())
        .put("channel_id", src.id()).put("channel_type", src.type())
        .put("header", new JsonObject().put("no_persist", m.noPersist() ? 1 : 0).put("red_dot", m.redDot() ? 1 : 0)
            .put("sync_once", m.syncOnce() ? 1 : 0))
        .put("timestamp", m.timestamp()).put("expire", m.expire())
        .put("payload", Base64.getEncoder().encodeToString(m.payload()));
    if (src.type() == ChannelType.PERSON) {
      o.put("to_uid", PersonChannels.peerOf(src.id(), m.fromUid()));
    }
    return o;
  }
}
