package io.jindou.app;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Asks Linux for a shorter scheduler slice ({@code scheduler_slice_us}) for the threads a durable send passes
 * through: the node's event loops (HTTP listeners and channel owners, {@code vert.x-eventloop-thread-*}) and the
 * store's writer ({@code jindou-rocksdb-writer}). Since Linux 6.12 the fair scheduler (EEVDF) lets any thread ask
 * for a slice between 0.1 and 100 ms (the default is 0.7 ms times 1 + log2 of the cores); a thread that wakes
 * with a shorter slice than the one running may take the core at once instead of after the other's slice, so on
 * cores that a fan-out keeps busy each hop of a send (request read, owner, writer, fsync returned, answer) waits
 * less. It needs no privilege (only lowering a nice value does) and changes neither the thread's policy nor its
 * nice value. It owns this one system call ({@code sched_setattr}, through JNA: Java 17 has no way to make it);
 * it never touches threads of other names (but for a thread that asks for itself, {@link #applyToCurrentThread}: the
 * load suite's probe), never fails the node's start (what it could not do becomes the ready
 * line's note), and on kernels without custom slices it reports that and changes nothing.
 */
public final class SchedulerSlice {
  /** Thread names as the kernel keeps them (the first 15 characters): the node's loops and the store's writer. */
  static final List<String> SEND_PATH = List.of("vert.x-eventloo", "jindou-rocksdb-");
  private static final int ATTR_SIZE = 56;
  private static final int SCHED_OTHER = 0;
  private static final int SCHED_BATCH = 3;

  /** The C library's variadic {@code syscall}. */
  interface Libc extends Library {
    long syscall(long number, Object... args);
  }

  private SchedulerSlice() {
  }

  /**
   * Gives every thread of this process on the send path a slice of {@code sliceUs} µs (0: leaves them alone);
   * returns the ready line's note, saying on how many threads the kernel took it, or why it did not.
   */
  static String apply(long sliceUs) {
    if (sliceUs <= 0) {
      return "";
    }
    try {
      Calls calls = Calls.forThisMachine();
      if (calls == null) {
        return ", scheduler slice left as is (scheduler_slice_us: no sched_setattr on " + System.getProperty("os.arch")
            + ")";
      }
      int set = 0;
      int refused = 0;
      for (int tid : threads(SEND_PATH)) {
        Long now = calls.slice(tid, sliceUs * 1000);
        if (now == null) {
          continue; // the thread ended, or has a policy of its own
        }
        if (now == sliceUs * 1000) {
          set++;
        } else {
          refused++;
        }
      }
      if (set == 0 && refused > 0) {
        return ", scheduler slice left as is (scheduler_slice_us needs Linux 6.12 or later)";
      }
      return ", send path at a " + (sliceUs >= 1000 ? sliceUs / 1000.0 + " ms" : sliceUs + " µs")
          + " scheduler slice (" + set + " threads)";
    } catch (LinkageError | RuntimeException e) {
      return ", scheduler slice left as is (scheduler_slice_us: " + e + ")";
    }
  }

  /**
   * Gives the calling thread a slice of {@code sliceUs} µs, whatever its name; returns whether the kernel took it
   * (false on other systems and on kernels without custom slices). For a benchmark's own latency-sensitive thread
   * (the load suite's probe sender), which would otherwise wait behind the load tool's busy threads.
   */
  public static boolean applyToCurrentThread(long sliceUs) {
    try {
      Calls calls = Calls.forThisMachine();
      Long now = calls == null ? null : calls.slice(0, sliceUs * 1000); // 0: the calling thread
      return now != null && now == sliceUs * 1000;
    } catch (LinkageError | RuntimeException e) {
      return false;
    }
  }

  /** The ids of this process's threads whose names start with one of {@code prefixes}. */
  static List<Integer> threads(List<String> prefixes) {
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      return tasks.filter(t -> {
        try {
          String name = Files.readString(t.resolve("comm")).trim();
          return prefixes.stream().anyMatch(name::startsWith);
        } catch (IOException gone) {
          return false; // ended while we looked
        }
      }).map(t -> Integer.parseInt(t.getFileName().toString())).toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /** The two system calls on this architecture ({@code sched_setattr}, {@code sched_getattr}). */
  record Calls(Libc libc, long set, long get) {
    static Calls forThisMachine() {
      String arch = System.getProperty("os.arch");
      if (!System.getProperty("os.name").equals("Linux")) {
        return null;
      }
      long[] numbers = switch (arch) {
        case "amd64", "x86_64" -> new long[] {314, 315};
        case "aarch64" -> new long[] {274, 275};
        default -> null;
      };
      return numbers == null ? null : new Calls(Native.load("c", Libc.class), numbers[0], numbers[1]);
    }

    /** Thread {@code tid}'s slice in ns as the kernel reports it (0 where it keeps none), or null if unreadable. */
    Long slice(int tid) {
      try (Memory attr = new Memory(ATTR_SIZE)) {
        attr.clear();
        return libc.syscall(get, (long) tid, attr, ATTR_SIZE, 0) == 0 ? attr.getLong(24) : null;
      }
    }

    /**
     * Asks for a slice of {@code ns} for thread {@code tid} (keeping its policy and nice value; only for the
     * normal and batch policies); returns the slice it then has, or null if it could not be read or set.
     */
    Long slice(int tid, long ns) {
      try (Memory attr = new Memory(ATTR_SIZE)) {
        attr.clear();
        if (libc.syscall(get, (long) tid, attr, ATTR_SIZE, 0) != 0) {
          return null;
        }
        int policy = attr.getInt(4);
        if (policy != SCHED_OTHER && policy != SCHED_BATCH) {
          return null;
        }
        attr.setInt(0, ATTR_SIZE);
        attr.setLong(8, 0); // flags: none (no reset-on-fork, no clamps)
        attr.setLong(24, ns);
        if (libc.syscall(set, (long) tid, attr, 0) != 0) {
          return null;
        }
      }
      return slice(tid);
    }
  }
}
