package io.jindou.proto;

/**
 * PING (type 7, client → server, spec §2.8): the single byte {@code 0x70}, no remaining length; any low nibble is
 * accepted on input. Carries nothing and never expects anything but a PONG.
 */
public record PingPacket() implements Packet {
  public static final PingPacket INSTANCE = new PingPacket();

  @Override
  public PacketType packetType() {
    return PacketType.PING;
  }
}
