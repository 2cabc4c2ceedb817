package io.jindou.proto;

/**
 * CONNACK (type 2, server → client, spec §2.2–2.3).
 *
 * <pre>
 * header 0x20, or 0x21 with HasServerVersion
 * [serverVersion u8 iff HasServerVersion] | timeDiff i64 | reasonCode u8 | serverKey str | salt str
 * [nodeId u64 iff encode version ≥ 4]
 * </pre>
 *
 * <p>HasServerVersion depends on the <em>client's</em> CONNECT version (&gt; 3), nodeId on the <em>negotiated</em>
 * version: use {@link #success} and {@link #failure} rather than the constructor. It never decides the reason
 * code or generates keys.
 *
 * @param serverVersion on the wire only with {@code hasServerVersion}; must be 0 otherwise
 * @param timeDiff server time minus client timestamp, milliseconds (signed)
 * @param serverKey base64 of the server's X25519 public key; {@code ""} on failure
 * @param salt the AES IV, 16 ASCII characters; {@code ""} on failure
 * @param nodeId the serving node; written only when the encode version is ≥ 4
 */
public record ConnackPacket(boolean hasServerVersion, int serverVersion, long timeDiff, int reasonCode,
    String serverKey, String salt, long nodeId) implements Packet {

  public ConnackPacket {
    Check.u8("serverVersion", serverVersion);
    if (!hasServerVersion && serverVersion != 0) {
      throw new IllegalArgumentException(
          "serverVersion " + serverVersion + " is only on the wire with hasServerVersion; pass 0");
    }
    Check.u8("reasonCode", reasonCode);
    Check.notNull("serverKey", serverKey);
    Check.notNull("salt", salt);
  }

  /**
   * The successful reply to a CONNECT carrying {@code clientVersion}; encode it with
   * {@link ProtocolVersion#negotiate(int) negotiate(clientVersion)}.
   */
  public static ConnackPacket success(int clientVersion, long timeDiff, String serverKey, String salt, long nodeId) {
    boolean flag = ProtocolVersion.connackHasServerVersion(clientVersion);
    int serverVersion = flag ? ProtocolVersion.negotiate(clientVersion) : 0;
    return new ConnackPacket(flag, serverVersion, timeDiff, ReasonCode.SUCCESS, serverKey, salt, nodeId);
  }

  /**
   * A failure CONNACK as the v3 server writes it (§2.3): no flag, timeDiff 0, empty key and salt, nodeId 0. The v3
   * server encodes it with {@link ProtocolVersion#UNNEGOTIATED_ENCODE_VERSION}.
   */
  public static ConnackPacket failure(int reasonCode) {
    return new ConnackPacket(false, 0, 0, reasonCode, "", "", 0);
  }

  @Override
  public PacketType packetType() {
    return PacketType.CONNACK;
  }
}
