package io.jindou.access.gateway;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Slows down repeated failed CONNECTs from one client address ({@link io.jindou.access.net.ClientAddress#key}: the
 * IPv4 address, or the /64 of an IPv6 one). Up to {@code auth_fail_threshold} failures within
 * {@code auth_fail_window_ms} cost nothing; after that every CONNECT from that address waits before its token is
 * checked — 100 ms, doubling with each further failure, at most {@code auth_fail_delay_max_ms} — so that guessing
 * tokens from one address runs at most {@code max_connections_per_ip / delay} attempts per second. Successful
 * CONNECTs do not clear the count (several users can share one address); a window without failures does.
 *
 * <p>Bounded: at most {@code auth_fail_ips_max} addresses are remembered, the least recently failing one is
 * forgotten first. Thread-safe (the gateway's event loops share one instance; it is touched only on CONNECT). It
 * never refuses a CONNECT by itself: the session asks for the delay and decides.
 */
final class AuthFailures {
  static final long BASE_DELAY_MS = 100;

  private static final class Entry {
    int failures;
    long lastFailure;
  }

  private final int threshold;
  private final long maxDelayMs;
  private final long windowMs;
  private final LinkedHashMap<String, Entry> byAddress;

  AuthFailures(int threshold, long maxDelayMs, long windowMs, int maxAddresses) {
    this.threshold = threshold;
    this.maxDelayMs = maxDelayMs;
    this.windowMs = windowMs;
    this.byAddress = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
        return size() > maxAddresses;
      }
    };
  }

  /** How long a CONNECT from {@code address} must wait before its token is checked (0 = not at all). */
  synchronized long delayMs(String address, long now) {
    Entry e = byAddress.get(address);
    if (e == null) {
      return 0;
    }
    if (now - e.lastFailure > windowMs) {
      byAddress.remove(address);
      return 0;
    }
    int over = e.failures - threshold;
    if (over <= 0 || maxDelayMs <= 0) {
      return 0;
    }
    return Math.min(maxDelayMs, BASE_DELAY_MS << Math.min(over - 1, 30));
  }

  /** Counts one refused CONNECT from {@code address} (a wrong or missing token, credentials that cannot be valid). */
  synchronized void failed(String address, long now) {
    Entry e = byAddress.get(address);
    if (e == null || now - e.lastFailure > windowMs) {
      e = new Entry();
      byAddress.put(address, e);
    }
    e.failures++;
    e.lastFailure = now;
  }

  synchronized int tracked() {
    return byAddress.size();
  }
}
