package io.jindou.proto;

import java.util.Arrays;
import java.util.Objects;

/**
 * SEND (type 3, client → server, spec §2.4).
 *
 * <pre>
 * setting u8 | clientSeq u32 | clientMsgNo str | [streamNo str: 2 ≤ v &lt; 5 and Stream bit]
 * | channelId str | channelType u8 | [expire u32: v ≥ 3] | msgKey str | [topic str: Topic bit] | payload rest
 * </pre>
 *
 * <p>The payload is what travels: the base64 text of the AES ciphertext unless NoEncrypt. This record never
 * decrypts or verifies itself; {@link WkCryptoSession} does. Equality compares the payload by content.
 *
 * @param clientSeq u32, echoed in the SENDACK
 * @param streamNo written only for versions 2–4 with the Stream bit; {@code ""} otherwise
 * @param expire seconds, u32, 0 = never; written only for versions ≥ 3
 * @param msgKey 32 lowercase hex chars (§3.4), {@code ""} for NoEncrypt
 * @param topic written only with the Topic bit; {@code ""} otherwise
 */
public record SendPacket(Flags flags, Setting setting, long clientSeq, String clientMsgNo, String streamNo,
    String channelId, int channelType, long expire, String msgKey, String topic, byte[] payload)
    implements Packet {

  public SendPacket {
    Check.notNull("flags", flags);
    Check.notNull("setting", setting);
    Check.u32("clientSeq", clientSeq);
    Check.notNull("clientMsgNo", clientMsgNo);
    Check.notNull("streamNo", streamNo);
    Check.notNull("channelId", channelId);
    Check.u8("channelType", channelType);
    Check.u32("expire", expire);
    Check.notNull("msgKey", msgKey);
    Check.notNull("topic", topic);
    Check.notNull("payload", payload);
  }

  /** This packet with another wire payload and msgKey (what sealing and opening change). */
  public SendPacket withPayload(byte[] newPayload, String newMsgKey) {
    return new SendPacket(flags, setting, clientSeq, clientMsgNo, streamNo, channelId, channelType, expire,
        newMsgKey, topic, newPayload);
  }

  @Override
  public PacketType packetType() {
    return PacketType.SEND;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SendPacket p && flags.equals(p.flags) && setting.equals(p.setting)
        && clientSeq == p.clientSeq && clientMsgNo.equals(p.clientMsgNo) && streamNo.equals(p.streamNo)
        && channelId.equals(p.channelId) && channelType == p.channelType && expire == p.expire
        && msgKey.equals(p.msgKey) && topic.equals(p.topic) && Arrays.equals(payload, p.payload);
  }

  @Override
  public int hashCode() {
    return Objects.hash(flags, setting, clientSeq, clientMsgNo, streamNo, channelId, channelType, expire, msgKey,
        topic, Arrays.hashCode(payload));
  }

  @Override
  public String toString() {
    return "SendPacket[flags=" + flags + ", setting=" + setting + ", clientSeq=" + clientSeq + ", clientMsgNo="
        + clientMsgNo + ", streamNo=" + streamNo + ", channelId=" + channelId + ", channelType=" + channelType
        + ", expire=" + expire + ", msgKey=" + msgKey + ", topic=" + topic + ", payload=" + payload.length
        + " bytes]";
  }
}
