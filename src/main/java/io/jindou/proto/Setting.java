package io.jindou.proto;

/**
 * The setting byte of SEND, RECV and SUB (spec §1.4), kept as the raw u8 so reserved and legacy bits survive a
 * round trip.
 *
 * <pre>
 * bit 7 Receipt | 6 reserved | 5 Signal | 4 NoEncrypt | 3 Topic | 2 old Stream (npm 1.0.4) | 1 Stream | 0 reserved
 * </pre>
 *
 * <p>The codec acts on two bits only: Topic adds a {@code topic} string to SEND/RECV, and Stream (bit 1, the
 * current GoProto position) adds the stream fields for versions 2–4. It never interprets bit 2 as Stream: npm
 * 1.0.4's stream layout is not interoperable with any server (§1.4), so such a SEND decodes as a plain message.
 * NoEncrypt is reported, not enforced: whether to skip the crypto is the gateway's decision.
 */
public record Setting(int bits) {
  public static final Setting NONE = new Setting(0);

  public static final int RECEIPT = 0x80;
  public static final int SIGNAL = 0x20;
  public static final int NO_ENCRYPT = 0x10;
  public static final int TOPIC = 0x08;
  /** Bit 2: the stream bit of GoProto before 2025-02 and of npm 1.0.4; not acted on by the codec. */
  public static final int LEGACY_STREAM = 0x04;
  public static final int STREAM = 0x02;

  public Setting {
    Check.u8("setting", bits);
  }

  public static Setting of(int bits) {
    return bits == 0 ? NONE : new Setting(bits);
  }

  public boolean has(int mask) {
    return (bits & mask) == mask;
  }

  /** This setting with {@code mask} set or cleared. */
  public Setting with(int mask, boolean on) {
    return of(on ? bits | mask : bits & ~mask);
  }

  public boolean receipt() {
    return has(RECEIPT);
  }

  public boolean signal() {
    return has(SIGNAL);
  }

  public boolean noEncrypt() {
    return has(NO_ENCRYPT);
  }

  public boolean topic() {
    return has(TOPIC);
  }

  public boolean stream() {
    return has(STREAM);
  }
}
