package io.jindou.store.rocksdb;

import io.jindou.model.ChannelKey;
import io.jindou.store.ConversationStore.Row;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * Conversation rows in RocksDB: key {@code V len uid [type len id]}, value five 8-byte cursors. Staging
 * helpers read through the batch being built (so two changes in one batch compose) and write into it, and
 * tell the {@link ConversationRowCache} once the batch is durable. Writer-thread only for the staging methods.
 */
final class ConversationRows {
  private static final Object DELETED = new Object();

  private record RowKey(String uid, ChannelKey channel) {
  }

  private ConversationRows() {
  }

  static byte[] userPrefix(String uid) {
    byte[] u = uid.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(3 + u.length).put(Keys.CONVERSATION).putShort((short) u.length).put(u).array();
  }

  static byte[] key(String uid, ChannelKey ch) {
    byte[] p = userPrefix(uid);
    byte[] c = Keys.channelPrefix((byte) 0, ch);
    return Keys.concat(p, java.util.Arrays.copyOfRange(c, 1, c.length));
  }

  static ChannelKey channelOf(byte[] key, int uidPrefixLength) {
    ByteBuffer b = ByteBuffer.wrap(key, uidPrefixLength, key.length - uidPrefixLength);
    int type = b.get() & 0xFF;
    int len = b.getShort() & 0xFFFF;
    return new ChannelKey(new String(key, uidPrefixLength + 3, len, StandardCharsets.UTF_8), type);
  }

  static byte[] encode(Row r) {
    return ByteBuffer.allocate(40).putLong(r.joinFloor()).putLong(r.deleteFloor()).putLong(r.readSeq())
        .putLong(r.ownLastSeq()).putLong(r.cmdAckSeq()).array();
  }

  static Row decode(String uid, ChannelKey ch, byte[] v) {
    ByteBuffer b = ByteBuffer.wrap(v);
    return new Row(uid, ch, b.getLong(), b.getLong(), b.getLong(), b.getLong(), b.getLong());
  }

  /**
   * The row as of the batch being built, or null: the batch's own change, else the writer's copy of the
   * durable row (every row change is staged here, so the copy is exact), else the database.
   */
  static Row get(RocksDB db, GroupCommitWriter.Batch state, String uid, ChannelKey ch) throws RocksDBException {
    RowKey k = new RowKey(uid, ch);
    Object known = state.local.get(k);
    if (known == null) {
      known = state.rows.get(k);
    }
    if (known == null) {
      byte[] v = db.get(key(uid, ch));
      known = v == null ? DELETED : decode(uid, ch, v);
      state.rows.put(k, known);
    }
    return known == DELETED ? null : (Row) known;
  }

  /** Stages the row; once the batch is durable, the user's cached rows stop being served. */
  static void put(StagedWrites batch, GroupCommitWriter.Batch state, ConversationRowCache cache, Row r)
      throws RocksDBException {
    RowKey k = new RowKey(r.uid(), r.channel());
    batch.put(key(r.uid(), r.channel()), encode(r));
    state.local.put(k, r);
    state.afterCommit.add(() -> {
      state.rows.put(k, r);
      cache.changed(r.uid());
    });
  }

  static void delete(StagedWrites batch, GroupCommitWriter.Batch state, ConversationRowCache cache, String uid,
      ChannelKey ch) throws RocksDBException {
    RowKey k = new RowKey(uid, ch);
    batch.delete(key(uid, ch));
    state.local.put(k, DELETED);
    state.afterCommit.add(() -> {
      state.rows.put(k, DELETED);
      cache.changed(uid);
    });
  }
}
