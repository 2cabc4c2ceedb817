package io.jindou.store.rocksdb;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
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
 * conversation rows) need no locks. A job's future completes on the context that submitted it, after the fsync. It never runs a job on an
 * event loop, and a failed commit fails every job of that batch and drops the caches.
 */
final class GroupCommitWriter {
  private static final Logger LOG = Logger.getLogger(GroupCommitWriter.class.getName());

  /** Stages one job's writes; may read the database and the batch-local state. */
  interface Job<T> {
    T stage(StagedWrites batch, Batch state) throws RocksDBException;
  }

  /** Writer-confined state visible to jobs: per-batch scratch and caches that outlive batches. */
  static final class Batch {
    /** Cleared before every batch. */
    final Map<Object, Object> local = new HashMap<>();
    /** Kept across batches; cleared when a commit fails. */
    final Map<Object, Object> cache = new HashMap<>();
    /** Run after the batch is durable (not when it fails); cleared before every batch. */
    final List<Runnable> afterCommit = new ArrayList<>();
    /**
     * Durable values of recently used keys that only writer jobs change (conversation rows), least recently
     * used dropped beyond {@link #ROWS_MAX}; updated after commits, cleared when a commit fails.
     */
    final Map<Object, Object> rows = new java.util.LinkedHashMap<>(1024, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Object, Object> eldest) {
        return size() > ROWS_MAX;
      }
    };
  }

  /** Bound of {@link Batch#rows}: about 100 bytes each, so a few MiB. */
  static final int ROWS_MAX = 50_000;

  private record Pending<T>(Job<T> job, Promise<T> promise, Context context) {
  }

  private static final Pending<Void> STOP = new Pending<>(null, null, null);

  private final RocksDB db;
  private final Vertx vertx;
  private final int maxBatch;
  private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
  private final Batch state = new Batch();
  private final Thread thread;
  private final WriteOptions sync = new WriteOptions().setSync(true);
  private volatile boolean stopped;

  GroupCommitWriter(RocksDB db, Vertx vertx, int maxBatch) {
    this.db = db;
    this.vertx = vertx;
    this.maxBatch = maxBatch;
    this.thread = new Thread(this::run, "jindou-rocksdb-writer");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  <T> Future<T> submit(Job<T> job) {
    Context ctx = vertx.getOrCreateContext();
    Promise<T> promise = Promise.promise();
    if (stopped) {
      return Future.failedFuture("store is closed");
    }
    queue.add(new Pending<>(job, promise, ctx));
    return promise.future();
  }

  private void run() {
    List<Pending<?>> jobs = new ArrayList<>(maxBatch);
    while (true) {
      jobs.clear();
      try {
        jobs.add(queue.take());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      queue.drainTo(jobs, maxBatch - 1);
      boolean stop = jobs.remove(STOP);
      commit(jobs);
      if (stop) {
        List<Pending<?>> rest = new ArrayList<>();
        queue.drainTo(rest);
        commit(rest);
        return;
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
    StagedWrites staged = new StagedWrites();
    try (WriteBatch batch = new WriteBatch()) {
      for (int i = 0; i < jobs.size(); i++) {
        staged.setSavePoint();
        int hooks = state.afterCommit.size();
        try {
          results[i] = jobs.get(i).job().stage(staged, state);
        } catch (Exception e) {
          staged.rollbackToSavePoint();
          state.afterCommit.subList(hooks, state.afterCommit.size()).clear(); // its writes are not committed
          failures[i] = e;
        }
      }
      if (staged.count() > 0) {
        staged.writeTo(batch);
        db.write(sync, batch);
      }
    } catch (RocksDBException | RuntimeException e) {
      LOG.log(Level.SEVERE, "group commit of " + jobs.size() + " jobs failed: " + e.getMessage());
      state.cache.clear();
      state.rows.clear();
      for (Pending<?> p : jobs) {
        p.context().runOnContext(v -> p.promise().tryFail(e));
      }
      return;
    }
    for (Runnable r : state.afterCommit) {
      r.run();
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
