package io.jindou.store.rocksdb;

import io.jindou.store.WebhookStore.Entry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;

/**
 * The RocksDB webhook outbox table ({@code O pos} → record, {@link WebhookEntryCodec}): one record per group commit
 * holds the entries its jobs staged, in job order, written by this table's {@link GroupCommitWriter.Finisher} at a
 * position taken on the writer thread, so that a send costs the table one put and one delete per commit rather
 * than per message. Reads hand out entries in position order from {@link OutboxTail} or a scan; a consumption
 * (inside the seal's writer job) deletes each record whose entries are all consumed and rewrites one consumed in
 * part with the rest, in the seal's own batch. The entry count is kept in memory, counted once at open. It never
 * decides what an entry stands for.
 */
final class OutboxTable {
  static final byte OUTBOX = Keys.WEBHOOK_OUTBOX;

  private final RocksDB db;
  private final Vertx vertx;
  /** Next position; used on the writer thread only once open. */
  private final AtomicLong nextPosition;
  private final AtomicLong outboxCount;
  /** The table's records in memory while it holds few enough entries, so that reading it needs no scan. */
  private final OutboxTail tail;
  /**
   * Where the entries handed out and not yet consumed are, and the entries of each record they came from (bounded
   * by what the caller reads): a consumption needs both to delete a record or rewrite what is left of it.
   */
  private final Map<Entry, Long> positions = new ConcurrentHashMap<>();
  private final Map<Long, List<Entry>> records = new ConcurrentHashMap<>();
  /**
   * Where scans start: below it there are only deleted keys, which a scan from 0 would walk one by one (RocksDB
   * keeps them as tombstones until a compaction). A live key a scan finds first is a safe floor: positions are
   * taken on the writer thread in commit order, so every lower key was committed with it or before it.
   */
  private final AtomicLong outboxFloor = new AtomicLong();

  OutboxTable(RocksDB db, Vertx vertx, GroupCommitWriter writer) {
    this.db = db;
    this.vertx = vertx;
    this.nextPosition = new AtomicLong(lastPosition() + 1);
    this.outboxCount = new AtomicLong(countEntries());
    this.tail = new OutboxTail(outboxCount.get() == 0);
    writer.addFinisher(this::writeRecord);
  }

  private static byte[] key(long position) {
    return RocksDbWebhookStore.key(OUTBOX, position);
  }

  long count() {
    return outboxCount.get();
  }

  /**
   * Stages an outbox entry of any kind (writer thread, inside the job of what it stands for): it goes into the
   * batch's record ({@link #writeRecord}), or nowhere if its job fails.
   */
  void stage(Entry entry, GroupCommitWriter.Batch state) {
    state.deferred.add(entry);
  }

  /** Writes the entries the batch's jobs staged as one record at the next position (writer thread). */
  private void writeRecord(StagedWrites batch, GroupCommitWriter.Batch state) {
    List<Entry> entries = null;
    for (Object o : state.deferred) {
      if (o instanceof Entry e) {
        entries = entries == null ? new ArrayList<>() : entries;
        entries.add(e);
      }
    }
    if (entries == null) {
      return;
    }
    long position = nextPosition.getAndIncrement();
    batch.put(key(position), WebhookEntryCodec.encodeRecord(entries));
    List<Entry> record = List.copyOf(entries);
    state.afterCommit.add(() -> {
      outboxCount.addAndGet(record.size());
      tail.committed(position, record);
    });
  }

