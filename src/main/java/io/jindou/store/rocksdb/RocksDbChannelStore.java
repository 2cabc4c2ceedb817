package io.jindou.store.rocksdb;

import io.jindou.model.ChannelInfo;
import io.jindou.model.ChannelKey;
import io.jindou.store.ChannelStore;
import io.jindou.store.MembershipPlan;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;

/**
 * RocksDB implementation of {@link ChannelStore}: one flags key per channel and one key per subscriber,
 * changed together with the plan's conversation rows in one group-committed batch (membership before the
 * change is read from the database inside the writer job). It never interprets the flags and never decides
 * which rows a change touches.
 */
final class RocksDbChannelStore implements ChannelStore {
  private final RocksDB db;
  private final Vertx vertx;
  private final GroupCommitWriter writer;
  private final ConversationRowCache rowCache;

  RocksDbChannelStore(RocksDB db, Vertx vertx, GroupCommitWriter writer, ConversationRowCache rowCache) {
    this.db = db;
    this.vertx = vertx;
    this.writer = writer;
    this.rowCache = rowCache;
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
  public Future<Void> update(MembershipPlan plan) {
    ChannelKey channel = plan.channel();
    return writer.submit((batch, state) -> {
      batch.put(Keys.channel(channel), new byte[] {encodeFlags(plan.info())});
      Set<String> before = new HashSet<>();
      if (plan.reset()) {
        byte[] prefix = Keys.channelPrefix(Keys.SUBSCRIBER, channel);
        try (Slice ub = new Slice(Keys.prefixEnd(prefix)); ReadOptions ro = new ReadOptions().setIterateUpperBound(ub);
            RocksIterator it = db.newIterator(ro)) {
          for (it.seek(prefix); it.isValid(); it.next()) {
            before.add(new String(it.key(), prefix.length, it.key().length - prefix.length, StandardCharsets.UTF_8));
          }
        }
        batch.deleteRange(prefix, Keys.prefixEnd(prefix));
        for (String uid : before) {
          if (plan.leaverRowsRemoved() && !plan.add().contains(uid)) {
            ConversationRows.delete(batch, state, rowCache, uid, channel); // dropped by the reset
          }
        }
      }
      for (String uid : plan.add()) {
        boolean wasMember = plan.reset() ? before.contains(uid) : db.get(Keys.subscriber(channel, uid)) != null;
        batch.put(Keys.subscriber(channel, uid), new byte[0]);
        if (plan.joinRow() != null && !wasMember) {
          ConversationRows.put(batch, state, rowCache, plan.joinRow().resolve(uid, channel,
              () -> Heads.head(db, state, channel), () -> Heads.head(db, state, channel.commandLog())));
        }
      }
      for (String uid : plan.remove()) {
        if (db.get(Keys.subscriber(channel, uid)) != null) {
          batch.delete(Keys.subscriber(channel, uid));
          if (plan.leaverRowsRemoved()) {
            ConversationRows.delete(batch, state, rowCache, uid, channel);
          }
        }
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
