package io.jindou.store.rocksdb;

import io.jindou.store.WebhookStore.Entry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The webhook outbox table's records in memory, by position, while the table holds at most {@value #MAX} entries,
 * so that the forming of events reads them without a RocksDB scan (a seek over the tombstones of the records just
 * consumed, on a worker thread, on every round). It is <em>complete</em> when every record in the table is in it:
 * from an open that found the table empty, and again after a scan found the table empty while it kept recording;
 * it stops being complete when it would grow past {@value #MAX} entries (a receiver far behind, a long outage), and
 * the store scans again until the table is empty. Records are recorded once committed, and replaced by what is left
 * of them (or forgotten) once a consumption is committed, so it mirrors the table exactly. MESSAGE entries keep the
 * message they carry (and its stored bytes) while those held stay within {@value #PAYLOAD_BYTES_MAX} bytes (payloads
 * and stored bytes); past it a record is held without them (forming reads those messages). Thread-safe (the writer
 * thread records and forgets, the dispatcher reads). It never decides what an entry stands for.
 */
final class OutboxTail {
  /** Entries held at most; past it the store goes back to scanning. */
  static final int MAX = 50_000;
  /** Bytes of the messages entries carry (payloads and stored bytes), at most. */
  static final long PAYLOAD_BYTES_MAX = 32L << 20;

  /** The first {@code taken} entries of the record at {@code position}, whose entries are {@code record}. */
  record Taken(long position, List<Entry> record, int taken) {
  }

  private final LinkedHashMap<Long, List<Entry>> records = new LinkedHashMap<>();
  private int entries;
  private long payloadBytes;
  private boolean complete;
  /** Counts the times it stopped being complete, so a scan that began before such a time cannot complete it. */
  private long epoch;

  OutboxTail(boolean tableEmpty) {
    this.complete = tableEmpty;
  }

  /**
   * Record {@code position} is committed (positions come in ascending order); it is held without the messages its
   * entries carry when they would pass the payload bound.
   */
  synchronized void committed(long position, List<Entry> record) {
    if (entries + record.size() > MAX) {
      records.clear();
      entries = 0;
      payloadBytes = 0;
      complete = false;
      epoch++;
      return;
    }
    long bytes = payloadBytes(record);
    if (payloadBytes + bytes > PAYLOAD_BYTES_MAX) {
      record = record.stream().map(Entry::withoutMessage).toList();
      bytes = 0;
    }
    records.put(position, record);
    entries += record.size();
    payloadBytes += bytes;
  }

  private static long payloadBytes(List<Entry> record) {
    long n = 0;
    for (Entry e : record) {
      n += (e.message() == null ? 0 : e.message().payload().length) + (e.binary() == null ? 0 : e.binary().length);
    }
    return n;
  }

  /** Bytes of the messages the held entries carry (payloads and stored bytes). */
  synchronized long payloadBytes() {
    return payloadBytes;
  }

  /** The consumption of entries is committed: what is left of each record touched (empty: the record is gone). */
  synchronized void consumed(Map<Long, List<Entry>> left) {
    for (Map.Entry<Long, List<Entry>> l : left.entrySet()) {
      List<Entry> before = l.getValue().isEmpty() ? records.remove(l.getKey()) : records.replace(l.getKey(), l.getValue());
      if (before != null) {
        entries -= before.size() - l.getValue().size();
        payloadBytes -= payloadBytes(before) - payloadBytes(l.getValue());
      }
    }
  }

  /** The records holding the first {@code limit} entries of the table in position order, or null when only a scan can tell. */
  synchronized List<Taken> first(int limit) {
    if (!complete) {
      return null;
    }
    List<Taken> out = new ArrayList<>();
    int n = 0;
    for (Map.Entry<Long, List<Entry>> r : records.entrySet()) {
      if (n == limit) {
        break;
      }
      int take = Math.min(limit - n, r.getValue().size());
      out.add(new Taken(r.getKey(), r.getValue(), take));
      n += take;
    }
    return out;
  }

  /** The epoch to pass to {@link #scannedEmpty} for a scan that starts now. */
  synchronized long epoch() {
    return epoch;
  }

  /**
   * A scan that started at {@code scanEpoch} found the table empty: every record committed after it began is held
   * here, unless this stopped being complete since then.
   */
  synchronized void scannedEmpty(long scanEpoch) {
    if (scanEpoch == epoch) {
      complete = true;
    }
  }
}
