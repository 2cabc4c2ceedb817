package io.jindou.proto;

/**
 * CONNECT (type 1, client → server, spec §2.1). Same layout for every version; its {@code version} byte is the
 * client's own protocol version, the input to {@link ProtocolVersion#negotiate(int)}.
 *
 * <pre>version u8 | deviceFlag u8 | deviceId str | uid str | token str | clientTimestamp i64 | clientKey str</pre>
 *
 * <p>Carries what the client said; it never validates the uid, token or key (that is authentication's job).
 *
 * @param deviceFlag 0 APP, 1 WEB, 2 PC, 99 SYSTEM
 * @param clientTimestamp milliseconds since the epoch
 * @param clientKey standard padded base64 of the client's 32-byte X25519 public key
 */
public record ConnectPacket(int version, int deviceFlag, String deviceId, String uid, String token,
    long clientTimestamp, String clientKey) implements Packet {

  public ConnectPacket {
    Check.u8("version", version);
    Check.u8("deviceFlag", deviceFlag);
    Check.notNull("deviceId", deviceId);
    Check.notNull("uid", uid);
    Check.notNull("token", token);
    Check.notNull("clientKey", clientKey);
  }

  @Override
  public PacketType packetType() {
    return PacketType.CONNECT;
  }
}
