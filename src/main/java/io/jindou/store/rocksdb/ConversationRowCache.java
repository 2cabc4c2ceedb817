package io.jindou.store.rocksdb;

import io.jindou.store.ConversationStore.Row;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The conversation rows of recently listed users, each with a direct handle on its channel's
 * {@link LastMessages.Slot}, so listing a thousand conversations is a walk over two arrays instead of a
 * prefix scan and a thousand map lookups. An entry is served only while its user's epoch and the
 * last-message generation are still those it was built under; the writer bumps a user's epoch after every
 * commit that changed one of the user's rows ({@link #changed}), and a reader reads the epoch before it scans
 * ({@link #epoch}), so a reader racing a writer can only build an entry that is never served, never serve a
 * stale one. Bounded: past {@code maxRows} cached rows it starts over, and every entry counts as one row more
 * than it holds, so the entries of users with no rows at all (any uid can be asked for) count too. Thread-safe;
 * it never touches the database.
 */
final class ConversationRowCache {
  /** One user's rows and their channels' last-message slots, index by index. */
  record Entry(long epoch, long generation, Row[] rows, LastMessages.Slot[] slots) {
  }

  private static final int STRIPES = 4096; // epochs are per stripe of uids: a bump may drop a neighbour too

  private final AtomicLongArray epochs = new AtomicLongArray(STRIPES);
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final AtomicInteger cachedRows = new AtomicInteger();
  private final int maxRows;

  ConversationRowCache(int maxRows) {
    this.maxRows = maxRows;
  }

  /** Read before scanning the user's rows; the entry built from the scan carries it. */
  long epoch(String uid) {
    return epochs.get(stripe(uid));
  }

  /** The user's entry, or null when there is none or it may be stale. */
  Entry get(String uid, long generation) {
    Entry e = entries.get(uid);
    return e != null && e.epoch() == epoch(uid) && e.generation() == generation ? e : null;
  }

  void put(String uid, Entry e) {
    int weight = weight(e);
    if (weight > maxRows) {
      return;
    }
    if (cachedRows.addAndGet(weight) > maxRows) {
      entries.clear();
      cachedRows.set(weight);
    }
    Entry old = entries.put(uid, e);
    if (old != null) {
      cachedRows.addAndGet(-weight(old));
    }
  }

  /** How much of the bound an entry takes: its rows, plus one for the entry itself (an empty one too). */
  private static int weight(Entry e) {
    return e.rows().length + 1;
  }

  /** How many users have an entry (for tests and figures). */
  int size() {
    return entries.size();
  }

  /** After a commit that changed any of the user's rows (writer thread). */
  void changed(String uid) {
    epochs.incrementAndGet(stripe(uid));
  }

  private static int stripe(String uid) {
    int h = uid.hashCode();
    return (h ^ (h >>> 16)) & (STRIPES - 1);
  }
}
