package io.jindou.store.rocksdb;

import io.jindou.store.ChannelStore;
import io.jindou.store.MessageStore;
import io.jindou.store.Store;
import io.jindou.store.UserStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * The embedded storage backend: one RocksDB database under the data folder (two column families: the default one
 * for every table but the webhook event log, which has {@link WebhookEventFamily}), one group-commit writer thread,
 * and the port adapters over them. Single-node only (the files are this process's). It must be opened before the
 * verticles deploy and closed after they are gone.
 */
public final class RocksDbStore implements Store {
  private static final Logger LOG = Logger.getLogger(RocksDbStore.class.getName());

  private final Opened opened;
  private final RocksDB db;
  private final GroupCommitWriter writer;
  private final RocksDbMessageStore messages;
  private final RocksDbChannelStore channels;
  private final RocksDbUserStore users;
  private final RocksDbConversationStore conversations;
  private final RocksDbChannelListStore lists;
  private final RocksDbStreamStore streams;
  private final ConversationRowCache rowCache;
  private final RocksDbWebhookStore webhooks;
  private volatile boolean open = true;

  private RocksDbStore(Opened opened, Vertx vertx, RocksDbConfig config) {
    this.opened = opened;
    this.db = opened.db();
    this.writer = new GroupCommitWriter(db, vertx, config.maxBatch(), config.headsCacheMax(), config.rowsCacheMax());
    LastMessages lastMessages = new LastMessages(config.lastMessagesMax());
    this.rowCache = new ConversationRowCache(config.conversationCacheRows());
    this.webhooks = new RocksDbWebhookStore(db, opened.eventsFamily(), vertx, writer);
    this.messages = new RocksDbMessageStore(db, vertx, writer, lastMessages, rowCache, webhooks);
    this.channels = new RocksDbChannelStore(db, vertx, writer, rowCache);
    this.users = new RocksDbUserStore(db, vertx, writer);
    this.conversations = new RocksDbConversationStore(db, vertx, writer, lastMessages, rowCache);
    this.lists = new RocksDbChannelListStore(db, vertx, writer);
    this.streams = new RocksDbStreamStore(db, vertx, writer, webhooks);
  }

  /** Tells {@code observer} how many jobs each group commit carried (for the metrics); quick, never throwing. */
  public void observeBatches(java.util.function.IntConsumer observer) {
    writer.observeBatches(observer);
  }

  /** {@link #open(RocksDbConfig, Vertx)} with the default cache bounds. */
  public static RocksDbStore open(Path dir, Vertx vertx, int maxBatch) {
    return open(RocksDbConfig.of(dir, maxBatch), vertx);
  }

  /**
   * Opens (creating if needed) the database in the configured folder. Throws {@link IllegalStateException} with
   * a one-line reason when the folder cannot be used (not writable, locked by another process, corrupt).
   */
  public static RocksDbStore open(RocksDbConfig config, Vertx vertx) {
    Path dir = config.dataDir();
    RocksDB.loadLibrary();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new IllegalStateException("data folder " + dir + " is unusable: " + e);
    }
    if (!Files.isWritable(dir)) {
      throw new IllegalStateException("data folder " + dir + " is not writable");
    }
    BlockBasedTableConfig table = new BlockBasedTableConfig().setFilterPolicy(new BloomFilter(10, false));
    DBOptions options = dbOptions();
    ColumnFamilyOptions main = new ColumnFamilyOptions().setCompressionType(CompressionType.LZ4_COMPRESSION)
        .setTableFormatConfig(table);
    ColumnFamilyOptions events = WebhookEventFamily.options(table);
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try {
      RocksDB db = RocksDB.open(options, dir.toString(), List.of(
          new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, main),
          new ColumnFamilyDescriptor(WebhookEventFamily.NAME, events)), handles);
      RocksDbStore store = new RocksDbStore(new Opened(options, main, events, db, handles.get(1)), vertx, config);
      LOG.info("store opened: RocksDB " + RocksDB.rocksdbVersion() + " at " + dir.toAbsolutePath());
      return store;
    } catch (RocksDBException e) {
      handles.forEach(ColumnFamilyHandle::close);
      options.close();
      main.close();
      events.close();
      throw new IllegalStateException("data folder " + dir + " is unusable: " + e.getMessage());
    }
  }

  /**
   * The database's options, chosen for a group commit that ends in an fdatasync.
   * <ul>
   *   <li>Recycled WAL files: appending to a new file makes each sync write the inode too (the size changed); a
   *   reused file is overwritten within its size, so the sync writes the data only (a 4 KiB synced write here: 137
   *   µs appending, 90 µs overwriting). Records carry their log number, so recovery stops at the old generation's
   *   tail (WalRecycleTest). Costs the disk of two spare WAL files (64–90 MB each: a memtable, or two with
   *   webhooks).</li>
   *   <li>Atomic flush: when one family's memtable is full, every family is flushed with it, so the WAL it closes
   *   is obsolete at once and goes to be reused. Without it the webhook event log's family, filling at its own
   *   pace, kept older WAL files alive past the recycle list: new files were created and appended to, and reused
   *   ones of uneven sizes outgrown, so syncs wrote the inode and the block allocations again (ext4:
   *   {@code ext4_write_inode} and {@code fsync_buffers_list} under the writer's fdatasync). WalRecycleTest checks
   *   that the WAL files stay few; BENCHMARKS.md has the effect on sends/s with webhooks on.</li>
   * </ul>
   */
  static DBOptions dbOptions() {
    return new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true).setMaxBackgroundJobs(2)
        .setKeepLogFileNum(3).setRecycleLogFileNum(2).setAtomicFlush(true);
  }

  /** What an open holds and a close releases. */
  private record Opened(DBOptions options, ColumnFamilyOptions main, ColumnFamilyOptions events, RocksDB db,
      ColumnFamilyHandle eventsFamily) {
  }

  /** Flushes every memtable and compacts everything, waiting for both (tests: WAL files become obsolete). */
  void flushAndCompact() throws RocksDBException {
    try (FlushOptions wait = new FlushOptions().setWaitForFlush(true)) {
      db.flush(wait, List.of(db.getDefaultColumnFamily(), opened.eventsFamily()));
    }
    db.compactRange();
    db.compactRange(opened.eventsFamily());
  }

  /** The conversation-row cache (tests check its bound). */
  ConversationRowCache rowCache() {
    return rowCache;
  }

  @Override
  public MessageStore messages() {
    return messages;
  }

  @Override
  public ChannelStore channels() {
    return channels;
  }

  @Override
  public UserStore users() {
    return users;
  }

  @Override
  public io.jindou.store.ChannelListStore lists() {
    return lists;
  }

  @Override
  public io.jindou.store.ConversationStore conversations() {
    return conversations;
  }

  /** One node's data: {@code node} is not needed. */
  @Override
  public io.jindou.store.WebhookStore webhooks(int node) {
    return webhooks;
  }

  @Override
  public io.jindou.store.StreamStore streams() {
    return streams;
  }

  /** Open, and its writer thread alive ({@link GroupCommitWriter#alive}): a store that cannot write is not ready. */
  @Override
  public boolean healthy() {
    return open && writer.alive();
  }

  @Override
  public synchronized Future<Void> close() {
    if (!open) {
      return Future.succeededFuture();
    }
    open = false;
    try {
      writer.stop();
      db.flushWal(true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RocksDBException e) {
      LOG.warning("flushing the WAL at close failed: " + e.getMessage());
    }
    opened.eventsFamily().close();
    db.close();
    opened.options().close();
    opened.main().close();
    opened.events().close();
    LOG.info("store closed");
    return Future.succeededFuture();
  }
}
