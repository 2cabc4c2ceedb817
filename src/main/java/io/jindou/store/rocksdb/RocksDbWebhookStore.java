package io.jindou.store.rocksdb;

import io.jindou.model.Message;
import io.jindou.store.WebhookStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;

/**
 * RocksDB implementation of {@link WebhookStore} (one node's data, so the node number is not part of a key).
 * Tables ({@link Keys}): {@code O pos} → record, the outbox ({@link OutboxTable}: one record per group commit of
 * the entries its jobs staged); {@code N seq} → event, in a column family of its own ({@link WebhookEventFamily});
 * {@code Q seq} and {@code D seq} index the PENDING events and the dead letters (an event in neither is DELIVERED).
 * Sealing (events in, entries out) and settling are single writer jobs, so each is one atomic batch. Counters are
 * kept in memory, counted once at open. It never decides what an event holds.
 */
final class RocksDbWebhookStore implements WebhookStore {
  static final byte EVENT = Keys.WEBHOOK_EVENT;
  static final byte PENDING = Keys.WEBHOOK_PENDING;
  static final byte DEAD = Keys.WEBHOOK_DEAD;

  private final RocksDB db;
  /** The column family of the event log ({@code N seq}); the other tables are in the default one. */
  private final ColumnFamilyHandle log;
  private final Vertx vertx;
  private final GroupCommitWriter writer;
  /** Next event seq; used on the writer thread only once open. */
  private final AtomicLong nextSeq;
  private final OutboxTable outbox;
  private final AtomicLong pendingCount;
  private final AtomicLong deadCount;
  /** Dead letters staged by settles whose batch has not committed yet (and, if it failed, never will). */
  private final AtomicLong deadStaged = new AtomicLong();

  RocksDbWebhookStore(RocksDB db, ColumnFamilyHandle log, Vertx vertx, GroupCommitWriter writer) {
    this.db = db;
    this.log = log;
    this.vertx = vertx;
    this.writer = writer;
    WebhookEventFamily.moveOlderLayout(db, log);
    this.nextSeq = new AtomicLong(last(EVENT) + 1);
    this.outbox = new OutboxTable(db, vertx, writer);
    this.pendingCount = new AtomicLong(count(PENDING));
    this.deadCount = new AtomicLong(count(DEAD));
  }

  static byte[] key(byte table, long n) {
    return ByteBuffer.allocate(9).put(table).putLong(n).array();
  }

  /**
   * Stages the outbox entry of stored message {@code m} (writer thread, inside the message's job); the entry carries
   * the message and its stored bytes {@code row} while the outbox's tail holds it.
   */
  void stage(Message m, byte[] row, StagedWrites batch, GroupCommitWriter.Batch state) {
    outbox.stage(Entry.of(m, row), state);
  }

  /** Stages an outbox entry of any kind (writer thread, inside the job of what it stands for). */
  void stage(Entry entry, StagedWrites batch, GroupCommitWriter.Batch state) {
    outbox.stage(entry, state);
  }

  /**
   * Where scans of the pending index start: below it there are only deleted keys, which a scan
   * from 0 would walk one by one (RocksDB keeps them as tombstones until a compaction; at thousands of sends per
   * second that made each scan slower than the last). A live key a scan finds first is a safe floor: keys are
   * numbered on the writer thread in commit order, so every lower key was committed with it or before it. Only
   * making an event pending again ({@link #settle} to PENDING) can put a key below the pending floor: it lowers it
   * once the key is visible.
   */
  private final AtomicLong pendingFloor = new AtomicLong();
  /** Below it the event log holds only deleted keys (events removed by the retention, or at once without one). */
  private final AtomicLong eventFloor = new AtomicLong();

  @Override
  public Future<List<Entry>> outbox(int limit) {
    return outbox.read(limit);
  }

  @Override
  public boolean outboxCarriesMessages() {
    return true;
  }

  @Override
  public Future<List<Event>> seal(List<Event> events, List<Entry> consumed) {
    return writer.submit((batch, state) -> {
      List<Event> out = new ArrayList<>(events.size());
      for (Event e : events) {
        long seq = nextSeq.getAndIncrement();
        batch.put(log, key(EVENT, seq), e.encode());
        batch.put(key(PENDING, seq), new byte[0]);
        out.add(e.with(seq, State.PENDING));
      }
      int removed = outbox.consume(consumed, batch, state);
      state.afterCommit.add(() -> pendingCount.addAndGet(events.size()));
      return out;
    });
  }

