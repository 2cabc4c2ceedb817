package io.jindou.usecase;

import io.jindou.model.ChannelType;
import java.util.List;

/**
 * One message to send, as any edge received it and before any check: the HTTP/event-bus body
 * ({@code POST /message/send}) and a client's SEND (WKProto or JSON-RPC, after decryption) both become this,
 * and {@link SendMessages} applies the same checks and limits to both. Absent fields are null ({@code channelId},
 * {@code subscribers}, {@code clientMsgNo}, {@code streamNo}, {@code topic}, {@code tagKey}) or -1
 * ({@code channelType}); {@code subscribers} are as given (blanks and duplicates are dropped by the use case).
 * {@code origin} says who is asking. The payload array is not copied: the caller hands it over.
 */
public record SendRequest(String fromUid, String channelId, int channelType, List<String> subscribers,
    String clientMsgNo, String streamNo, String topic, String tagKey, long expire, int setting, boolean noPersist,
    boolean redDot, boolean syncOnce, byte[] payload, Origin origin) {

  /**
   * Where a send comes from. An API call (HTTP or event bus: a business server, trusted to name its
   * {@code from_uid}) has node -1 and may name the system device ({@code device_id}); a client connection names
   * its node and connection id (fan-out skips that connection) and is never the system device, whatever device
   * id the client chose.
   */
  public record Origin(int node, long connId, String deviceId) {
    /** An API call without a device id. */
    public static final Origin API = new Origin(-1, 0, null);

    public static Origin api(String deviceId) {
      return deviceId == null ? API : new Origin(-1, 0, deviceId);
    }

    public static Origin client(int node, long connId) {
      return new Origin(node, connId, null);
    }

    public boolean isApi() {
      return node < 0;
    }
  }

  /** The same message to {@code uid}'s person channel, with a client_msg_no of its own (sendbatch). */
  public SendRequest toPerson(String uid) {
    return new SendRequest(fromUid, uid, ChannelType.PERSON, null, null, streamNo, topic, tagKey, expire, setting,
        noPersist, redDot, syncOnce, payload, origin);
  }
}
