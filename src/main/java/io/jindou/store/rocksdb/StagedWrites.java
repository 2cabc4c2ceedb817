package io.jindou.store.rocksdb;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * The writes of one group commit, collected in job order and handed to RocksDB in key order. A memtable
 * insert is cheap when the key lands next to the previous insert and expensive (a search from the top of
 * the skip list) when it does not; a batch of many channels' messages, id indexes and conversation rows
 * jumps all over the key space, so {@link #writeTo} sorts it first. The sort is stable, so two writes of
 * the same key keep their order (the later one wins, as in a plain batch); a batch holding a range deletion
 * keeps job order entirely, because a later put inside the range must stay after it. Writes may name a column
 * family other than the default (the webhook event log); keys of different families never affect each other.
 * Confined to the writer thread; it never writes to the database itself.
 */
final class StagedWrites {
  private static final byte PUT = 0;
  private static final byte DELETE = 1;
  private static final byte DELETE_RANGE = 2;
  private static final Comparator<Op> BY_KEY = (a, b) -> Arrays.compareUnsigned(a.key, b.key);

  /** One write: for a range deletion {@code value} is the exclusive end key; {@code family} null: the default. */
  private record Op(byte kind, ColumnFamilyHandle family, byte[] key, byte[] value) {
  }

  private final List<Op> ops = new ArrayList<>();
  private int savePoint;
  private boolean hasRange;

  void put(byte[] key, byte[] value) {
    ops.add(new Op(PUT, null, key, value));
  }

  /** A put into another column family than the default. */
  void put(ColumnFamilyHandle family, byte[] key, byte[] value) {
    ops.add(new Op(PUT, family, key, value));
  }

  void delete(byte[] key) {
    ops.add(new Op(DELETE, null, key, null));
  }

  /** A delete in another column family than the default. */
  void delete(ColumnFamilyHandle family, byte[] key) {
    ops.add(new Op(DELETE, family, key, null));
  }

  void deleteRange(byte[] fromInclusive, byte[] toExclusive) {
    ops.add(new Op(DELETE_RANGE, null, fromInclusive, toExclusive));
    hasRange = true;
  }

  /** Marks where the current job's writes begin. */
  void setSavePoint() {
    savePoint = ops.size();
  }

  /** Drops the writes of the current job (it failed). */
  void rollbackToSavePoint() {
    ops.subList(savePoint, ops.size()).clear();
  }

  int count() {
    return ops.size();
  }

  /** Copies the writes into {@code batch}, sorted by key unless a range deletion is among them. */
  void writeTo(WriteBatch batch) throws RocksDBException {
    List<Op> order = ops;
    if (!hasRange && ops.size() > 1) {
      order = new ArrayList<>(ops);
      order.sort(BY_KEY);
    }
    for (Op op : order) {
      if (op.family != null) {
        if (op.kind == PUT) {
          batch.put(op.family, op.key, op.value);
        } else {
          batch.delete(op.family, op.key);
        }
        continue;
      }
      switch (op.kind) {
        case PUT -> batch.put(op.key, op.value);
        case DELETE -> batch.delete(op.key);
        default -> batch.deleteRange(op.key, op.value);
      }
    }
  }
}
