package io.jindou.access.gateway;

import io.jindou.model.Message;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The RECVs one connection was sent but has not acknowledged, oldest first, bounded: past the bound the
 * oldest is dropped (that message waits for sync). It keeps the committed message, not the frame: the message is
 * shared by every recipient, and the session writes the same RECV again from it for a retry. It decides which are
 * due for another push and gives up after the configured attempts. Confined to the connection's event loop; the
 * map is created on first use so idle connections carry none.
 */
final class UnackedRecvs {
  private record Entry(Message message, int attempts, long sentAt) {
  }

  private int max;
  private LinkedHashMap<Long, Entry> entries;

  UnackedRecvs(int max) {
    this.max = max;
  }

  /**
   * The map key of a message id. Snowflake ids differ mostly in bits that {@code Long.hashCode} folds together
   * (one message per millisecond has step 0), which piles them into a few buckets; multiplying by an odd
   * constant is a bijection that spreads them.
   */
  private static Long key(long messageId) {
    return messageId * 0x9E3779B97F4A7C15L;
  }

  void track(Message m, long now) {
    if (entries == null) {
      entries = new LinkedHashMap<>();
    }
    entries.put(key(m.messageId()), new Entry(m, 1, now));
    trim();
  }

  /** From now on keeps at most {@code max} (the connection's share, {@link ConnectionShares}); the oldest go first. */
  void bound(int max) {
    this.max = max;
    trim();
  }

  private void trim() {
    if (entries != null && entries.size() > max) {
      Iterator<Long> it = entries.keySet().iterator();
      for (int n = entries.size() - max; n > 0; n--) {
        it.next();
        it.remove();
      }
    }
  }

  /**
   * Forgets the RECV of {@code messageId}; when it was waiting for this acknowledgement, the time it was (last)
   * sent, else -1.
   */
  long ack(long messageId) {
    Entry e = entries == null ? null : entries.remove(key(messageId));
    return e == null ? -1 : e.sentAt();
  }

  int size() {
    return entries == null ? 0 : entries.size();
  }

  /**
   * The messages to push again now: entries older than {@code interval} with attempts left (they become the
   * youngest); entries out of attempts are forgotten.
   */
  List<Message> due(long now, long interval, int maxAttempts) {
    if (entries == null || entries.isEmpty()) {
      return List.of();
    }
    List<Map.Entry<Long, Entry>> due = new ArrayList<>();
    Iterator<Map.Entry<Long, Entry>> it = entries.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<Long, Entry> e = it.next();
      if (now - e.getValue().sentAt() < interval) {
        break; // insertion order = send order: the rest are younger
      }
      it.remove();
      if (e.getValue().attempts() < maxAttempts) {
        due.add(e);
      }
    }
    List<Message> messages = new ArrayList<>(due.size());
    for (Map.Entry<Long, Entry> e : due) {
      Entry u = e.getValue();
      entries.put(e.getKey(), new Entry(u.message(), u.attempts() + 1, now));
      messages.add(u.message());
    }
    return messages;
  }
}
