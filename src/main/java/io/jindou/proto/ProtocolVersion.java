package io.jindou.proto;

/**
 * The protocol versions 1–6 and what each changes (spec §1.5), plus the CONNECT → session version negotiation.
 * The encoder and decoder ask this class every version question, so the §1.5 table lives in exactly one place.
 *
 * <p>It never stores a session's version: the gateway keeps the negotiated number and passes it to
 * {@link WkEncoder#encode(Packet, int)} and {@link WkDecoder#setVersion(int)}.
 *
 * <pre>
 * v | CONNACK                               | SEND / RECV                       | SENDACK/RECVACK/RECV messageSeq
 * 1 | timeDiff reason serverKey salt        | -                                 | u32
 * 2 | same                                  | + stream fields if Stream bit     | u32
 * 3 | same                                  | + expire u32                      | u32
 * 4 | + serverVersion (flag), + nodeId u64  | as 3                              | u32
 * 5 | as 4                                  | stream fields removed             | u32
 * 6 | as 4                                  | as 5                              | u64
 * </pre>
 */
public final class ProtocolVersion {
  /** Oldest version accepted. */
  public static final int MIN = 1;
  /** Newest version (WuKongIM v3 server); a CONNECT with a higher number or 0 is answered with this. */
  public static final int MAX = 6;
  /**
   * Version the v3 server uses to encode packets before a session has a version, e.g. a failure CONNACK (§2.3):
   * the CONNACK then carries a trailing {@code nodeId} u64 that every client ignores.
   */
  public static final int UNNEGOTIATED_ENCODE_VERSION = 5;

  private ProtocolVersion() {
  }

  /** Session version for a CONNECT's version byte: {@code 0} or anything above {@link #MAX} becomes MAX. */
  public static int negotiate(int clientVersion) {
    return clientVersion <= 0 || clientVersion > MAX ? MAX : clientVersion;
  }

  /** Whether the CONNACK carries the HasServerVersion flag and the serverVersion byte: iff the client's own
   * version is above 3 (npm 1.0.4 speaks 2 and must never see the flag). */
  public static boolean connackHasServerVersion(int clientVersion) {
    return clientVersion > 3;
  }

  /** CONNACK ends with {@code nodeId u64}. */
  public static boolean hasNodeId(int version) {
    return version >= 4;
  }

  /** SEND and RECV carry {@code expire u32} after channelType. */
  public static boolean hasExpire(int version) {
    return version >= 3;
  }

  /** SEND/RECV carry their stream fields when the Stream setting bit is set. */
  public static boolean hasStreamFields(int version) {
    return version >= 2 && version < 5;
  }

  /**
   * Whether a client speaking this version decodes EVENT (type 12, spec §2.11): the packet is the same for every
   * version, but only clients of version 5 and up (JS SDK 1.3.2+, the v3 codec) are known to have a decoder;
   * npm 1.0.4 speaks 2 and reconnects on an unknown type, and the versions 3–4 of older SDKs are not known to
   * decode it, so they never get one (they read streams through sync).
   */
  public static boolean decodesEvent(int version) {
    return version >= 5;
  }

  /** messageSeq in SENDACK, RECV and RECVACK is u64 instead of u32. */
  public static boolean hasU64MessageSeq(int version) {
    return version >= 6;
  }

  static int require(int version) {
    if (version < MIN || version > MAX) {
      throw new IllegalArgumentException("protocol version must be " + MIN + ".." + MAX + ": " + version);
    }
    return version;
  }
}
