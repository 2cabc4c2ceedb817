package io.jindou.channel;

/**
 * Snowflake message ids (spec http-api §2.6): 41 bits of milliseconds since 2010-11-04T01:42:54.657Z,
 * 10 bits of configured node id, 12 bits of per-millisecond step. Thread-safe; never goes backwards even
 * when the wall clock does (it keeps counting on the last millisecond it used).
 */
public final class MessageIds {
  static final long EPOCH = 1288834974657L;
  private static final java.util.HexFormat HEX = java.util.HexFormat.of();
  private final long node;
  private long lastMs = -1;
  private long step;

  public MessageIds(int nodeId) {
    if (nodeId < 0 || nodeId > 1023) {
      throw new IllegalArgumentException("node id must be 0..1023, got " + nodeId);
    }
    this.node = nodeId;
  }

  /**
   * A generated client_msg_no for sends that came without one: 32 hex digits + "0", the shape WuKongIM
   * generates. Not a security token, so a thread-local random is enough (UUID.randomUUID would take the
   * shared SecureRandom lock on every send).
   */
  public static String randomClientMsgNo() {
    java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
    return HEX.toHexDigits(r.nextLong()) + HEX.toHexDigits(r.nextLong()) + "0";
  }

  /** When the message with this id was given it: the id's milliseconds (for telling a message's age). */
  public static long createdMs(long messageId) {
    return (messageId >>> 22) + EPOCH;
  }

  public synchronized long next() {
    long now = Math.max(System.currentTimeMillis(), lastMs);
    if (now == lastMs) {
      step = (step + 1) & 0xFFF;
      if (step == 0) {
        now = ++lastMs;
      }
    } else {
      step = 0;
    }
    lastMs = now;
    return ((now - EPOCH) << 22) | (node << 12) | step;
  }
}
