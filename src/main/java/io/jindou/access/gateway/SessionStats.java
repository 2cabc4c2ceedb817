package io.jindou.access.gateway;

/**
 * Per-connection counters for {@code /connz}, and whether the connection is idle ({@link #idle}, which the
 * gateway's periodic tick asks instead of a timer per connection). Written only on the connection's event loop;
 * read by the admin endpoints without locks (a slightly stale value is fine for monitoring).
 */
final class SessionStats {
  volatile long inMsgs;
  volatile long outMsgs;
  volatile long inBytes;
  volatile long outBytes;
  volatile long inPackets;
  volatile long outPackets;
  volatile int unacked;
  volatile long lastActivity = System.currentTimeMillis();
  /** The outbound packet count when {@link #idle} last looked, and when it last saw it change. */
  private long outSeen;
  private long outSeenAt = lastActivity;

  /**
   * True when nothing was read for {@code idleMs} up to {@code now} and nothing written either, writes being
   * noticed by these calls (so an idle close may come up to one tick late, never early).
   */
  boolean idle(long now, long idleMs) {
    long out = outPackets;
    if (out != outSeen) {
      outSeen = out;
      outSeenAt = now;
    }
    return now - Math.max(lastActivity, outSeenAt) >= idleMs;
  }
}
