package io.jindou.proto;

/**
 * RECVACK (type 6, client → server, spec §2.7): {@code messageId i64 | messageSeq u32 (v ≤ 5) / u64 (v 6)}.
 * The JS SDKs copy the RECV's NoPersist/SyncOnce/RedDot into its flags ({@code 0x62}). No reply is due; this
 * record never implies one.
 */
public record RecvackPacket(Flags flags, long messageId, long messageSeq) implements Packet {

  public RecvackPacket {
    Check.notNull("flags", flags);
  }

  @Override
  public PacketType packetType() {
    return PacketType.RECVACK;
  }
}
