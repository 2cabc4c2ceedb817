package io.jindou.webhook;

import io.jindou.channel.MessageIds;
import io.jindou.model.Message;
import io.jindou.store.WebhookStore.Entry;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the channel's owner handed over when it committed a message, kept by outbox entry (log and seq) for a short
 * while so that forming the message's events needs no store read: the message itself, and the recipients it was
 * fanned out to (subscribers plus a datasource's members, a temp channel's list, request-scoped subscribers), so
 * that its {@code msg.offline} uses the same list. Without a hint (after a restart, or when it came too late) the
 * webhook domain reads the message and the stored members instead. The outbox keeps hints only for what its entries
 * do not carry: with {@code msg.offline} off and a store whose young entries carry their messages, none. Bounded:
 * at most {@value #MAX} hints and about {@value #PAYLOAD_BYTES_MAX} payload bytes (past it a hint keeps the
 * recipients only), each kept {@value #TTL_MS} ms at most. It holds references to the owner's immutable values (no
 * copies) and never changes them. Thread-safe.
 */
final class CommitHints {
  static final int MAX = 100_000;
  static final long PAYLOAD_BYTES_MAX = 32L << 20;
  static final long TTL_MS = 60_000;

  /** {@code message} null when it was not kept; {@code recipients} null when {@code msg.offline} is not wanted. */
  record Hint(Message message, Collection<String> recipients, long atMs) {
    long bytes() {
      return message == null ? 0 : message.payload().length;
    }
  }

  private final Map<Entry, Hint> hints = new ConcurrentHashMap<>();
  private final AtomicLong payloadBytes = new AtomicLong();
  private volatile long lastPurge;

  void put(Message m, Collection<String> recipients) {
    long now = System.currentTimeMillis();
    if (now - lastPurge > TTL_MS / 4) {
      lastPurge = now;
      hints.entrySet().removeIf(e -> {
        boolean old = now - e.getValue().atMs() > TTL_MS;
        if (old) {
          payloadBytes.addAndGet(-e.getValue().bytes());
        }
        return old;
      });
    }
    if (hints.size() >= MAX) {
      return;
    }
    boolean keepMessage = payloadBytes.get() + m.payload().length <= PAYLOAD_BYTES_MAX;
    Hint h = new Hint(keepMessage ? m : null, recipients, now);
    Hint before = hints.put(new Entry(m.channel(), m.messageSeq()), h);
    payloadBytes.addAndGet(h.bytes() - (before == null ? 0 : before.bytes()));
  }

  /** The hint of this entry, left in place; null when there is none. */
  Hint peek(Entry e) {
    return hints.get(e);
  }

  /**
   * Whether a message of {@code read} committed less than {@code waitMs} ago has no hint yet: the owner hands it
   * over right after the commit, so the forming waits a round for it rather than read the stored members (which
   * miss a datasource's members and request-scoped lists). Older messages (a restart, a takeover) do not wait.
   */
  boolean awaited(Map<Entry, Message> read, long waitMs) {
    long now = System.currentTimeMillis();
    for (Map.Entry<Entry, Message> r : read.entrySet()) {
      long committedMs = MessageIds.createdMs(r.getValue().messageId());
      if (now - committedMs < waitMs && !hints.containsKey(r.getKey())) {
        return true;
      }
    }
    return false;
  }

  /** The hint of this entry, forgotten as it is taken; null when there is none. */
  Hint take(Entry e) {
    Hint h = hints.remove(e);
    if (h != null) {
      payloadBytes.addAndGet(-h.bytes());
    }
    return h;
  }
}
