package io.jindou.store.rocksdb;

import io.jindou.model.ChannelKey;
import io.jindou.store.ConversationStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;

/**
 * RocksDB implementation of {@link ConversationStore}: a prefix scan per user for listing (with each
 * channel's head read in the same worker task), and read-modify-write on the group-commit writer so a cursor
 * change and a concurrent append or join see one order. Never computes unread counts itself.
 */
final class RocksDbConversationStore implements ConversationStore {
  private final RocksDB db;
  private final Vertx vertx;
  private final GroupCommitWriter writer;
  private final LastMessages lastMessages;

  RocksDbConversationStore(RocksDB db, Vertx vertx, GroupCommitWriter writer, LastMessages lastMessages) {
    this.db = db;
    this.vertx = vertx;
    this.writer = writer;
    this.lastMessages = lastMessages;
  }

  /** The channel's last message: from memory, else one seek on the given iterator (then remembered). */
  private io.jindou.model.Message last(RocksIterator it, ChannelKey ch) {
    io.jindou.model.Message m = lastMessages.get(ch);
    if (m != null) {
      return m;
    }
    byte[] prefix = Keys.channelPrefix(Keys.MESSAGE, ch);
    it.seekForPrev(Keys.withLong(prefix, Long.MAX_VALUE));
    if (it.isValid() && Keys.startsWith(it.key(), prefix)) {
      m = io.jindou.store.MessageBinary.decode(it.value(), Keys.trailingLong(it.key()));
      lastMessages.offer(m);
      return m;
    }
    return null;
  }

  @Override
  public Future<List<RowWithHead>> list(String uid) {
    return vertx.executeBlocking(() -> {
      byte[] prefix = ConversationRows.userPrefix(uid);
      List<RowWithHead> out = new ArrayList<>();
      try (Slice ub = new Slice(Keys.prefixEnd(prefix)); ReadOptions ro = new ReadOptions().setIterateUpperBound(ub);
          RocksIterator it = db.newIterator(ro); RocksIterator heads = db.newIterator()) {
        for (it.seek(prefix); it.isValid(); it.next()) {
          ChannelKey ch = ConversationRows.channelOf(it.key(), prefix.length);
          Row row = ConversationRows.decode(uid, ch, it.value());
          io.jindou.model.Message m = last(heads, ch);
          out.add(new RowWithHead(row, m == null ? 0 : m.messageSeq(), m));
        }
        it.status();
      }
      return out;
    }, false);
  }

  @Override
  public Future<RowWithHead> get(String uid, ChannelKey channel) {
    return vertx.executeBlocking(() -> {
      byte[] v = db.get(ConversationRows.key(uid, channel));
      return v == null ? null : new RowWithHead(ConversationRows.decode(uid, channel, v), Heads.read(db, channel));
    }, false);
  }

  @Override
  public Future<Row> mutate(String uid, ChannelKey channel, BiFunction<Row, Long, Row> change) {
    return writer.submit((batch, state) -> {
      Row current = ConversationRows.get(db, state, uid, channel);
      Row next = change.apply(current, Heads.head(db, state, channel));
      if (next == null) {
        return current;
      }
      ConversationRows.put(batch, state, next);
      return next;
    });
  }
}
