package io.jindou.store.rocksdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.model.ChannelKey;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * Group commit on the writer thread: jobs complete in submission order on the context that submitted them, a
 * job that throws leaves nothing behind while the rest of its batch commits, a failed commit fails every job of
 * the batch, an Error (an OutOfMemoryError while staging) never kills the thread, and the head cache kept across
 * batches is bounded without losing a head.
 */
class GroupCommitWriterTest {
  @TempDir
  Path dir;
  private Vertx vertx;
  private Options options;
  private RocksDB db;
  private GroupCommitWriter writer;

  @BeforeEach
  void open() throws Exception {
    RocksDB.loadLibrary();
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(4));
    options = new Options().setCreateIfMissing(true);
    db = RocksDB.open(options, dir.toString());
    writer = new GroupCommitWriter(db, vertx, 64);
  }

  @AfterEach
  void close() throws Exception {
    writer.stop();
    db.close();
    options.close();
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.await(10, TimeUnit.SECONDS);
  }

  /** Holds the writer inside a job until the returned latch is released: jobs submitted meanwhile form one batch. */
  private CountDownLatch holdWriter() throws InterruptedException {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    writer.submit((batch, st) -> {
      entered.countDown();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return null;
    });
    assertTrue(entered.await(10, TimeUnit.SECONDS));
    return release;
  }

  /** A job that stores message {@code seq} of {@code ch} and advances its head, as an append does. */
  private Future<Object> append(ChannelKey ch, long seq) {
    return writer.submit((batch, st) -> {
      batch.put(Keys.message(ch, seq), b("m" + seq));
      Heads.advance(st, ch, seq);
      return null;
    });
  }

  private Context eventLoopContext() throws Exception {
    Context[] ctx = new Context[1];
    vertx.deployVerticle(new io.vertx.core.VerticleBase() {
      @Override
      public Future<?> start() {
        ctx[0] = context;
        return Future.succeededFuture();
      }
    }).await(10, TimeUnit.SECONDS);
    return ctx[0];
  }

  @Test
  void aFinisherWritesOnceForTheWholeBatchWhatItsSucceedingJobsLeft() throws Exception {
    List<List<Object>> seen = Collections.synchronizedList(new ArrayList<>());
    writer.addFinisher((batch, st) -> {
      if (!st.deferred.isEmpty()) {
        seen.add(List.copyOf(st.deferred));
        batch.put(b("record-" + seen.size()), b(String.valueOf(st.deferred)));
      }
    });
    CountDownLatch release = holdWriter();
    Future<Object> a = writer.submit((batch, st) -> {
      st.deferred.add("a");
      return null;
    });
    Future<Object> failed = writer.submit((batch, st) -> {
      st.deferred.add("lost");
      throw new IllegalStateException("this job fails");
    });
    Future<Object> c = writer.submit((batch, st) -> {
      st.deferred.add("c1");
      st.deferred.add("c2");
      return null;
    });
    release.countDown();
    await(a);
    await(c);
    CountDownLatch failedDone = new CountDownLatch(1);
    failed.onComplete(ar -> failedDone.countDown());
    assertTrue(failedDone.await(10, TimeUnit.SECONDS));
    assertTrue(failed.failed(), "the failing job fails");
    assertEquals(List.of(List.of("a", "c1", "c2")), seen, "one record, without the failed job's item");
    assertEquals("[a, c1, c2]", new String(db.get(b("record-1")), StandardCharsets.UTF_8));
    await(append(new ChannelKey("f", 2), 1)); // a batch that defers nothing: no record
    assertEquals(1, seen.size());
  }

  @Test
  void jobsCompleteInSubmissionOrderOnTheContextThatSubmittedThem() throws Exception {
    Context[] loops = {eventLoopContext(), eventLoopContext()};
    Thread[] loopThreads = new Thread[2];
    int n = 300; // several batches of at most 64 jobs
    List<List<Integer>> order = List.of(Collections.synchronizedList(new ArrayList<>()),
        Collections.synchronizedList(new ArrayList<>()));
    List<List<Thread>> threads = List.of(Collections.synchronizedList(new ArrayList<>()),
        Collections.synchronizedList(new ArrayList<>()));
    CountDownLatch done = new CountDownLatch(2 * n);
    CountDownLatch submitted = new CountDownLatch(2);
    CountDownLatch release = holdWriter();
    for (int c = 0; c < 2; c++) {
      int loop = c;
      loops[c].runOnContext(v -> {
        loopThreads[loop] = Thread.currentThread();
        for (int i = 0; i < n; i++) {
          int job = i;
          writer.submit((batch, st) -> {
            batch.put(b("k" + loop + "-" + job), b("v"));
            return job;
          }).onComplete(ar -> {
            order.get(loop).add(ar.succeeded() ? ar.result() : -1);
            threads.get(loop).add(Thread.currentThread());
            done.countDown();
          });
        }
        submitted.countDown();
      });
    }
    assertTrue(submitted.await(10, TimeUnit.SECONDS));
    release.countDown();
    assertTrue(done.await(10, TimeUnit.SECONDS));
    assertNotEquals(loopThreads[0], loopThreads[1], "the two contexts run on different event loops");
    for (int c = 0; c < 2; c++) {
      List<Integer> expected = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        expected.add(i);
      }
      assertEquals(expected, order.get(c), "context " + c + " sees its jobs complete in submission order");
      for (Thread t : threads.get(c)) {
        assertEquals(loopThreads[c], t, "a job completes on the event loop that submitted it");
      }
      assertArrayEquals(b("v"), db.get(b("k" + c + "-" + (n - 1))));
    }
  }

  @Test
  void aFailingJobLeavesNothingBehindAndTheRestOfItsBatchCommits() throws Exception {
    ChannelKey ch = new ChannelKey("g", 2);
    AtomicBoolean failedHook = new AtomicBoolean();
    AtomicBoolean okHook = new AtomicBoolean();
    CountDownLatch release = holdWriter();
    Future<Object> failing = writer.submit((batch, st) -> {
      batch.put(b("failed"), b("x"));
      st.afterCommit.add(() -> failedHook.set(true));
      Heads.advance(st, ch, 5);
      st.local.put("scratch", "left by the failed job");
      throw new RocksDBException("boom");
    });
    Future<List<Object>> after = writer.submit((batch, st) -> {
      batch.put(b("ok"), b("y"));
      st.afterCommit.add(() -> okHook.set(true));
      return java.util.Arrays.asList(Heads.head(db, st, ch), st.local.get("scratch"));
    });
    release.countDown();
    Exception e = assertThrows(Exception.class, () -> await(failing));
    assertTrue(String.valueOf(e.getMessage()).contains("boom"), e.toString());
    List<Object> seen = await(after);
    assertEquals(0L, seen.get(0), "a later job of the batch must not build on the failed job's head");
    assertNull(seen.get(1), "nor on anything else it staged");
    assertNull(db.get(b("failed")), "the failed job's writes are dropped");
    assertFalse(failedHook.get(), "its after-commit hooks are dropped");
    assertArrayEquals(b("y"), db.get(b("ok")), "the rest of the batch commits");
    assertTrue(okHook.get());
    assertFalse(await(writer.<Boolean>submit((batch, st) -> Heads.isCached(st, ch))), "nor is its head cached later");
  }

  @Test
  void aFailedCommitFailsEveryJobOfItsBatchAndKeepsNoneOfItsHeads() throws Exception {
    ChannelKey ch = new ChannelKey("ro", 2);
    db.put(Keys.message(ch, 3), b("m3"));
    writer.stop();
    db.close();
    db = RocksDB.openReadOnly(options, dir.toString()); // every write batch fails
    writer = new GroupCommitWriter(db, vertx, 64);
    AtomicBoolean hook = new AtomicBoolean();
    CountDownLatch release = holdWriter();
    Future<Object> advancing = writer.submit((batch, st) -> {
      batch.put(Keys.message(ch, 4), b("m4"));
      Heads.advance(st, ch, 4);
      st.afterCommit.add(() -> hook.set(true));
      return null;
    });
    Future<Object> writing = writer.submit((batch, st) -> {
      batch.put(b("other"), b("x"));
      return null;
    });
    Future<Object> staging = writer.submit((batch, st) -> "stages nothing");
    release.countDown();
    for (Future<Object> f : List.of(advancing, writing, staging)) {
      assertThrows(Exception.class, () -> await(f), "every job of the failed batch fails");
    }
    assertFalse(hook.get(), "no after-commit hook runs");
    assertEquals(3L, await(writer.<Long>submit((batch, st) -> Heads.head(db, st, ch))), "the durable head, not 4");
  }

  @Test
  void theHeadCacheIsBoundedAndAnEvictedHeadIsReadAgain() throws Exception {
    writer.stop();
    writer = new GroupCommitWriter(db, vertx, 64, 2, 10);
    ChannelKey c1 = new ChannelKey("c1", 2);
    ChannelKey c2 = new ChannelKey("c2", 2);
    ChannelKey c3 = new ChannelKey("c3", 2);
    await(append(c1, 1));
    await(append(c2, 1));
    await(append(c2, 2));
    assertEquals(1L, await(writer.<Long>submit((batch, st) -> Heads.head(db, st, c1)))); // c1 is now the most recent
    await(append(c3, 1));
    List<Boolean> cached = await(writer.<List<Boolean>>submit((batch, st) -> List.of(Heads.isCached(st, c1), Heads.isCached(st, c2),
        Heads.isCached(st, c3))));
    assertEquals(List.of(true, false, true), cached, "two heads at most, the least recently used dropped");
    assertEquals(2L, await(writer.<Long>submit((batch, st) -> Heads.head(db, st, c2))), "read again from the database");
    await(append(c2, 3));
    assertEquals(3L, await(writer.<Long>submit((batch, st) -> Heads.head(db, st, c2))));
  }

  @Test
  void anErrorInAJobFailsThatJobAndTheWriterGoesOn() throws Exception {
    CountDownLatch release = holdWriter();
    Future<Object> dying = writer.submit((batch, st) -> {
      batch.put(b("half"), b("x"));
      throw new OutOfMemoryError("simulated: a huge batch exhausted the heap");
    });
    Future<Object> sameBatch = writer.submit((batch, st) -> {
      batch.put(b("same-batch"), b("y"));
      return "ok";
    });
    release.countDown();
    Exception e = assertThrows(Exception.class, () -> await(dying));
    assertTrue(String.valueOf(e.getMessage()).contains("simulated"), e.toString());
    assertEquals("ok", await(sameBatch), "the rest of the batch commits");
    assertNull(db.get(b("half")), "the failed job's writes are dropped");
    assertTrue(writer.alive(), "the writer thread survives an Error");
    assertEquals("later", await(writer.submit((batch, st) -> {
      batch.put(b("later"), b("z"));
      return "later";
    })), "and takes the next batch");
    assertArrayEquals(b("z"), db.get(b("later")));
  }

  @Test
  void anErrorAfterTheCommitLeavesTheBatchDurableAndTheWriterGoesOn() throws Exception {
    ChannelKey ch = new ChannelKey("after", 2);
    Future<Object> durable = writer.submit((batch, st) -> {
      batch.put(Keys.message(ch, 1), b("m1"));
      Heads.advance(st, ch, 1);
      st.afterCommit.add(() -> {
        throw new OutOfMemoryError("simulated: no memory for the cache update");
      });
      return "stored";
    });
    assertEquals("stored", await(durable), "the batch is durable, so its job succeeds");
    assertArrayEquals(b("m1"), db.get(Keys.message(ch, 1)));
    assertTrue(writer.alive());
    assertEquals(1L, await(writer.<Long>submit((batch, st) -> Heads.head(db, st, ch))), "the head, read again");
  }
}
