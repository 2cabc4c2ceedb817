package io.jindou.proto;

/**
 * Encodes one {@link Packet} into one complete WKProto frame for a given protocol version (spec §1–§2).
 *
 * <pre>
 * +--------+------------------------+----------------------------------+
 * | header | remaining length 1..4B | body (layout per type, version)  |
 * | 1 byte | 7 bits/byte, LSB first | remaining length bytes           |
 * +--------+------------------------+----------------------------------+
 * header = type &lt;&lt; 4 | flags;  PING = 0x70 and PONG = 0x80 are the whole frame.
 * </pre>
 *
 * <p>The body is measured first and the frame allocated once. Fields a version does not carry are silently
 * dropped (expire below v3, stream fields outside v2–4, nodeId below v4), as the WuKongIM codecs do, so one
 * record can be encoded for recipients of different versions. It never encrypts, never coalesces packets and
 * never writes a zero remaining length. A value that cannot be represented (a messageSeq over u32 for v ≤ 5, a
 * string over 65535 UTF-8 bytes, an unpaired surrogate) is our bug, not the peer's: {@link IllegalArgumentException}.
 */
public final class WkEncoder {
  /** Largest value a 4-byte remaining length can carry. */
  public static final int MAX_REMAINING_LENGTH = 0x0FFF_FFFF;

  private static final byte[] PING = {(byte) 0x70};
  private static final byte[] PONG = {(byte) 0x80};

  private WkEncoder() {
  }

  /**
   * The frame for {@code p}, laid out for the session's negotiated {@code version} (1..6; CONNECT, PING, PONG,
   * DISCONNECT, SUB, SUBACK and EVENT are the same for every version). Returns a fresh array each call.
   */
  public static byte[] encode(Packet p, int version) {
    ProtocolVersion.require(version);
    Check.notNull("packet", p);
    if (p instanceof PingPacket) {
      return PING.clone();
    }
    if (p instanceof PongPacket) {
      return PONG.clone();
    }
    BodyWriter counter = BodyWriter.counting();
    writeBody(p, version, counter);
    int length = counter.position();
    if (length < 0 || length > MAX_REMAINING_LENGTH) {
      throw new IllegalArgumentException(
          p.packetType() + " body too large: remainingLength=" + length + ", max=" + MAX_REMAINING_LENGTH);
    }
    byte[] out = new byte[1 + remainingLengthSize(length) + length];
    out[0] = (byte) header(p);
    int pos = remainingLength(length, out, 1);
    BodyWriter writer = BodyWriter.into(out, pos);
    writeBody(p, version, writer);
    if (writer.position() != out.length) {
      throw new IllegalStateException("encoder size mismatch for " + p.packetType() + ": measured " + length
          + ", wrote " + (writer.position() - pos));
    }
    return out;
  }

  /** Number of bytes (1..4) the remaining length {@code length} takes on the wire. */
  static int remainingLengthSize(int length) {
    return length < 0x80 ? 1 : length < 0x4000 ? 2 : length < 0x20_0000 ? 3 : 4;
  }

  private static int headerFlags(Packet p) {
    if (p instanceof SendPacket s) {
      return s.flags().bits();
    } else if (p instanceof SendackPacket a) {
      return a.flags().bits();
    } else if (p instanceof RecvPacket r) {
      return r.flags().bits();
    } else if (p instanceof RecvackPacket a) {
      return a.flags().bits();
    } else if (p instanceof ConnackPacket c) {
      return c.hasServerVersion() ? 1 : 0;
    }
    return 0;
  }