  @Override
  public Future<Void> settle(List<Long> seqs, State to) {
    if (seqs.isEmpty()) {
      return Future.succeededFuture();
    }
    return writer.submit((batch, state) -> {
      int dp = 0;
      int dd = 0;
      long lowest = Long.MAX_VALUE;
      // with no dead letter stored or staged, no event can be one: each delivery then skips a lookup that misses
      // the memtable and probes every table file's filter
      boolean deadMayExist = deadStaged.get() > 0 || deadCount.get() > 0;
      int staged = 0;
      for (long seq : seqs) {
        boolean wasPending = db.keyExists(key(PENDING, seq));
        boolean wasDead = deadMayExist && db.keyExists(key(DEAD, seq));
        // an index entry is written and deleted with its event, so only an event in neither index (delivered, or
        // gone) needs the event itself looked up, and only to put it back into one: its body is not read otherwise
        if (!wasPending && !wasDead && (to == State.DELIVERED || !db.keyExists(log, key(EVENT, seq)))) {
          continue;
        }
        if (wasPending && to != State.PENDING) {
          batch.delete(key(PENDING, seq));
        }
        if (wasDead && to != State.DEAD) {
          batch.delete(key(DEAD, seq));
        }
        if (to == State.PENDING && !wasPending) {
          batch.put(key(PENDING, seq), new byte[0]);
          lowest = Math.min(lowest, seq);
        }
        if (to == State.DEAD && !wasDead) {
          batch.put(key(DEAD, seq), new byte[0]);
          staged++;
        }
        dp += (to == State.PENDING ? 1 : 0) - (wasPending ? 1 : 0);
        dd += (to == State.DEAD ? 1 : 0) - (wasDead ? 1 : 0);
      }
      int p = dp;
      int d = dd;
      long floor = lowest;
      deadStaged.addAndGet(staged); // a batch that fails keeps it raised: more lookups, never a missed dead letter
      int unstage = staged;
      state.afterCommit.add(() -> {
        pendingCount.addAndGet(p);
        deadCount.addAndGet(d);
        deadStaged.addAndGet(-unstage); // after the count, so a reader that sees it lowered sees the count raised
        pendingFloor.accumulateAndGet(floor, Math::min); // once visible, so no scan can pass over it
      });
      return null;
    });
  }

  @Override
  public Future<List<Event>> events(long afterSeq, int limit, State only, long maxBytes) {
    return vertx.executeBlocking(() -> {
      List<Event> out = new ArrayList<>();
      byte table = only == State.PENDING ? PENDING : only == State.DEAD ? DEAD : EVENT;
      long floor = table == PENDING ? pendingFloor.get() : table == EVENT ? eventFloor.get() : 0;
      long from = Math.max(afterSeq + 1, floor);
      int look = only == State.DELIVERED ? limit * 4 + 100 : limit;
      long bytes = 0;
      long first = -1;
      // a value is copied out of RocksDB only for an event that is taken, and the byte budget stops the walk, so a
      // read holds at most about maxBytes of bodies whatever the limit
      try (Slice ub = new Slice(new byte[] {(byte) (table + 1)}); ReadOptions ro = new ReadOptions()
          .setIterateUpperBound(ub); RocksIterator it = iterator(table, ro)) {
        it.seek(key(table, Math.max(0, from)));
        for (int n = 0; it.isValid() && n < look && out.size() < limit && bytes < maxBytes; it.next(), n++) {
          long seq = ByteBuffer.wrap(it.key(), 1, 8).getLong();
          first = first < 0 ? seq : first;
          State st = only == State.PENDING || only == State.DEAD ? only : stateOf(seq);
          if (only != null && only != st) {
            continue;
          }
          byte[] raw = table == EVENT ? it.value() : db.get(log, key(EVENT, seq));
          if (raw != null) {
            out.add(Event.decode(seq, raw, st));
            bytes += raw.length;
          }
        }
        it.status();
      }
      if (table == PENDING && from == floor && first >= 0) {
        // the walk covered everything from the floor: its first key is the new floor (unless a settle lowered it)
        pendingFloor.compareAndSet(floor, first);
      }
      return out;
    }, false);
  }

