package io.jindou.access.gateway;

/**
 * One connection's packet budget ({@code rate_packets_per_conn}, {@code rate_packets_burst_per_conn}): a token
 * bucket of {@code perSecond} tokens a second holding at most {@code burst}. Owned by one session on its event
 * loop, so it is not thread-safe and allocates nothing per packet. A rate of 0 turns it off. It only answers
 * whether a packet fits; what happens to one that does not is the session's decision.
 */
final class PacketRate {
  private final double perSecond;
  private final double burst;
  private double tokens;
  private long last = System.nanoTime();

  PacketRate(double perSecond, double burst) {
    this.perSecond = perSecond;
    this.burst = Math.max(burst, perSecond);
    this.tokens = this.burst;
  }

  /** Takes one token; false when the connection is over its rate. */
  boolean tryAcquire() {
    if (perSecond <= 0) {
      return true;
    }
    long now = System.nanoTime();
    tokens = Math.min(burst, tokens + (now - last) / 1e9 * perSecond);
    last = now;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }
}
