package io.jindou.access.net;

import java.util.concurrent.ConcurrentHashMap;

/**
 * How many connections each client address ({@link ClientAddress#key}) holds on one group of listeners, and the
 * cap on it ({@code max_connections_per_ip}; 0 = no cap). A listener calls {@link #tryAcquire} when it accepts a
 * connection (and closes it at once on {@code false}) and {@link #release} exactly once when that connection
 * closes. Thread-safe: the listeners of every event loop share one instance. It holds one entry per address
 * that has a connection open right now, so its size is bounded by the open connections; it never closes a
 * connection itself.
 */
public final class PerIpLimit {
  private final int max;
  private final ConcurrentHashMap<String, Integer> open = new ConcurrentHashMap<>();

  public PerIpLimit(int max) {
    this.max = max;
  }

  /** Counts one more connection from {@code key}; false (and nothing counted) when that would pass the cap. */
  public boolean tryAcquire(String key) {
    if (max <= 0) {
      return true;
    }
    boolean[] ok = new boolean[1];
    open.compute(key, (k, n) -> {
      int now = n == null ? 0 : n;
      if (now >= max) {
        return n;
      }
      ok[0] = true;
      return now + 1;
    });
    return ok[0];
  }

  /** Forgets one connection of {@code key} (its entry goes when the count reaches zero). */
  public void release(String key) {
    if (max <= 0) {
      return;
    }
    open.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
  }

  /** Connections open now from {@code key}. */
  public int count(String key) {
    Integer n = open.get(key);
    return n == null ? 0 : n;
  }

  /** Addresses with at least one connection open. */
  public int addresses() {
    return open.size();
  }

  public int max() {
    return max;
  }
}
