package io.jindou.proto;

/**
 * The twelve WKProto packet types (spec §1.1): the high nibble of the fixed header byte.
 *
 * <pre>
 * bit:  7 6 5 4 | 3    2        1      0
 *       type    | DUP  SyncOnce RedDot NoPersist          (every type except CONNACK)
 *       type    | 0    0        0      HasServerVersion   (CONNACK)
 * </pre>
 *
 * <p>Owns the number ↔ type mapping and nothing else. It never accepts type 0 or 13–15: the lookup throws
 * instead of returning a placeholder, so an unknown byte can never reach a body decoder.
 */
public enum PacketType {
  CONNECT(1),
  CONNACK(2),
  SEND(3),
  SENDACK(4),
  RECV(5),
  RECVACK(6),
  /** One byte {@code 0x70} on the wire: no remaining length. */
  PING(7),
  /** One byte {@code 0x80} on the wire: no remaining length. */
  PONG(8),
  DISCONNECT(9),
  SUB(10),
  SUBACK(11),
  /** v3 / JS 1.3.x only: never send it to a protocol-version-2 client (spec §5). */
  EVENT(12);

  /**
   * The types a client may send (spec §1.1 direction c→s, and EVENT, which goes both ways): a server's decoder
   * accepts only these, so CONNACK, SENDACK, RECV, PONG or SUBACK from a client fail at their header byte.
   */
  public static final java.util.Set<PacketType> FROM_CLIENT = java.util.Collections.unmodifiableSet(
      java.util.EnumSet.of(CONNECT, SEND, RECVACK, PING, DISCONNECT, SUB, EVENT));

  private static final PacketType[] BY_CODE = new PacketType[16];

  static {
    for (PacketType t : values()) {
      BY_CODE[t.code] = t;
    }
  }

  private final int code;

  PacketType(int code) {
    this.code = code;
  }

  /** The 4-bit type number (1..12). */
  public int code() {
    return code;
  }

  /** True for PING and PONG, the two packets that are a single header byte with no remaining length. */
  public boolean isSingleByte() {
    return this == PING || this == PONG;
  }

  /**
   * Looks up a type number.
   *
   * @throws ProtocolException for 0 and 13..15 (and anything outside 0..15)
   */
  public static PacketType fromCode(int code) throws ProtocolException {
    PacketType t = code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    if (t == null) {
      throw new ProtocolException("unknown packet type " + code);
    }
    return t;
  }
}