  private static void writeBody(Packet p, int v, BodyWriter w) {
    if (p instanceof ConnectPacket c) {
      w.u8(c.version());
      w.u8(c.deviceFlag());
      w.str("deviceId", c.deviceId());
      w.str("uid", c.uid());
      w.str("token", c.token());
      w.u64(c.clientTimestamp());
      w.str("clientKey", c.clientKey());
    } else if (p instanceof ConnackPacket c) {
      if (c.hasServerVersion()) {
        w.u8(c.serverVersion());
      }
      w.u64(c.timeDiff());
      w.u8(c.reasonCode());
      w.str("serverKey", c.serverKey());
      w.str("salt", c.salt());
      if (ProtocolVersion.hasNodeId(v)) {
        w.u64(c.nodeId());
      }
    } else if (p instanceof SendPacket s) {
      writeSend(s, v, w);
    } else if (p instanceof SendackPacket a) {
      w.u64(a.messageId());
      w.u32(a.clientSeq());
      messageSeq(a.messageSeq(), v, w);
      w.u8(a.reasonCode());
      if (!a.clientMsgNo().isEmpty()) {
        w.str("clientMsgNo", a.clientMsgNo());
      }
    } else if (p instanceof RecvPacket r) {
      writeRecv(r, v, w);
    } else if (p instanceof RecvackPacket a) {
      w.u64(a.messageId());
      messageSeq(a.messageSeq(), v, w);
    } else if (p instanceof DisconnectPacket d) {
      w.u8(d.reasonCode());
      w.str("reason", d.reason());
    } else if (p instanceof SubPacket s) {
      w.u8(s.setting().bits());
      w.str("subNo", s.subNo());
      w.str("channelId", s.channelId());
      w.u8(s.channelType());
      w.u8(s.action());
      w.str("param", s.param());
    } else if (p instanceof SubackPacket s) {
      w.str("subNo", s.subNo());
      w.str("channelId", s.channelId());
      w.u8(s.channelType());
      w.u8(s.action());
      w.u8(s.reasonCode());
    } else if (p instanceof EventPacket e) {
      w.str("id", e.id());
      w.str("type", e.type());
      w.u64(e.timestamp());
      w.bytes(e.data());
    } else {
      throw new IllegalArgumentException("no body layout for " + p.packetType());
    }
  }

  private static void writeSend(SendPacket s, int v, BodyWriter w) {
    w.u8(s.setting().bits());
    w.u32(s.clientSeq());
    w.str("clientMsgNo", s.clientMsgNo());
    if (ProtocolVersion.hasStreamFields(v) && s.setting().stream()) {
      w.str("streamNo", s.streamNo());
    }
    w.str("channelId", s.channelId());
    w.u8(s.channelType());
    if (ProtocolVersion.hasExpire(v)) {
      w.u32(s.expire());
    }
    w.str("msgKey", s.msgKey());
    if (s.setting().topic()) {
      w.str("topic", s.topic());
    }
    w.bytes(s.payload());
  }

  private static void writeRecv(RecvPacket r, int v, BodyWriter w) {
    writeRecvFields(r, r.msgKey(), v, w);
    w.bytes(r.payload());
  }

  /**
   * A RECV's body up to its payload (which is the rest), with {@code msgKey} as the second field: {@link RecvFrame}
   * writes a placeholder there and the real msgKey once the sealed payload is in place.
   */
  static void writeRecvFields(RecvPacket r, String msgKey, int v, BodyWriter w) {
    w.u8(r.setting().bits());
    w.str("msgKey", msgKey);
    w.str("fromUid", r.fromUid());
    w.str("channelId", r.channelId());
    w.u8(r.channelType());
    if (ProtocolVersion.hasExpire(v)) {
      w.u32(r.expire());
    }
    w.str("clientMsgNo", r.clientMsgNo());
    if (ProtocolVersion.hasStreamFields(v) && r.setting().stream()) {
      w.u8(r.streamFlag());
      w.str("streamNo", r.streamNo());
      w.u64(r.streamId());
    }
    w.u64(r.messageId());
    messageSeq(r.messageSeq(), v, w);
    w.u32(r.timestamp() & 0xFFFF_FFFFL);
    if (r.setting().topic()) {
      w.str("topic", r.topic());
    }
  }

  /** The header byte of a frame for {@code p}. */
  static int header(Packet p) {
    return p.packetType().code() << 4 | headerFlags(p);
  }

  /** Writes the remaining length {@code length} at {@code out[at]}; returns the position after it. */
  static int remainingLength(int length, byte[] out, int at) {
    int pos = at;
    int n = length;
    do {
      int digit = n & 0x7F;
      n >>>= 7;
      out[pos++] = (byte) (n > 0 ? digit | 0x80 : digit);
    } while (n > 0);
    return pos;
  }

  private static void messageSeq(long seq, int v, BodyWriter w) {
    if (ProtocolVersion.hasU64MessageSeq(v)) {
      w.u64(seq);
    } else if (seq < 0 || seq > Check.U32_MAX) {
      throw new IllegalArgumentException(
          "messageSeq " + Long.toUnsignedString(seq) + " does not fit u32 for protocol version " + v);
    } else {
      w.u32(seq);
    }
  }
}
