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
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The store reuses WAL files ({@code recycle_log_file_num}): the last writes before a crash land in a file that still
 * holds an older generation's records past them. The data folder copied while the store is open — what a kill -9
 * leaves, since every commit was synced — opens with every acknowledged message and no other, sequences contiguous
 * (recovery did not stop early in the reused file, nor fail on the old records past the new ones); and the
 * original's RocksDB log shows a file was in fact reused. And with the store's options, two families written at
 * different paces (the messages and the webhook event log) still leave few WAL files, reused rather than created.
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

  /**
   * The store's database options ({@link RocksDbStore#dbOptions}) with memtables small enough to fill many times: one
   * family takes 3,000 bytes per synced write and the other 300, so the second fills once for every ten of the
   * first's. Each full memtable flushes both (atomic flush), so the WAL file it closes is obsolete at once: no more
   * than the live file, one being flushed and the two spares ever exist, and later switches reuse the spares.
   * Without atomic flush the slow family keeps each WAL alive until its own flush: about a dozen files at a time,
   * and a new file for most switches.
   */
  @Test
  void twoFamiliesFillingAtTheirOwnPaceLeaveFewWalFiles(@TempDir Path dir) throws Exception {
    RocksDB.loadLibrary();
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try (DBOptions options = RocksDbStore.dbOptions();
        ColumnFamilyOptions small = new ColumnFamilyOptions().setWriteBufferSize(256 << 10);
        WriteOptions sync = new WriteOptions().setSync(true);
        RocksDB db = RocksDB.open(options, dir.toString(), List.of(
            new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, small),
            new ColumnFamilyDescriptor("slow".getBytes(StandardCharsets.UTF_8), small)), handles)) {
      try {
        int most = 0;
        Set<Object> files = new HashSet<>();
        for (int i = 0; i < 3_000; i++) {
          try (WriteBatch batch = new WriteBatch()) {
            byte[] key = ByteBuffer.allocate(4).putInt(i).array();
            batch.put(handles.get(0), key, new byte[3_000]);
            batch.put(handles.get(1), key, new byte[300]);
            db.write(sync, batch);
          }
          if (i % 25 == 0) {
            List<Path> wal = walFiles(dir);
            most = Math.max(most, wal.size());
            for (Path f : wal) {
              try {
                files.add(Files.getAttribute(f, "unix:ino"));
              } catch (NoSuchFileException gone) {
                // deleted or renamed for reuse since the listing: seen at the next one
              }
            }
          }
        }
        assertTrue(Files.readString(dir.resolve("LOG")).contains("reusing log"), "WAL files were recycled");
        assertTrue(most <= 4, "at most the live WAL, one being flushed and two spares at a time; saw " + most);
        assertTrue(files.size() <= 6, "switches reuse WAL files rather than create them; " + files.size()
            + " were created");
      } finally {
        handles.forEach(ColumnFamilyHandle::close);
      }
    }
  }

  /** The WAL files ({@code NNNNNN.log}; the info log is {@code LOG}). */
  private static List<Path> walFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().matches("\\d+\\.log")).toList();
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
