package io.jindou.access.eventbus;

import io.jindou.channel.Fanout;
import io.jindou.channel.PersonChannels;
import io.jindou.cluster.Addresses;
import io.jindou.model.ChannelKey;
import io.jindou.model.ChannelType;
import io.jindou.model.Message;
import io.jindou.model.SendCommand;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Publishes {@code jindou.event.message} for every committed message, with the recipients that had no
 * session anywhere when it was fanned out ({@code offline_uids}, what WuKongIM's {@code msg.offline} webhook
 * carries). Delivery is at-most-once: the event bus keeps nothing for a consumer that is down. It never
 * changes a message and never blocks the owner.
 */
public final class MessageEvents implements Fanout.Observer {
  private final Vertx vertx;
  private final int offlineMax;

  /** {@code offlineMax}: above this many recipients the event carries only {@code offline_count}. */
  public MessageEvents(Vertx vertx, int offlineMax) {
    this.vertx = vertx;
    this.offlineMax = offlineMax;
  }

  @Override
  public void fannedOut(Message m, Collection<String> recipients, Map<Integer, List<String>> online,
      SendCommand origin) {
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
    vertx.eventBus().publish(Addresses.EVENT_MESSAGE, event);
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
