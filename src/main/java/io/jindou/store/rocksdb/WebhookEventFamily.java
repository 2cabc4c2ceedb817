package io.jindou.store.rocksdb;

import java.nio.charset.StandardCharsets;
import java.util.logging.Logger;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The column family of the webhook event log ({@code N seq} → event, {@link RocksDbWebhookStore}): its name, its
 * options, and the move of events an older layout kept in the default family. The bodies are tens of KB and the
 * keys come in sealing order, so in a family of their own the flushed files do not overlap and leveled compaction
 * moves them down without rewriting them, while the other tables' compactions no longer carry the bodies. It
 * never reads or writes anything but the event log.
 */
final class WebhookEventFamily {
  private static final Logger LOG = Logger.getLogger(WebhookEventFamily.class.getName());
  static final byte EVENT = Keys.WEBHOOK_EVENT;
  static final byte[] NAME = "webhook_events".getBytes(StandardCharsets.UTF_8);

  private WebhookEventFamily() {
  }

  /** Uncompressed: LZ4 gains little on JSON that carries Base64 payloads, and costs CPU at every flush. */
  static ColumnFamilyOptions options(BlockBasedTableConfig table) {
    return new ColumnFamilyOptions().setCompressionType(CompressionType.NO_COMPRESSION).setTableFormatConfig(table);
  }

  /**
   * Moves events that an older layout kept in the default family into the event log's family, a thousand per atomic
   * write (each moved key is put there and deleted here in one batch, so an interrupted move goes on at the next
   * open). On every later open it is one seek that finds nothing.
   */
  static void moveOlderLayout(RocksDB db, ColumnFamilyHandle log) {
    long moved = 0;
    try (Slice ub = new Slice(new byte[] {(byte) (EVENT + 1)}); ReadOptions ro = new ReadOptions()
        .setIterateUpperBound(ub); WriteOptions sync = new WriteOptions().setSync(true);
        RocksIterator it = db.newIterator(ro)) {
      // one walk (the iterator's view does not see the deletes below, so it never steps over their tombstones)
      for (it.seek(new byte[] {EVENT}); it.isValid(); ) {
        try (WriteBatch batch = new WriteBatch()) {
          for (int n = 0; it.isValid() && n < 1000; it.next(), n++, moved++) {
            batch.put(log, it.key(), it.value());
            batch.delete(it.key());
          }
          db.write(sync, batch);
        }
      }
      it.status();
    } catch (RocksDBException e) {
      throw new IllegalStateException("cannot move the webhook event log into its column family: " + e.getMessage());
    }
    if (moved > 0) {
      LOG.info("webhook event log: moved " + moved + " events into the column family of this layout");
    }
  }
}
