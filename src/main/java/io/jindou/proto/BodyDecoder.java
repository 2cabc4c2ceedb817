package io.jindou.proto;

/**
 * The per-type body layouts of spec §2, read side; shared by the streaming and the one-frame paths of
 * {@link WkDecoder}. Fields a version does not carry are left at 0 / {@code ""}. Bytes after the last field are
 * ignored, as both JS decoders do (each packet is decoded from its own slice); the only optional trailers that are
 * read are CONNACK's nodeId and SENDACK's clientMsgNo.
 */
final class BodyDecoder {
  private BodyDecoder() {
  }

  static Packet decode(PacketType type, int flags, byte[] buf, int offset, int length, int version)
      throws ProtocolException {
    BodyReader r = new BodyReader(type, buf, offset, length);
    switch (type) {
      case CONNECT:
        return new ConnectPacket(r.u8("version"), r.u8("deviceFlag"), r.str("deviceId"), r.str("uid"),
            r.str("token"), r.u64("clientTimestamp"), r.str("clientKey"));
      case CONNACK:
        return connack(r, flags, version);
      case SEND:
        return send(r, flags, negotiated(type, version));
      case SENDACK: {
        int v = negotiated(type, version);
        return new SendackPacket(Flags.fromBits(flags), r.u64("messageId"), r.u32("clientSeq"), messageSeq(r, v),
            r.u8("reasonCode"), r.remaining() > 0 ? r.str("clientMsgNo") : "");
      }
      case RECV:
        return recv(r, flags, negotiated(type, version));
      case RECVACK: {
        int v = negotiated(type, version);
        return new RecvackPacket(Flags.fromBits(flags), r.u64("messageId"), messageSeq(r, v));
      }
      case DISCONNECT:
        return new DisconnectPacket(r.u8("reasonCode"), r.str("reason"));
      case SUB:
        return new SubPacket(Setting.of(r.u8("setting")), r.str("subNo"), r.str("channelId"), r.u8("channelType"),
            r.u8("action"), r.str("param"));
      case SUBACK:
        return new SubackPacket(r.str("subNo"), r.str("channelId"), r.u8("channelType"), r.u8("action"),
            r.u8("reasonCode"));
      case EVENT:
        return new EventPacket(r.str("id"), r.str("type"), r.u64("timestamp"), r.rest());
      case PING:
        return PingPacket.INSTANCE;
      case PONG:
        return PongPacket.INSTANCE;
      default:
        throw new ProtocolException("no body layout for packet type " + type);
    }
  }

  private static int negotiated(PacketType type, int version) throws ProtocolException {
    if (version < ProtocolVersion.MIN) {
      throw new ProtocolException(type + " received before the protocol version was negotiated");
    }
    return version;
  }

  /**
   * serverVersion iff the header's HasServerVersion bit. nodeId is read when the packet's own serverVersion (or,
   * without the flag, the caller's version) is ≥ 4 and bytes remain: a v3 failure CONNACK has no flag but a
   * trailing nodeId, a v1–3 layout has none, and both must decode for a v5 client.
   */
  private static ConnackPacket connack(BodyReader r, int flags, int version) throws ProtocolException {
    boolean hasServerVersion = (flags & 0x01) != 0;
    int serverVersion = hasServerVersion ? r.u8("serverVersion") : 0;
    long timeDiff = r.u64("timeDiff");
    int reasonCode = r.u8("reasonCode");
    String serverKey = r.str("serverKey");
    String salt = r.str("salt");
    int layout = hasServerVersion ? serverVersion : version;
    long nodeId = ProtocolVersion.hasNodeId(layout) && r.remaining() > 0 ? r.u64("nodeId") : 0;
    return new ConnackPacket(hasServerVersion, serverVersion, timeDiff, reasonCode, serverKey, salt, nodeId);
  }

  private static SendPacket send(BodyReader r, int flags, int v) throws ProtocolException {
    Setting setting = Setting.of(r.u8("setting"));
    long clientSeq = r.u32("clientSeq");
    String clientMsgNo = r.str("clientMsgNo");
    String streamNo = ProtocolVersion.hasStreamFields(v) && setting.stream() ? r.str("streamNo") : "";
    String channelId = r.str("channelId");
    int channelType = r.u8("channelType");
    long expire = ProtocolVersion.hasExpire(v) ? r.u32("expire") : 0;
    String msgKey = r.str("msgKey");
    String topic = setting.topic() ? r.str("topic") : "";
    return new SendPacket(Flags.fromBits(flags), setting, clientSeq, clientMsgNo, streamNo, channelId, channelType,
        expire, msgKey, topic, r.rest());
  }

  private static RecvPacket recv(BodyReader r, int flags, int v) throws ProtocolException {
    Setting setting = Setting.of(r.u8("setting"));
    String msgKey = r.str("msgKey");
    String fromUid = r.str("fromUid");
    String channelId = r.str("channelId");
    int channelType = r.u8("channelType");
    long expire = ProtocolVersion.hasExpire(v) ? r.u32("expire") : 0;
    String clientMsgNo = r.str("clientMsgNo");
    int streamFlag = 0;
    String streamNo = "";
    long streamId = 0;
    if (ProtocolVersion.hasStreamFields(v) && setting.stream()) {
      streamFlag = r.u8("streamFlag");
      streamNo = r.str("streamNo");
      streamId = r.u64("streamId");
    }
    long messageId = r.u64("messageId");
    long messageSeq = messageSeq(r, v);
    int timestamp = r.i32("timestamp");
    String topic = setting.topic() ? r.str("topic") : "";
    return new RecvPacket(Flags.fromBits(flags), setting, msgKey, fromUid, channelId, channelType, expire,
        clientMsgNo, streamFlag, streamNo, streamId, messageId, messageSeq, timestamp, topic, r.rest());
  }

  private static long messageSeq(BodyReader r, int v) throws ProtocolException {
    return ProtocolVersion.hasU64MessageSeq(v) ? r.u64("messageSeq") : r.u32("messageSeq");
  }
}
