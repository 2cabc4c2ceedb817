package io.jindou.proto;

/**
 * The four fixed-header flag bits of SEND, SENDACK, RECV and RECVACK (spec §1.1): bit 3 DUP, bit 2 SyncOnce,
 * bit 1 RedDot, bit 0 NoPersist. The JS SDKs send SEND with RedDot ({@code 0x32}); RedDot/NoPersist/SyncOnce of a
 * RECV are meaningful to the client, which copies them into its RECVACK.
 *
 * <p>Holds the bits only; it never decides them (copying a SEND's flags into the RECV is the delivery code's job).
 * Packets without flag fields encode the low nibble as 0 and ignore it on input; CONNACK uses the nibble for
 * HasServerVersion instead.
 */
public record Flags(boolean dup, boolean syncOnce, boolean redDot, boolean noPersist) {
  public static final Flags NONE = new Flags(false, false, false, false);
  public static final Flags RED_DOT = new Flags(false, false, true, false);

  public static final int DUP_BIT = 0x08;
  public static final int SYNC_ONCE_BIT = 0x04;
  public static final int RED_DOT_BIT = 0x02;
  public static final int NO_PERSIST_BIT = 0x01;

  /** Reads the low nibble of a header byte (higher bits are ignored). */
  public static Flags fromBits(int bits) {
    return new Flags((bits & DUP_BIT) != 0, (bits & SYNC_ONCE_BIT) != 0, (bits & RED_DOT_BIT) != 0,
        (bits & NO_PERSIST_BIT) != 0);
  }

  /** The low nibble of the header byte. */
  public int bits() {
    return (dup ? DUP_BIT : 0) | (syncOnce ? SYNC_ONCE_BIT : 0) | (redDot ? RED_DOT_BIT : 0)
        | (noPersist ? NO_PERSIST_BIT : 0);
  }
}
