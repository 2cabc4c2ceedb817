package io.jindou.store.rocksdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.channel.WritePlans;
import io.jindou.model.ChannelKey;
import io.jindou.model.Message;
import io.jindou.store.MessagePlan;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store reuses WAL files ({@code recycle_log_file_num}): the last writes before a crash land in a file that still
 * holds an older generation's records past them. The data folder copied while the store is open — what a kill -9
 * leaves, since every commit was synced — opens with every acknowledged message and no other, sequences contiguous
 * (recovery did not stop early in the reused file, nor fail on the old records past the new ones); and the
 * original's RocksDB log shows a file was in fact reused.
 */
class WalRecycleTest {
  private static final ChannelKey CH = new ChannelKey("recycled", 2);

  @Test
  void theCrashImageOfARecycledWalHoldsEveryAcknowledgedMessage(@TempDir Path dir, @TempDir Path image)
      throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      crashImageHoldsEverything(vertx, dir, image);
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  private static void crashImageHoldsEverything(Vertx vertx, Path dir, Path image) throws Exception {
    long id = 1;
    List<byte[]> payloads = new ArrayList<>();
    RocksDbStore store = RocksDbStore.open(dir, vertx, 256);
    try {
      for (int round = 0; round < 4; round++) { // each flush makes the previous WAL obsolete: it goes to be reused
        for (int i = 0; i < 8; i++) {
          id = append(store, id, 250, 1024, payloads);
        }
        store.flushAndCompact();
      }
      id = append(store, id, 40, 16, payloads); // a short generation: the reused file's old records lie beyond it
      copy(dir, image); // acknowledged, synced, nothing compacting: a kill -9 now leaves exactly these files
    } finally {
      store.close().await(10, TimeUnit.SECONDS);
    }
    String log = Files.readString(dir.resolve("LOG"));
    assertTrue(log.contains("reusing log"), "a WAL file was recycled");

    RocksDbStore again = RocksDbStore.open(image, vertx, 256);
    try {
      List<Message> read = again.messages().readForward(CH, 1, Long.MAX_VALUE, 100_000).await(30, TimeUnit.SECONDS);
      assertEquals(payloads.size(), read.size(), "every acknowledged message, and no more");
      for (int i = 0; i < read.size(); i++) {
        assertEquals(i + 1L, read.get(i).messageSeq());
        assertArrayEquals(payloads.get(i), read.get(i).payload(), "message " + (i + 1));
      }
    } finally {
      again.close().await(10, TimeUnit.SECONDS);
    }
  }

  /** Appends {@code n} messages of {@code size} bytes in one call, waits for the acknowledgement. */
  private static long append(RocksDbStore store, long id, int n, int size, List<byte[]> payloads) throws Exception {
    List<MessagePlan> plans = new ArrayList<>();
    for (int i = 0; i < n; i++, id++) {
      byte[] payload = new byte[size];
      Arrays.fill(payload, (byte) ('a' + id % 26));
      payload[0] = (byte) (id >>> 8);
      payload[1] = (byte) id;
      payloads.add(payload);
      plans.add(WritePlans.message(new Message(id, 0, "", null, "u", CH.id(), CH.type(), 1, 0, false, false, false,
          0, null, null, payload), false));
    }
    store.messages().append(plans).await(30, TimeUnit.SECONDS);
    return id;
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : files.toList()) {
        if (f.getFileName().toString().equals("LOCK")) {
          continue;
        }
        try {
          Files.copy(f, to.resolve(f.getFileName()));
        } catch (NoSuchFileException gone) {
          // an obsolete file deleted meanwhile: a crash would not have left it either
        }
      }
    }
  }
}