  /** At most {@code limit} entries, the oldest first, from the records in memory or by a scan. */
  Future<List<Entry>> read(int limit) {
    List<OutboxTail.Taken> held = tail.first(limit);
    if (held != null) { // every record still in the table is in memory: no scan
      List<Entry> out = new ArrayList<>();
      for (OutboxTail.Taken t : held) {
        take(t.position(), t.record(), t.taken(), out);
      }
      return Future.succeededFuture(out);
    }
    long epoch = tail.epoch();
    return vertx.executeBlocking(() -> {
      List<Entry> out = new ArrayList<>();
      long first = -1;
      try (Slice ub = new Slice(new byte[] {(byte) (OUTBOX + 1)}); ReadOptions ro = new ReadOptions()
          .setIterateUpperBound(ub); RocksIterator it = db.newIterator(ro)) {
        for (it.seek(key(outboxFloor.get())); it.isValid() && out.size() < limit; it.next()) {
          long position = ByteBuffer.wrap(it.key(), 1, 8).getLong();
          first = first < 0 ? position : first;
          List<Entry> record = WebhookEntryCodec.record(it.value());
          take(position, record, Math.min(limit - out.size(), record.size()), out);
        }
        it.status();
      }
      if (first >= 0) {
        outboxFloor.accumulateAndGet(first, Math::max);
      }
      if (out.isEmpty()) {
        tail.scannedEmpty(epoch);
      }
      return out;
    }, false);
  }

  /** Hands out the first {@code n} entries of the record at {@code position}, remembering where they are. */
  private void take(long position, List<Entry> record, int n, List<Entry> out) {
    records.put(position, record);
    for (int i = 0; i < n; i++) {
      positions.put(record.get(i), position);
      out.add(record.get(i));
    }
  }

  /**
   * Consumes {@code consumed} (entries handed out by {@link #read}) in the seal's batch (writer thread); returns how
   * many were found.
   */
  int consume(List<Entry> consumed, StagedWrites batch, GroupCommitWriter.Batch state) {
    int removed = 0;
    Map<Long, List<Entry>> gone = new LinkedHashMap<>();
    for (Entry e : consumed) {
      Long pos = positions.remove(e);
      if (pos != null) {
        gone.computeIfAbsent(pos, p -> new ArrayList<>()).add(e);
        removed++;
      }
    }
    Map<Long, List<Entry>> left = new LinkedHashMap<>();
    for (Map.Entry<Long, List<Entry>> g : gone.entrySet()) {
      List<Entry> record = records.getOrDefault(g.getKey(), List.of());
      // each handed-out entry is consumed once (its position is removed), so as many as the record holds are all of
      // them: the common case under load, where a round takes whole records
      List<Entry> rest = g.getValue().size() == record.size() ? List.of() : without(record, g.getValue());
      if (rest.isEmpty()) {
        batch.delete(key(g.getKey()));
      } else {
        batch.put(key(g.getKey()), WebhookEntryCodec.encodeRecord(rest));
      }
      left.put(g.getKey(), rest);
    }
    int r = removed;
    state.afterCommit.add(() -> {
      left.forEach((pos, rest) -> {
        if (rest.isEmpty()) {
          records.remove(pos);
        } else {
          records.put(pos, rest);
        }
      });
      tail.consumed(left);
      outboxCount.addAndGet(-r);
    });
    return removed;
  }

  private static List<Entry> without(List<Entry> record, List<Entry> consumed) {
    Set<Entry> gone = new HashSet<>(consumed);
    List<Entry> rest = new ArrayList<>();
    for (Entry e : record) {
      if (!gone.contains(e)) {
        rest.add(e);
      }
    }
    return rest;
  }

  private long lastPosition() {
    try (Slice ub = new Slice(new byte[] {(byte) (OUTBOX + 1)}); ReadOptions ro = new ReadOptions()
        .setIterateUpperBound(ub); RocksIterator it = db.newIterator(ro)) {
      it.seekToLast();
      return it.isValid() && it.key()[0] == OUTBOX ? ByteBuffer.wrap(it.key(), 1, 8).getLong() : 0;
    }
  }

  /** The entries of every record (at open). */
  private long countEntries() {
    long n = 0;
    try (Slice ub = new Slice(new byte[] {(byte) (OUTBOX + 1)}); ReadOptions ro = new ReadOptions()
        .setIterateUpperBound(ub); RocksIterator it = db.newIterator(ro)) {
      for (it.seek(new byte[] {OUTBOX}); it.isValid(); it.next()) {
        n += WebhookEntryCodec.record(it.value()).size();
      }
      it.status();
    } catch (RocksDBException e) {
      throw new IllegalStateException("cannot count the webhook outbox: " + e.getMessage());
    }
    return n;
  }
}
