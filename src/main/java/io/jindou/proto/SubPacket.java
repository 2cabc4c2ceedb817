package io.jindou.proto;

/**
 * SUB (type 10, client → server, spec §2.10), subscribe to or leave a live/data channel. Version-independent.
 *
 * <pre>setting u8 | subNo str | channelId str | channelType u8 | action u8 | param str</pre>
 *
 * <p>The JS SDK calls {@code subNo} clientMsgNo. This record never subscribes anybody; it is only the request.
 *
 * @param action 0 subscribe, 1 unsubscribe
 */
public record SubPacket(Setting setting, String subNo, String channelId, int channelType, int action, String param)
    implements Packet {
  public static final int ACTION_SUBSCRIBE = 0;
  public static final int ACTION_UNSUBSCRIBE = 1;

  public SubPacket {
    Check.notNull("setting", setting);
    Check.notNull("subNo", subNo);
    Check.notNull("channelId", channelId);
    Check.u8("channelType", channelType);
    Check.u8("action", action);
    Check.notNull("param", param);
  }

  @Override
  public PacketType packetType() {
    return PacketType.SUB;
  }
}
