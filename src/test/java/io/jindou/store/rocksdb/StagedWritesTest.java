package io.jindou.store.rocksdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Sorting a group commit by key must not change what it writes: the later write of a key wins, deletes and
 * range deletions keep their meaning relative to puts, and a rolled-back job leaves nothing. Checked against
 * a real RocksDB and, for random batches, against a map that applies the writes in job order.
 */
class StagedWritesTest {
  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void commit(RocksDB db, StagedWrites w) throws Exception {
    try (WriteBatch batch = new WriteBatch(); WriteOptions wo = new WriteOptions()) {
      w.writeTo(batch);
      db.write(wo, batch);
    }
  }

  @Test
  void keyOrderKeepsTheMeaningOfTheJobOrder(@TempDir Path dir) throws Exception {
    RocksDB.loadLibrary();
    try (Options o = new Options().setCreateIfMissing(true); RocksDB db = RocksDB.open(o, dir.toString())) {
      StagedWrites w = new StagedWrites();
      w.put(b("k1"), b("a"));
      w.put(b("k0"), b("b"));
      w.put(b("k1"), b("c"));
      w.put(b("gone"), b("x"));
      w.delete(b("gone"));
      w.delete(b("back"));
      w.put(b("back"), b("y"));
      w.setSavePoint();
      w.put(b("failed-job"), b("z"));
      w.rollbackToSavePoint();
      assertEquals(7, w.count());
      commit(db, w);
      assertArrayEquals(b("c"), db.get(b("k1")), "the later write of a key wins");
      assertArrayEquals(b("b"), db.get(b("k0")));
      assertNull(db.get(b("gone")));
      assertArrayEquals(b("y"), db.get(b("back")));
      assertNull(db.get(b("failed-job")), "a rolled-back job writes nothing");

      StagedWrites ranges = new StagedWrites();
      ranges.put(b("r5"), b("before"));
      ranges.deleteRange(b("r0"), b("r9"));
      ranges.put(b("r7"), b("after"));
      ranges.put(b("a-outside"), b("kept"));
      commit(db, ranges);
      assertNull(db.get(b("r5")), "a put before a range deletion is deleted");
      assertArrayEquals(b("after"), db.get(b("r7")), "a put after a range deletion survives");
      assertArrayEquals(b("kept"), db.get(b("a-outside")));

      Random random = new Random(7);
      Map<String, String> model = new HashMap<>();
      for (int round = 0; round < 50; round++) {
        StagedWrites batch = new StagedWrites();
        for (int i = 0; i < 200; i++) {
          String key = "m" + (char) ('a' + random.nextInt(5)) + random.nextInt(40);
          if (random.nextInt(4) == 0) {
            batch.delete(b(key));
            model.remove(key);
          } else {
            String value = round + "/" + i;
            batch.put(b(key), b(value));
            model.put(key, value);
          }
        }
        commit(db, batch);
      }
      for (char c = 'a'; c < 'f'; c++) {
        for (int n = 0; n < 40; n++) {
          String key = "m" + c + n;
          byte[] got = db.get(b(key));
          assertEquals(model.get(key), got == null ? null : new String(got, StandardCharsets.UTF_8), key);
        }
      }
    }
  }
}
