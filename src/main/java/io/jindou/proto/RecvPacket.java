package io.jindou.proto;

import java.util.Arrays;
import java.util.Objects;

/**
 * RECV (type 5, server → client, spec §2.6). Note msgKey is the <em>second</em> field, unlike SEND.
 *
 * <pre>
 * setting u8 | msgKey str | fromUid str | channelId str | channelType u8 | [expire u32: v ≥ 3] | clientMsgNo str
 * | [streamFlag u8 | streamNo str | streamId u64: 2 ≤ v &lt; 5 and Stream bit]
 * | messageId i64 | messageSeq u32 (v ≤ 5) / u64 (v 6) | timestamp i32 | [topic str: Topic bit] | payload rest
 * </pre>
 *
 * <p>One record per recipient connection: channelId is the recipient's view (the peer's uid for person channels)
 * and payload/msgKey are sealed with that connection's key ({@link WkCryptoSession#sealRecv}). This record never
 * seals itself. The JS SDKs drop a RECV whose msgKey does not verify, and never RECVACK it. Equality compares
 * the payload by content.
 *
 * @param expire seconds, u32; written only for versions ≥ 3
 * @param streamFlag u8; the three stream fields are written only for versions 2–4 with the Stream bit
 * @param messageSeq must fit u32 when encoded for versions ≤ 5
 * @param timestamp seconds since the epoch (i32)
 * @param topic written only with the Topic bit; {@code ""} otherwise
 */
public record RecvPacket(Flags flags, Setting setting, String msgKey, String fromUid, String channelId,
    int channelType, long expire, String clientMsgNo, int streamFlag, String streamNo, long streamId,
    long messageId, long messageSeq, int timestamp, String topic, byte[] payload) implements Packet {

  public RecvPacket {
    Check.notNull("flags", flags);
    Check.notNull("setting", setting);
    Check.notNull("msgKey", msgKey);
    Check.notNull("fromUid", fromUid);
    Check.notNull("channelId", channelId);
    Check.u8("channelType", channelType);
    Check.u32("expire", expire);
    Check.notNull("clientMsgNo", clientMsgNo);
    Check.u8("streamFlag", streamFlag);
    Check.notNull("streamNo", streamNo);
    Check.notNull("topic", topic);
    Check.notNull("payload", payload);
  }

  /** This packet with another wire payload and msgKey (what sealing and opening change). */
  public RecvPacket withPayload(byte[] newPayload, String newMsgKey) {
    return new RecvPacket(flags, setting, newMsgKey, fromUid, channelId, channelType, expire, clientMsgNo,
        streamFlag, streamNo, streamId, messageId, messageSeq, timestamp, topic, newPayload);
  }

  /** This packet with another setting byte (the gateway clears NoEncrypt on a RECV it seals). */
  public RecvPacket withSetting(Setting newSetting) {
    return new RecvPacket(flags, newSetting, msgKey, fromUid, channelId, channelType, expire, clientMsgNo,
        streamFlag, streamNo, streamId, messageId, messageSeq, timestamp, topic, payload);
  }

  @Override
  public PacketType packetType() {
    return PacketType.RECV;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RecvPacket p && flags.equals(p.flags) && setting.equals(p.setting)
        && msgKey.equals(p.msgKey) && fromUid.equals(p.fromUid) && channelId.equals(p.channelId)
        && channelType == p.channelType && expire == p.expire && clientMsgNo.equals(p.clientMsgNo)
        && streamFlag == p.streamFlag && streamNo.equals(p.streamNo) && streamId == p.streamId
        && messageId == p.messageId && messageSeq == p.messageSeq && timestamp == p.timestamp
        && topic.equals(p.topic) && Arrays.equals(payload, p.payload);
  }

  @Override
  public int hashCode() {
    return Objects.hash(flags, setting, msgKey, fromUid, channelId, channelType, expire, clientMsgNo, streamFlag,
        streamNo, streamId, messageId, messageSeq, timestamp, topic, Arrays.hashCode(payload));
  }

  @Override
  public String toString() {
    return "RecvPacket[flags=" + flags + ", setting=" + setting + ", msgKey=" + msgKey + ", fromUid=" + fromUid
        + ", channelId=" + channelId + ", channelType=" + channelType + ", expire=" + expire + ", clientMsgNo="
        + clientMsgNo + ", streamFlag=" + streamFlag + ", streamNo=" + streamNo + ", streamId=" + streamId
        + ", messageId=" + messageId + ", messageSeq=" + messageSeq + ", timestamp=" + timestamp + ", topic="
        + topic + ", payload=" + payload.length + " bytes]";
  }
}