  /**
   * Walks the log from its floor reading each event's creation time only (the first 8 bytes of its value, into a
   * direct buffer: no body is copied), and stops at the first event created at or after the cutoff: events are
   * sealed in the order they were formed, so what follows is no older (to within one forming round, which the next
   * trim takes).
   */
  @Override
  public Future<List<Long>> expired(long createdBeforeMs, int limit) {
    return vertx.executeBlocking(() -> {
      List<Long> out = new ArrayList<>();
      ByteBuffer created = ByteBuffer.allocateDirect(Long.BYTES);
      long first = -1;
      try (Slice ub = new Slice(new byte[] {(byte) (EVENT + 1)}); ReadOptions ro = new ReadOptions()
          .setIterateUpperBound(ub); RocksIterator it = db.newIterator(log, ro)) {
        it.seek(key(EVENT, eventFloor.get()));
        for (int n = 0; it.isValid() && n < limit * 4 + 100 && out.size() < limit; it.next(), n++) {
          long seq = ByteBuffer.wrap(it.key(), 1, 8).getLong();
          first = first < 0 ? seq : first;
          created.clear();
          it.value(created);
          if (created.getLong(0) >= createdBeforeMs) {
            break;
          }
          if (stateOf(seq) == State.DELIVERED) {
            out.add(seq);
          }
        }
        it.status();
      }
      if (first >= 0) {
        eventFloor.accumulateAndGet(first, Math::max); // events are never written below a live one
      }
      return out;
    }, false);
  }

  private State stateOf(long seq) {
    if (db.keyExists(key(PENDING, seq))) {
      return State.PENDING;
    }
    return db.keyExists(key(DEAD, seq)) ? State.DEAD : State.DELIVERED;
  }

  @Override
  public Future<Void> remove(List<Long> seqs) {
    return writer.submit((batch, state) -> {
      int p = 0;
      int d = 0;
      for (long seq : seqs) {
        p += db.keyExists(key(PENDING, seq)) ? 1 : 0;
        d += db.keyExists(key(DEAD, seq)) ? 1 : 0;
        batch.delete(log, key(EVENT, seq));
        batch.delete(key(PENDING, seq));
        batch.delete(key(DEAD, seq));
      }
      int fp = p;
      int fd = d;
      state.afterCommit.add(() -> {
        pendingCount.addAndGet(-fp);
        deadCount.addAndGet(-fd);
      });
      return null;
    });
  }

  @Override
  public Future<Counts> counts() {
    return Future.succeededFuture(new Counts(outbox.count(), pendingCount.get(), deadCount.get(),
        nextSeq.get() - 1));
  }

  /** One node's files: nothing to announce. */
  @Override
  public Future<Void> announce() {
    return Future.succeededFuture();
  }

  @Override
  public Future<List<Integer>> nodes() {
    return Future.succeededFuture(List.of());
  }

  @FunctionalInterface
  private interface Visit {
    void accept(long n, byte[] value) throws RocksDBException;
  }

  /** Visits keys {@code table n} with n ≥ from, ascending, at most limit. */
  private void scan(byte table, long from, int limit, Visit visit) throws RocksDBException {
    try (Slice ub = new Slice(new byte[] {(byte) (table + 1)}); ReadOptions ro = new ReadOptions()
        .setIterateUpperBound(ub); RocksIterator it = iterator(table, ro)) {
      int n = 0;
      for (it.seek(key(table, Math.max(0, from))); it.isValid() && n < limit; it.next(), n++) {
        visit.accept(ByteBuffer.wrap(it.key(), 1, 8).getLong(), it.value());
      }
      it.status();
    }
  }

  /** An iterator over the family that holds {@code table}. */
  private RocksIterator iterator(byte table, ReadOptions ro) {
    return table == EVENT ? db.newIterator(log, ro) : db.newIterator(ro);
  }

  private long last(byte table) {
    try (Slice ub = new Slice(new byte[] {(byte) (table + 1)}); ReadOptions ro = new ReadOptions()
        .setIterateUpperBound(ub); RocksIterator it = iterator(table, ro)) {
      it.seekToLast();
      return it.isValid() && it.key()[0] == table ? ByteBuffer.wrap(it.key(), 1, 8).getLong() : 0;
    }
  }

  private long count(byte table) {
    try {
      long[] n = {0};
      scan(table, 0, Integer.MAX_VALUE, (k, v) -> n[0]++);
      return n[0];
    } catch (RocksDBException e) {
      throw new IllegalStateException("cannot count the webhook table " + (char) table + ": " + e.getMessage());
    }
  }
}
