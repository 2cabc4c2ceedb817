package io.jindou.store.rocksdb;

import io.jindou.model.ChannelKey;
import io.jindou.model.Message;
import io.jindou.store.ConversationStore;
import io.jindou.store.MessageBinary;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;

/**
 * RocksDB implementation of {@link ConversationStore}: a prefix scan per user for listing, kept in the
 * {@link ConversationRowCache} with a handle on each channel's last-message slot so the next listing reads
 * no disk and does no lookups; read-modify-write on the group-commit writer so a cursor change and a
 * concurrent append or join see one order. Never computes unread counts itself.
 */
final class RocksDbConversationStore implements ConversationStore {
  private final RocksDB db;
  private final Vertx vertx;
  private final GroupCommitWriter writer;
  private final LastMessages lastMessages;
  private final ConversationRowCache rowCache;

  RocksDbConversationStore(RocksDB db, Vertx vertx, GroupCommitWriter writer, LastMessages lastMessages,
      ConversationRowCache rowCache) {
    this.db = db;
    this.vertx = vertx;
    this.writer = writer;
    this.lastMessages = lastMessages;
    this.rowCache = rowCache;
  }

  @Override
  public Future<List<RowWithHead>> list(String uid) {
    return vertx.executeBlocking(() -> {
      ConversationRowCache.Entry e = rowCache.get(uid, lastMessages.generation());
      if (e == null) {
        e = load(uid);
        rowCache.put(uid, e);
      }
      Row[] rows = e.rows();
      LastMessages.Slot[] slots = e.slots();
      List<RowWithHead> out = new ArrayList<>(rows.length);
      for (int i = 0; i < rows.length; i++) {
        Message m = slots[i].get();
        out.add(new RowWithHead(rows[i], m == null ? 0 : m.messageSeq(), m));
      }
      return out;
    }, false);
  }

  /**
   * The user's rows from disk, each with its channel's slot filled (one seek for a channel not in memory).
   * The epoch and generation are read first, so a change committed during the scan makes the entry stale.
   */
  private ConversationRowCache.Entry load(String uid) throws RocksDBException {
    long epoch = rowCache.epoch(uid);
    long generation = lastMessages.generation();
    byte[] prefix = ConversationRows.userPrefix(uid);
    List<Row> rows = new ArrayList<>();
    List<LastMessages.Slot> slots = new ArrayList<>();
    try (Slice ub = new Slice(Keys.prefixEnd(prefix)); ReadOptions ro = new ReadOptions().setIterateUpperBound(ub);
        RocksIterator it = db.newIterator(ro); RocksIterator heads = db.newIterator()) {
      for (it.seek(prefix); it.isValid(); it.next()) {
        ChannelKey ch = ConversationRows.channelOf(it.key(), prefix.length);
        rows.add(ConversationRows.decode(uid, ch, it.value()));
        slots.add(slot(heads, ch));
      }
      it.status();
    }
    return new ConversationRowCache.Entry(epoch, generation, rows.toArray(new Row[0]),
        slots.toArray(new LastMessages.Slot[0]));
  }

  /**
   * The channel's last-message slot, filled from disk (one seek) when empty. The slot exists before the
   * seek, so a message committed meanwhile is offered to it by the writer: an empty slot means no message.
   */
  private LastMessages.Slot slot(RocksIterator it, ChannelKey ch) {
    LastMessages.Slot slot = lastMessages.slot(ch);
    if (slot.get() == null) {
      byte[] prefix = Keys.channelPrefix(Keys.MESSAGE, ch);
      it.seekForPrev(Keys.withLong(prefix, Long.MAX_VALUE));
      if (it.isValid() && Keys.startsWith(it.key(), prefix)) {
        slot.offer(MessageBinary.decode(it.value(), Keys.trailingLong(it.key())));
      }
    }
    return slot;
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
      ConversationRows.put(batch, state, rowCache, next);
      return next;
    });
  }
}
