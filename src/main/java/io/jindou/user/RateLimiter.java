package io.jindou.user;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets keyed by a string (a uid): {@code ratePerSecond} tokens per second, at most {@code burst}
 * saved up. Thread-safe. Buckets that have been full for a minute are forgotten by {@link #sweep}, so memory
 * follows the number of recently active keys. A rate of 0 turns the limiter off. It never blocks: a caller
 * over its rate is simply refused.
 */
public final class RateLimiter {
  private static final class Bucket {
    double tokens;
    long last;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.last = now;
    }
  }

  private final double rate;
  private final double burst;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  public RateLimiter(double ratePerSecond, double burst) {
    this.rate = ratePerSecond;
    this.burst = Math.max(burst, ratePerSecond);
  }

  public boolean enabled() {
    return rate > 0;
  }

  /** Takes one token for {@code key}; false when the key is over its rate. */
  public boolean tryAcquire(String key) {
    if (rate <= 0) {
      return true;
    }
    long now = System.nanoTime();
    Bucket b = buckets.computeIfAbsent(key, k -> new Bucket(burst, now));
    synchronized (b) {
      b.tokens = Math.min(burst, b.tokens + (now - b.last) / 1e9 * rate);
      b.last = now;
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return true;
      }
      return false;
    }
  }

  /** Forgets buckets idle long enough to be full again; call periodically. */
  public void sweep() {
    long now = System.nanoTime();
    buckets.entrySet().removeIf(e -> (now - e.getValue().last) / 1e9 * rate + e.getValue().tokens >= burst
        && now - e.getValue().last > 60_000_000_000L);
  }
}
