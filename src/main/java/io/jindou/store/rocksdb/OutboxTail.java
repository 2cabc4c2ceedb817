package io.jindou.store.rocksdb;

import io.jindou.store.WebhookStore.Entry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The webhook outbox table's entries in memory, by position, while the table holds at most {@value #MAX} of them,
 * so that the forming of events reads them without a RocksDB scan (a seek over the tombstones of the entries just
 * consumed, on a worker thread, on every round). It is <em>complete</em> when every entry in the table is in it:
 * from an open that found the table empty, and again after a scan found the table empty while it kept recording;
 * it stops being complete when it would grow past {@value #MAX} (a receiver far behind, a long outage), and the
 * store scans again until the table is empty. Entries are recorded once committed and forgotten once their
 * consumption is committed, so it mirrors the table exactly. Thread-safe (the writer thread records and forgets,
 * the dispatcher reads). It never decides what an entry stands for.
 */
final class OutboxTail {
  /** Entries held at most; past it the store goes back to scanning. */
  static final int MAX = 50_000;

  private final LinkedHashMap<Long, Entry> entries = new LinkedHashMap<>();
  private boolean complete;
  /** Counts the times it stopped being complete, so a scan that began before such a time cannot complete it. */
  private long epoch;

  OutboxTail(boolean tableEmpty) {
    this.complete = tableEmpty;
  }

  /** Entry {@code position} is committed (positions come in ascending order). */
  synchronized void committed(long position, Entry e) {
    if (entries.size() >= MAX) {
      entries.clear();
      complete = false;
      epoch++;
      return;
    }
    entries.put(position, e);
  }

  /** The consumption of these positions is committed. */
  synchronized void consumed(List<Long> positions) {
    for (Long p : positions) {
      entries.remove(p);
    }
  }

  /** The first {@code limit} entries of the table in position order, or null when only a scan can tell. */
  synchronized List<Map.Entry<Long, Entry>> first(int limit) {
    if (!complete) {
      return null;
    }
    List<Map.Entry<Long, Entry>> out = new ArrayList<>(Math.min(limit, entries.size()));
    for (Map.Entry<Long, Entry> e : entries.entrySet()) {
      if (out.size() == limit) {
        break;
      }
      out.add(Map.entry(e.getKey(), e.getValue()));
    }
    return out;
  }

  /** The epoch to pass to {@link #scannedEmpty} for a scan that starts now. */
  synchronized long epoch() {
    return epoch;
  }

  /**
   * A scan that started at {@code scanEpoch} found the table empty: every entry committed after it began is held
   * here, unless this stopped being complete since then.
   */
  synchronized void scannedEmpty(long scanEpoch) {
    if (scanEpoch == epoch) {
      complete = true;
    }
  }
}
