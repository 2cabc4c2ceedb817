package io.jindou.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import io.jindou.support.TestNode;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code scheduler_slice_us} as the kernel sees it: each thread's slice is read back with {@code sched_getattr}
 * (through JNA here, independently of the node's own code). With the default, the node's event loops and the store's
 * writer run with a 100 µs slice and the gateway's loops keep the kernel's; with 0 nothing is changed; in every case
 * the nice values stay what they were. On a kernel older than 6.12 (no custom slices) the node must change nothing.
 */
class SchedulerSliceTest {
  interface Libc extends Library {
    long syscall(long number, Object... args);
  }

  private static final Libc LIBC = Native.load("c", Libc.class);

  @Test
  void theSendPathAsksForAShortSliceAndTheGatewayKeepsTheKernels() throws Exception {
    Map<Long, Long> before = slices("");
    try (TestNode node = new TestNode(Map.of("event_loops", 2, "gateway_event_loops", 1))) {
      send(node);
      List<Long> writer = ofNew(slices("jindou-rocksdb-"), before);
      List<Long> gateway = ofNew(slices("jindou-gateway-"), before);
      assertEquals(1, writer.size(), "one store writer");
      assertEquals(1, gateway.size(), "one gateway loop");
      if (customSlices()) {
        assertEquals(List.of(100_000L), writer, "the writer's slice, ns");
        long loops = ofNew(slices("vert.x-eventloo"), before).stream().filter(s -> s == 100_000L).count();
        assertTrue(loops >= 2, "both of the node's event loops at 100 µs, found " + loops);
        assertNotEquals(100_000L, gateway.get(0), "the gateway's loop keeps the kernel's slice");
      } else {
        assertEquals(List.of(0L), writer, "a kernel without custom slices: nothing changed");
      }
    }
  }

  @Test
  void zeroLeavesEveryThreadAsTheKernelMadeIt() throws Exception {
    Map<Long, Long> before = slices("");
    try (TestNode node = new TestNode(Map.of("scheduler_slice_us", 0, "gateway_event_loops", 1))) {
      send(node);
      List<Long> writer = ofNew(slices("jindou-rocksdb-"), before);
      assertEquals(1, writer.size());
      assertNotEquals(100_000L, writer.get(0));
      List<Long> loops = ofNew(slices("vert.x-eventloo"), before);
      assertFalse(loops.isEmpty());
      assertFalse(loops.contains(100_000L), "loops at the kernel's slice: " + loops);
    }
  }

  @Test
  void aThreadOfAnyNameMayAskForItsOwnSlice() throws Exception {
    String name = "slice-asker";
    boolean[] took = new boolean[1];
    long seen;
    java.util.concurrent.CountDownLatch asked = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch read = new java.util.concurrent.CountDownLatch(1);
    Thread t = new Thread(() -> {
      took[0] = io.jindou.app.SchedulerSlice.applyToCurrentThread(100);
      asked.countDown();
      try {
        read.await(); // alive while the test reads its slice from /proc
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, name);
    t.start();
    try {
      asked.await();
      seen = slices(name).values().stream().findFirst().orElse(-1L);
    } finally {
      read.countDown();
      t.join();
    }
    if (customSlices()) {
      assertTrue(took[0], "the kernel took the slice");
      assertEquals(100_000L, seen, "the thread's slice, ns");
    } else {
      assertFalse(took[0], "a kernel without custom slices: refused");
      assertNotEquals(100_000L, seen);
    }
  }

  private static void send(TestNode node) throws Exception {
    assertEquals(200, node.http.post("/message/send", new JsonObject().put("from_uid", "____system")
        .put("channel_id", "slice1").put("channel_type", 1).put("payload", "eA==")).status());
  }

  /** Linux 6.12 brought slices of a thread's own choosing to the fair scheduler. */
  private static boolean customSlices() throws IOException {
    String[] v = Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim().split("[.-]");
    int major = Integer.parseInt(v[0]);
    int minor = Integer.parseInt(v[1]);
    return major > 6 || major == 6 && minor >= 12;
  }

  /** The slices of the threads in {@code now} that are not in {@code before} (other tests' threads are left out). */
  private static List<Long> ofNew(Map<Long, Long> now, Map<Long, Long> before) {
    List<Long> out = new ArrayList<>();
    now.forEach((tid, slice) -> {
      if (!before.containsKey(tid)) {
        out.add(slice);
      }
    });
    return out;
  }

  /**
   * Thread id → slice (ns, as sched_getattr reports it) of this process's threads whose names start with
   * {@code prefix}.
   */
  private static Map<Long, Long> slices(String prefix) throws IOException {
    assertEquals("amd64", System.getProperty("os.arch"), "the system call numbers below are x86-64's");
    Map<Long, Long> out = new java.util.HashMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path t : tasks.toList()) {
        String name;
        try {
          name = Files.readString(t.resolve("comm")).trim();
        } catch (IOException gone) {
          continue;
        }
        if (!name.startsWith(prefix)) {
          continue;
        }
        try (Memory attr = new Memory(56)) {
          attr.clear();
          long tid = Long.parseLong(t.getFileName().toString());
          if (LIBC.syscall(315L, tid, attr, 56, 0) == 0) { // sched_getattr
            out.put(tid, attr.getLong(24)); // sched_runtime: the slice of a fair thread
          }
        }
      }
    }
    return out;
  }
}
