package io.jindou.proto;

/**
 * DISCONNECT (type 9, either direction, spec §2.9): {@code reasonCode u8 | reason str}. The server's kick is
 * {@code (ReasonCode.CONNECT_KICK, "login in other device")}. It never closes anything itself; the gateway closes
 * the socket after writing it.
 */
public record DisconnectPacket(int reasonCode, String reason) implements Packet {

  public DisconnectPacket {
    Check.u8("reasonCode", reasonCode);
    Check.notNull("reason", reason);
  }

  @Override
  public PacketType packetType() {
    return PacketType.DISCONNECT;
  }
}
