package io.jindou.store.rocksdb;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The single writer thread of the RocksDB adapter: it drains every job queued while the previous commit
 * was syncing, stages them in queue order ({@link StagedWrites}), and commits them as one {@link WriteBatch}
 * with a synced WAL (group commit). Jobs run on this thread only, so writer-confined caches (channel heads,
 * conversation rows) need no locks. A job's future completes on the context that submitted it, after the
 * fsync, and the jobs of one context complete in submission order. A job that throws leaves nothing behind:
 * its writes, its after-commit hooks and what it staged in {@link Batch#local} are dropped, and the other jobs
 * of the batch commit. A failed commit fails every job of that batch and drops the caches. "Throws" and "fails"
 * mean any {@link Throwable}, an {@link Error} too (an OutOfMemoryError while staging a huge batch): the thread
 * fails that job or batch and takes the next one, it never dies of it. After the jobs, each {@link Finisher} may
 * stage one write for the whole batch from what the jobs left in {@link Batch#deferred} (the webhook outbox's record
 * of every entry the batch's messages staged). Should the thread ever end other than by
 * {@link #stop}, {@link #alive} turns false (the node is not ready) and every queued and later job fails at once
 * instead of waiting for a writer that is gone. It never runs a job on an event loop.
 *
 * <p>Bounds (constructor parameters): {@code headsMax} channel heads (default {@value #DEFAULT_HEADS_MAX},
 * about 100 bytes each) and {@code rowsMax} conversation rows (default {@value #DEFAULT_ROWS_MAX}, about
 * 100 bytes each) are kept across batches, least recently used dropped first; a dropped entry is read from the
 * database again when next needed, so a bound costs reads, never correctness.
 */
final class GroupCommitWriter {
  private static final Logger LOG = Logger.getLogger(GroupCommitWriter.class.getName());

  /** Default bound of {@link Batch#heads}. */
  static final int DEFAULT_HEADS_MAX = 200_000;
  /** Default bound of {@link Batch#rows}. */
  static final int DEFAULT_ROWS_MAX = 50_000;

  /** Stages one job's writes; may read the database and the batch-local state. */
  interface Job<T> {
    T stage(StagedWrites batch, Batch state) throws RocksDBException;
  }

  /**
   * Stages the writes that stand for several jobs of a batch at once (one record for what many jobs left in
   * {@link Batch#deferred}); runs on the writer thread after every job of the batch was staged. Throwing fails the
   * whole batch.
   */
  interface Finisher {
    void finish(StagedWrites batch, Batch state) throws RocksDBException;
  }

  /** Writer-confined state visible to jobs: per-batch scratch and caches that outlive batches. */
  static final class Batch {
    /** What earlier jobs of this batch staged (keys, rows, heads); a failing job's entries are undone. */
    final Scratch local = new Scratch();
    /**
     * Durable heads of recently used channels, least recently used dropped beyond the bound; only
     * {@link Heads} reads and fills it, after commits. Cleared when a commit fails.
     */
    final Map<Object, Long> heads;
    /** Run after the batch is durable (not when it fails); cleared before every batch. */
    final List<Runnable> afterCommit = new ArrayList<>();
    /**
     * What jobs leave for the {@link Finisher}s to write together (a failed job's items are dropped with it);
     * cleared before every batch.
     */
    final List<Object> deferred = new ArrayList<>();
    /**
     * Durable values of recently used keys that only writer jobs change (conversation rows), least recently
     * used dropped beyond the bound; updated after commits, cleared when a commit fails.
     */
    final Map<Object, Object> rows;

    Batch(int headsMax, int rowsMax) {
      this.heads = lru(headsMax);
      this.rows = lru(rowsMax);
    }

    private static <V> Map<Object, V> lru(int max) {
      return new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Object, V> eldest) {
          return size() > max;
        }
      };
    }
  }

  /**
   * A job-journaled map: {@link #mark} before each job, {@link #rollback} undoes that job's puts (a failed
   * job must not leave a head, a row or an idempotency key for later jobs of the batch to build on).
   */
  static final class Scratch {
    private static final Object ABSENT = new Object();
    private final Map<Object, Object> map = new HashMap<>();
    private final List<Object> undo = new ArrayList<>(); // key, previous value (or ABSENT), ...

    Object get(Object key) {
      return map.get(key);
    }

    /** Returns the previous value, as {@link Map#put} does. */
    Object put(Object key, Object value) {
      Object previous = map.put(key, value);
      undo.add(key);
      undo.add(previous == null ? ABSENT : previous);
      return previous;
    }

    void mark() {
      undo.clear();
    }

    void rollback() {
      for (int i = undo.size() - 2; i >= 0; i -= 2) {
        Object key = undo.get(i);
        Object previous = undo.get(i + 1);
        if (previous == ABSENT) {
          map.remove(key);
        } else {
          map.put(key, previous);
        }
      }
      undo.clear();
    }

    void clear() {
      map.clear();
      undo.clear();
    }
  }

  private record Pending<T>(Job<T> job, Promise<T> promise, Context context) {
  }

  private static final Pending<Void> STOP = new Pending<>(null, null, null);

  private final RocksDB db;
  private final Vertx vertx;
  private final int maxBatch;
  private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
  private final Batch state;
  private final List<Finisher> finishers = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Thread thread;
  private final WriteOptions sync = new WriteOptions().setSync(true);
  private volatile boolean stopped;
  /** Told the number of jobs of every committed batch (metrics); must be quick and never throw. */
  private volatile java.util.function.IntConsumer batchObserver = n -> {
  };
  /** Why the thread ended without {@link #stop} (null while it runs). */
  private volatile Throwable died;

  /** Tells {@code observer} the job count of each batch from now on. */
  void observeBatches(java.util.function.IntConsumer observer) {
    batchObserver = observer;
  }

  GroupCommitWriter(RocksDB db, Vertx vertx, int maxBatch) {
    this(db, vertx, maxBatch, DEFAULT_HEADS_MAX, DEFAULT_ROWS_MAX);
  }

  GroupCommitWriter(RocksDB db, Vertx vertx, int maxBatch, int headsMax, int rowsMax) {
    if (maxBatch < 1 || headsMax < 1 || rowsMax < 1) {
      throw new IllegalArgumentException("bad writer bounds: maxBatch=" + maxBatch + ", headsMax=" + headsMax
          + ", rowsMax=" + rowsMax);
    }
    this.db = db;
    this.vertx = vertx;
    this.maxBatch = maxBatch;
    this.state = new Batch(headsMax, rowsMax);
    this.thread = new Thread(this::run, "jindou-rocksdb-writer");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** Adds a finisher for every batch from now on. */
  void addFinisher(Finisher f) {
    finishers.add(f);
  }

  <T> Future<T> submit(Job<T> job) {
    Context ctx = vertx.getOrCreateContext();
    Promise<T> promise = Promise.promise();
    if (stopped) {
      return Future.failedFuture("store is closed");
    }
    if (died != null) {
      return Future.failedFuture(died);
    }
    queue.add(new Pending<>(job, promise, ctx));
    if (died != null) {
      failQueued(); // the thread ended between the check and the add: nobody else will
    }
    return promise.future();
  }

  /** False once the writer thread has ended other than by {@link #stop} (then every job fails at once). */
  boolean alive() {
    return died == null && (stopped || thread.isAlive());
  }

  private void run() {
    try {
      loop();
    } catch (Throwable t) {
      died = new IllegalStateException("the RocksDB writer thread ended: " + t);
      LOG.log(Level.SEVERE, "the RocksDB writer thread ended; the node is not ready and writes fail", t);
      failQueued();
      return;
    }
    if (!stopped) {
      died = new IllegalStateException("the RocksDB writer thread ended unexpectedly");
      LOG.severe("the RocksDB writer thread ended unexpectedly; the node is not ready and writes fail");
      failQueued();
    }
  }

  private void loop() {
    List<Pending<?>> jobs = new ArrayList<>(maxBatch);
    while (true) {
      jobs.clear();
      try {
        jobs.add(queue.take());
      } catch (InterruptedException e) {
        if (stopped) {
          Thread.currentThread().interrupt();
          return;
        }
        continue; // only stop() ends the writer
      }
      queue.drainTo(jobs, maxBatch - 1);
      boolean stop = jobs.remove(STOP);
      commitOrFail(jobs);
      if (stop) {
        List<Pending<?>> rest = new ArrayList<>();
        queue.drainTo(rest);
        commitOrFail(rest);
        return;
      }
    }
  }

  /** {@link #commit}, and if even its failure handling throws (memory exhausted), fails the batch here. */
  private void commitOrFail(List<Pending<?>> jobs) {
    try {
      commit(jobs);
    } catch (Throwable t) {
      try {
        LOG.severe("group commit of " + jobs.size() + " jobs failed: " + t);
        state.heads.clear();
        state.rows.clear();
        state.local.clear();
        state.afterCommit.clear();
      } catch (Throwable ignored) {
        // nothing more can be done for this batch than failing it
      }
      Throwable why = reported(t);
      for (Pending<?> p : jobs) {
        if (p != STOP) {
          p.context().runOnContext(v -> p.promise().tryFail(why));
        }
      }
    }
  }

  /**
   * What a failed job's future fails with: the exception itself, or for an {@link Error} an exception carrying it,
   * so that no caller rethrows an Error on an event loop (where it would take the thread's other work with it).
   */
  private static Throwable reported(Throwable t) {
    return t instanceof Error ? new IllegalStateException("store write failed: " + t, t) : t;
  }

  private void failQueued() {
    List<Pending<?>> rest = new ArrayList<>();
    queue.drainTo(rest);
    Throwable why = died;
    for (Pending<?> p : rest) {
      if (p != STOP) {
        p.context().runOnContext(v -> p.promise().tryFail(why));
      }
    }
  }

  private void commit(List<Pending<?>> jobs) {
    if (jobs.isEmpty()) {
      return;
    }
    Object[] results = new Object[jobs.size()];
    Throwable[] failures = new Throwable[jobs.size()];
    state.local.clear();
    state.afterCommit.clear();
    state.deferred.clear();
    StagedWrites staged = new StagedWrites();
    try (WriteBatch batch = new WriteBatch()) {
      for (int i = 0; i < jobs.size(); i++) {
        staged.setSavePoint();
        state.local.mark();
        int hooks = state.afterCommit.size();
        int deferred = state.deferred.size();
        try {
          results[i] = jobs.get(i).job().stage(staged, state);
        } catch (Throwable e) {
          staged.rollbackToSavePoint();
          state.local.rollback();
          state.afterCommit.subList(hooks, state.afterCommit.size()).clear(); // its writes are not committed
          state.deferred.subList(deferred, state.deferred.size()).clear();
          failures[i] = reported(e);
        }
      }
      for (Finisher f : finishers) {
        f.finish(staged, state);
      }
      if (staged.count() > 0) {
        staged.writeTo(batch);
        db.write(sync, batch);
      }
      batchObserver.accept(jobs.size());
    } catch (Throwable e) {
      LOG.log(Level.SEVERE, "group commit of " + jobs.size() + " jobs failed: " + e);
      state.heads.clear();
      state.rows.clear();
      Throwable why = reported(e);
      for (Pending<?> p : jobs) {
        p.context().runOnContext(v -> p.promise().tryFail(why));
      }
      return;
    }
    for (Runnable r : state.afterCommit) {
      try {
        r.run();
      } catch (Throwable t) { // the batch is durable: its jobs succeed; a cache update that failed is dropped
        LOG.warning("an after-commit cache update failed (" + t + "); clearing the writer's caches");
        state.heads.clear();
        state.rows.clear();
      }
    }
    // One hand-off per event loop, not per job (fewer wake-ups), and in job order: a channel's appends must
    // complete in the order their sequence numbers were assigned. Handlers run on duplicated contexts (one per
    // event-bus message), so group by the context they duplicate, in first-seen order.
    Map<Context, List<Runnable>> byContext = new java.util.LinkedHashMap<>();
    for (int i = 0; i < jobs.size(); i++) {
      Pending<?> p = jobs.get(i);
      Object result = results[i];
      Throwable failure = failures[i];
      Context root = p.context() instanceof io.vertx.core.internal.ContextInternal ci ? ci.unwrap() : p.context();
      byContext.computeIfAbsent(root, c -> new ArrayList<>()).add(() -> complete(p, result, failure));
    }
    byContext.forEach((ctx, completions) -> ctx.runOnContext(v -> completions.forEach(Runnable::run)));
  }

  @SuppressWarnings("unchecked")
  private static <T> void complete(Pending<T> p, Object result, Throwable failure) {
    if (failure != null) {
      p.promise().tryFail(failure);
    } else {
      p.promise().tryComplete((T) result);
    }
  }

  /** Commits everything queued so far, then stops the thread. Blocks the caller until done. */
  void stop() throws InterruptedException {
    stopped = true;
    queue.add(STOP);
    thread.join(30_000);
    sync.close();
  }
}
