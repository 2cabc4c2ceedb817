package io.jindou.store.rocksdb;

import io.jindou.model.ChannelKey;
import io.jindou.store.ChannelListStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;

/**
 * RocksDB implementation of {@link ChannelListStore}: one key per listed uid, {@code B ch uid} for the
 * blacklist and {@code W ch uid} for the whitelist, changed in one group-committed batch. Never interprets
 * the lists.
 */
final class RocksDbChannelListStore implements ChannelListStore {
  private static final byte BLACK = Keys.BLACKLIST;
  private static final byte WHITE = Keys.WHITELIST;
  private final RocksDB db;
  private final Vertx vertx;
  private final GroupCommitWriter writer;

  RocksDbChannelListStore(RocksDB db, Vertx vertx, GroupCommitWriter writer) {
    this.db = db;
    this.vertx = vertx;
    this.writer = writer;
  }

  @Override
  public Future<Lists> load(ChannelKey channel) {
    return vertx.executeBlocking(() -> new Lists(scan(BLACK, channel), scan(WHITE, channel)), false);
  }

  private Set<String> scan(byte table, ChannelKey channel) {
    byte[] prefix = Keys.channelPrefix(table, channel);
    Set<String> out = new HashSet<>();
    try (Slice ub = new Slice(Keys.prefixEnd(prefix)); ReadOptions ro = new ReadOptions().setIterateUpperBound(ub);
        RocksIterator it = db.newIterator(ro)) {
      for (it.seek(prefix); it.isValid(); it.next()) {
        out.add(new String(it.key(), prefix.length, it.key().length - prefix.length, StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  @Override
  public Future<Void> update(ChannelKey channel, Kind kind, boolean reset, Collection<String> add,
      Collection<String> remove) {
    byte table = kind == Kind.BLACK ? BLACK : WHITE;
    byte[] prefix = Keys.channelPrefix(table, channel);
    return writer.submit((batch, state) -> {
      if (reset) {
        batch.deleteRange(prefix, Keys.prefixEnd(prefix));
      }
      for (String uid : add) {
        batch.put(Keys.concat(prefix, uid.getBytes(StandardCharsets.UTF_8)), new byte[0]);
      }
      for (String uid : remove) {
        batch.delete(Keys.concat(prefix, uid.getBytes(StandardCharsets.UTF_8)));
      }
      return null;
    });
  }
}
