package io.jindou.webhook;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The recipients the channel's owner fanned a message out to (subscribers plus a datasource's members, a temp
 * channel's list, request-scoped subscribers), kept by message id for a short while so that forming its
 * {@code msg.offline} uses the same list; without a hint (after a restart, or when it came too late) the webhook
 * domain reads the stored members instead. Bounded: at most {@value #MAX} hints, each kept {@value #TTL_MS} ms at
 * most; over the bound new hints are not kept. It holds references to the owner's immutable snapshots (no copies)
 * and never changes them. Thread-safe.
 */
final class RecipientHints {
  static final int MAX = 100_000;
  static final long TTL_MS = 60_000;

  private record Hint(Collection<String> recipients, long atMs) {
  }

  private final Map<Long, Hint> hints = new ConcurrentHashMap<>();
  private volatile long lastPurge;

  void put(long messageId, Collection<String> recipients) {
    long now = System.currentTimeMillis();
    if (now - lastPurge > TTL_MS / 4) {
      lastPurge = now;
      hints.values().removeIf(h -> now - h.atMs() > TTL_MS);
    }
    if (hints.size() < MAX) {
      hints.put(messageId, new Hint(recipients, now));
    }
  }

  boolean has(long messageId) {
    return hints.containsKey(messageId);
  }

  /** The hint of this message, forgotten as it is taken; null when there is none. */
  Collection<String> take(long messageId) {
    Hint h = hints.remove(messageId);
    return h == null ? null : h.recipients();
  }
}
