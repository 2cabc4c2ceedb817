package io.jindou.store.rocksdb;

import io.jindou.model.ChannelKey;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksIterator;

/**
 * Channel heads (last stored seq) as the writer thread sees them: the cache covers messages staged in the
 * batch being built, so appends, joins and cursor changes of one batch agree on the head. Writer-thread
 * only, except {@link #read}, which any reader may call for the durable head.
 */
final class Heads {
  private record HeadKey(ChannelKey channel) {
  }

  private Heads() {
  }

  static long head(RocksDB db, GroupCommitWriter.Batch state, ChannelKey ch) {
    Long last = (Long) state.cache.get(new HeadKey(ch));
    return last != null ? last : read(db, ch);
  }

  static void advance(GroupCommitWriter.Batch state, ChannelKey ch, long seq) {
    state.cache.put(new HeadKey(ch), seq);
  }

  static long read(RocksDB db, ChannelKey ch) {
    byte[] prefix = Keys.channelPrefix(Keys.MESSAGE, ch);
    try (RocksIterator it = db.newIterator()) {
      it.seekForPrev(Keys.withLong(prefix, Long.MAX_VALUE));
      if (it.isValid() && Keys.startsWith(it.key(), prefix)) {
        return Keys.trailingLong(it.key());
      }
      return 0;
    }
  }
}
