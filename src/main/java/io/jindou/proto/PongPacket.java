package io.jindou.proto;

/**
 * PONG (type 8, server → client, spec §2.8): the single byte {@code 0x80}, no remaining length. The server sends
 * it only in answer to a PING and never pings the client itself.
 */
public record PongPacket() implements Packet {
  public static final PongPacket INSTANCE = new PongPacket();

  @Override
  public PacketType packetType() {
    return PacketType.PONG;
  }
}
