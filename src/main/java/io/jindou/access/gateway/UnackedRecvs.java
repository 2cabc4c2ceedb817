package io.jindou.access.gateway;

import io.jindou.model.Message;
import java.util.ArrayList;
import java.util.List;

/**
 * The RECVs one connection was sent but has not acknowledged, oldest first, bounded: past the bound the
 * oldest is dropped (that message waits for sync). It keeps the committed message, not the frame: the message is
 * shared by every recipient, and the session writes the same RECV again from it for a retry. It decides which are
 * due for another push and gives up after the configured attempts. Confined to the connection's event loop.
 *
 * <p>A ring of small entries in send order (about 36 bytes an entry against about 96 for the linked hash map of
 * boxed ids it replaced), created on first use and released when a burst is over, so idle connections carry none.
 * Clients acknowledge in the order they received, so an acknowledgement almost always matches the oldest entry;
 * one that does not is found by a scan of at most the bound (1,024 by default, a few hundred nanoseconds), and
 * leaves a hole that is skipped when it becomes the oldest. (Three parallel arrays, 17 bytes an entry, were tried
 * first and cost 12 % more CPU per delivery: each session's arrays are cold in the cache, where a new entry is not.)
 */
final class UnackedRecvs {
  private static final int FIRST_CAPACITY = 8;
  /** Capacity kept while empty; larger arrays are released when the last entry goes. */
  private static final int RETAINED_CAPACITY = 64;

  private int max;
  /** One entry per slot. {@code attempts}: pushes so far (1 = the first). */
  private record Entry(Message message, long sentAt, int attempts) {
  }

  /** Ring slots from {@code head}: an entry, or null where it was acknowledged (a hole). */
  private Entry[] messages;
  private int head;
  /** Slots in use from {@code head}, holes included. */
  private int span;
  /** Entries waiting for an acknowledgement. */
  private int live;

  UnackedRecvs(int max) {
    this.max = max;
  }

  void track(Message m, long now) {
    while (live >= max && live > 0) {
      dropOldest();
    }
    append(m, 1, now);
  }

  /** From now on keeps at most {@code max} (the connection's share, {@link ConnectionShares}); the oldest go first. */
  void bound(int max) {
    this.max = max;
    trim();
  }

  /**
   * Forgets the RECV of {@code messageId}; when it was waiting for this acknowledgement, the time it was (last)
   * sent, else -1.
   */
  long ack(long messageId) {
    if (live == 0) {
      return -1;
    }
    for (int k = 0; k < span; k++) {
      int i = slot(k);
      Entry e = messages[i];
      if (e != null && e.message().messageId() == messageId) {
        long at = e.sentAt();
        messages[i] = null;
        live--;
        skipHoles();
        return at;
      }
    }
    return -1;
  }

  int size() {
    return live;
  }

  /**
   * The messages to push again now: entries older than {@code interval} with attempts left (they become the
   * youngest); entries out of attempts are forgotten.
   */
  List<Message> due(long now, long interval, int maxAttempts) {
    if (live == 0) {
      return List.of();
    }
    List<Entry> again = new ArrayList<>();
    for (int k = 0; k < span; k++) {
      int i = slot(k);
      Entry e = messages[i];
      if (e == null) {
        continue;
      }
      if (now - e.sentAt() < interval) {
        break; // send order: the rest are younger
      }
      messages[i] = null;
      live--;
      if (e.attempts() < maxAttempts) {
        again.add(e);
      }
    }
    skipHoles();
    List<Message> pushed = new ArrayList<>(again.size());
    for (Entry e : again) {
      append(e.message(), e.attempts() + 1, now);
      pushed.add(e.message());
    }
    return pushed;
  }

  private int slot(int k) {
    return (head + k) & (messages.length - 1);
  }

  private void append(Message m, int tries, long now) {
    if (messages == null) {
      messages = new Entry[FIRST_CAPACITY];
    } else if (span == messages.length) {
      resize(live < span ? messages.length : messages.length * 2); // holes first: closing them may be enough
    }
    messages[slot(span)] = new Entry(m, now, tries);
    span++;
    live++;
  }

  /** Copies the live entries, in order and without holes, into arrays of {@code capacity} (a power of two). */
  private void resize(int capacity) {
    Entry[] m = new Entry[capacity];
    int n = 0;
    for (int k = 0; k < span; k++) {
      int i = slot(k);
      if (messages[i] != null) {
        m[n++] = messages[i];
      }
    }
    messages = m;
    head = 0;
    span = n;
  }

  /** Drops the oldest entries while there are more than {@code max}. */
  private void trim() {
    while (live > max) {
      dropOldest();
    }
  }

  private void dropOldest() {
    messages[head] = null; // after skipHoles the oldest slot in use holds an entry
    live--;
    skipHoles();
  }

  /** Moves {@code head} past acknowledged slots, so the oldest slot in use holds an entry. */
  private void skipHoles() {
    while (span > 0 && messages[head] == null) {
      head = (head + 1) & (messages.length - 1);
      span--;
    }
    if (span == 0) {
      head = 0;
      if (messages.length > RETAINED_CAPACITY) { // a burst is over: an idle connection goes back to nothing
        messages = null;
      }
    }
  }
}
