package io.jindou.store.rocksdb;

import io.jindou.model.ChannelInfo;
import io.jindou.model.ChannelKey;
import io.jindou.store.ChannelStore;
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
 * RocksDB implementation of {@link ChannelStore}: one flags key per channel and one key per subscriber,
 * changed together in one group-committed batch. It never interprets the flags.
 */
final class RocksDbChannelStore implements ChannelStore {
  private final RocksDB db;
  private final Vertx vertx;
  private final GroupCommitWriter writer;

  RocksDbChannelStore(RocksDB db, Vertx vertx, GroupCommitWriter writer) {
    this.db = db;
    this.vertx = vertx;
    this.writer = writer;
  }

  @Override
  public Future<StoredChannel> load(ChannelKey channel) {
    return vertx.executeBlocking(() -> {
      byte[] flags = db.get(Keys.channel(channel));
      if (flags == null) {
        return null;
      }
      byte[] prefix = Keys.channelPrefix(Keys.SUBSCRIBER, channel);
      Set<String> subs = new HashSet<>();
      try (Slice ub = new Slice(Keys.prefixEnd(prefix)); ReadOptions ro = new ReadOptions().setIterateUpperBound(ub);
          RocksIterator it = db.newIterator(ro)) {
        for (it.seek(prefix); it.isValid(); it.next()) {
          byte[] k = it.key();
          subs.add(new String(k, prefix.length, k.length - prefix.length, StandardCharsets.UTF_8));
        }
        it.status();
      }
      return new StoredChannel(decodeFlags(flags[0]), subs);
    }, false);
  }

  @Override
  public Future<Void> update(ChannelKey channel, ChannelInfo info, boolean reset, Collection<String> add,
      Collection<String> remove) {
    return writer.submit((batch, state) -> {
      batch.put(Keys.channel(channel), new byte[] {encodeFlags(info)});
      if (reset) {
        byte[] prefix = Keys.channelPrefix(Keys.SUBSCRIBER, channel);
        batch.deleteRange(prefix, Keys.prefixEnd(prefix));
      }
      for (String uid : add) {
        batch.put(Keys.subscriber(channel, uid), new byte[0]);
      }
      for (String uid : remove) {
        batch.delete(Keys.subscriber(channel, uid));
      }
      return null;
    });
  }

  static byte encodeFlags(ChannelInfo i) {
    return (byte) ((i.ban() ? 1 : 0) | (i.disband() ? 2 : 0) | (i.sendBan() ? 4 : 0) | (i.allowStranger() ? 8 : 0)
        | (i.large() ? 16 : 0));
  }

  static ChannelInfo decodeFlags(byte f) {
    return new ChannelInfo((f & 1) != 0, (f & 2) != 0, (f & 4) != 0, (f & 8) != 0, (f & 16) != 0);
  }
}
