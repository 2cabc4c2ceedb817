package io.jindou.proto;

/**
 * SUBACK (type 11, server → client, spec §2.10): {@code subNo str | channelId str | channelType u8 | action u8 |
 * reasonCode u8}, echoing the SUB. Version-independent; it never implies the subscription exists.
 */
public record SubackPacket(String subNo, String channelId, int channelType, int action, int reasonCode)
    implements Packet {

  public SubackPacket {
    Check.notNull("subNo", subNo);
    Check.notNull("channelId", channelId);
    Check.u8("channelType", channelType);
    Check.u8("action", action);
    Check.u8("reasonCode", reasonCode);
  }

  @Override
  public PacketType packetType() {
    return PacketType.SUBACK;
  }
}
