package io.jindou.proto;

/**
 * SENDACK (type 4, server → client, spec §2.5).
 *
 * <pre>messageId i64 | clientSeq u32 | messageSeq u32 (v ≤ 5) / u64 (v 6) | reasonCode u8 | [clientMsgNo str]</pre>
 *
 * <p>The trailing clientMsgNo is the v3 server's optional trailer: written iff non-empty, read iff bytes remain.
 * The v2 server never writes it and the JS SDKs ignore it, so Jindou leaves it {@code ""}. The v3 decoder's
 * transitional layout (clientMsgNo before messageSeq) is not accepted. The v2 server echoes the SEND's header
 * flags here ({@code 0x42} for JS); v3 sends none.
 *
 * @param clientSeq u32, the SEND's clientSeq: the JS SDK matches acks to its queue by it
 * @param messageSeq must fit u32 when encoded for versions ≤ 5
 */
public record SendackPacket(Flags flags, long messageId, long clientSeq, long messageSeq, int reasonCode,
    String clientMsgNo) implements Packet {

  public SendackPacket {
    Check.notNull("flags", flags);
    Check.u32("clientSeq", clientSeq);
    Check.u8("reasonCode", reasonCode);
    Check.notNull("clientMsgNo", clientMsgNo);
  }

  @Override
  public PacketType packetType() {
    return PacketType.SENDACK;
  }
}
