package io.jindou.store.rocksdb;

import io.jindou.model.ChannelKey;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksIterator;

/**
 * Channel heads (last stored seq) as the writer thread sees them: a head advanced in the batch being built
 * is staged in the batch's scratch (so appends, joins and cursor changes of one batch agree on it, and a
 * failed job's advance is undone with the job), and published to the writer's bounded head cache only once
 * the batch is durable; a head in neither is read from the database. Writer-thread only, except
 * {@link #read}, which any reader may call for the durable head.
 */
final class Heads {
  private record HeadKey(ChannelKey channel) {
  }

  private Heads() {
  }

  static long head(RocksDB db, GroupCommitWriter.Batch state, ChannelKey ch) {
    HeadKey key = new HeadKey(ch);
    Long last = (Long) state.local.get(key);
    if (last == null) {
      last = state.heads.get(key);
    }
    return last != null ? last : read(db, ch);
  }

  static void advance(GroupCommitWriter.Batch state, ChannelKey ch, long seq) {
    HeadKey key = new HeadKey(ch);
    if (state.local.put(key, seq) == null) {
      // once per channel per batch; dropped with the job if it fails, and then the next advance registers again
      state.afterCommit.add(() -> state.heads.put(key, (Long) state.local.get(key)));
    }
  }

  /** Whether the writer's head cache holds the channel (it does not change the cache's order). */
  static boolean isCached(GroupCommitWriter.Batch state, ChannelKey ch) {
    return state.heads.containsKey(new HeadKey(ch));
  }

  /**
   * The durable head: the last stored message's seq, or, when a clear deleted every message, the cleared mark (so
   * sequences go on after a restart instead of starting over at 1).
   */
  static long read(RocksDB db, ChannelKey ch) {
    byte[] prefix = Keys.channelPrefix(Keys.MESSAGE, ch);
    try (RocksIterator it = db.newIterator()) {
      it.seekForPrev(Keys.withLong(prefix, Long.MAX_VALUE));
      if (it.isValid() && Keys.startsWith(it.key(), prefix)) {
        return Keys.trailingLong(it.key());
      }
    }
    try {
      byte[] mark = db.get(Keys.channelPrefix(Keys.CLEARED, ch));
      return mark == null ? 0 : java.nio.ByteBuffer.wrap(mark).getLong();
    } catch (org.rocksdb.RocksDBException e) {
      throw new IllegalStateException("reading the cleared mark of " + ch.id() + " failed", e);
    }
  }
}
