package io.jindou.model;

import java.util.List;

/**
 * Event-bus body from a channel owner's fan-out to one node's gateway for one accepted stream event: the storage
 * channel, the anchor (client_msg_no, sender, message id), the event, the lane status after it and the uids with
 * sessions on that node. The gateway shows it as an EVENT frame or an {@code event} notification to the sessions
 * whose dialect can decode one, and to no other. One batch per node per event.
 */
public record EventDelivery(String channelId, int channelType, String clientMsgNo, String fromUid, long messageId,
    StreamEvent event, String streamStatus, List<String> uids) {

  public ChannelKey channel() {
    return new ChannelKey(channelId, channelType);
  }

  /** The same event for other uids (one batch per node). */
  public EventDelivery to(List<String> others) {
    return new EventDelivery(channelId, channelType, clientMsgNo, fromUid, messageId, event, streamStatus, others);
  }
}
