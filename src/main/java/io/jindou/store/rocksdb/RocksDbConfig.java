package io.jindou.store.rocksdb;

import java.nio.file.Path;

/**
 * The embedded store's settings, from the node configuration (README: {@code data_dir}, {@code store_max_batch},
 * {@code store_heads_cache_max}, {@code store_rows_cache_max}, {@code last_message_cache_max},
 * {@code conversation_cache_rows_max}): the data folder, the most jobs in one group commit, and the bounds of the
 * writer's head and conversation-row caches and of the readers' last-message and conversation-listing caches.
 * A plain value, checked when built; it never opens anything itself.
 */
public record RocksDbConfig(Path dataDir, int maxBatch, int headsCacheMax, int rowsCacheMax, int lastMessagesMax,
    int conversationCacheRows) {

  public RocksDbConfig {
    if (dataDir == null || maxBatch < 1 || headsCacheMax < 1 || rowsCacheMax < 1 || lastMessagesMax < 1
        || conversationCacheRows < 1) {
      throw new IllegalArgumentException("bad RocksDB settings: dir=" + dataDir + ", maxBatch=" + maxBatch
          + ", headsCacheMax=" + headsCacheMax + ", rowsCacheMax=" + rowsCacheMax + ", lastMessagesMax="
          + lastMessagesMax + ", conversationCacheRows=" + conversationCacheRows);
    }
  }

  /** The defaults of {@code conf/jindou.json} for everything but the folder and the batch size. */
  public static RocksDbConfig of(Path dataDir, int maxBatch) {
    return new RocksDbConfig(dataDir, maxBatch, GroupCommitWriter.DEFAULT_HEADS_MAX, GroupCommitWriter.DEFAULT_ROWS_MAX,
        200_000, 100_000);
  }
}
