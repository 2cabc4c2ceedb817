package io.jindou.store.rocksdb;

import io.jindou.model.ChannelKey;
import io.jindou.model.Message;
import io.jindou.store.MessageBinary;
import io.jindou.store.MutationPlan;
import io.jindou.store.ReceiptPlan;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;

/**
 * The RocksDB side of changes to stored messages, for {@link RocksDbMessageStore}: mutation and receipt plans
 * checked and staged on the {@link GroupCommitWriter} (the channel's extra head, a changed message's state and a
 * reader's cursor are read through the batch's scratch first, so several changes of one batch build on each other),
 * each with its webhook outbox entry when the plan names an outbox node, clearing a channel's history with one range
 * deletion, and the reads of the change index. It applies plans as
 * written and never decides a message's new state.
 */
final class MessageChanges {
  private final RocksDB db;
  private final Vertx vertx;
  private final GroupCommitWriter writer;
  private final LastMessages lastMessages;
  private final RocksDbWebhookStore webhooks;

  /** Batch-local keys: the channel's extra head, a changed message's latest state, a reader's cursor. */
  private record ExtraHeadKey(ChannelKey channel) {
  }

  private record ChangedKey(ChannelKey channel, long seq) {
  }

  private record ReceiptKey(ChannelKey channel, String uid) {
  }

  MessageChanges(RocksDB db, Vertx vertx, GroupCommitWriter writer, LastMessages lastMessages,
      RocksDbWebhookStore webhooks) {
    this.webhooks = webhooks;
    this.db = db;
    this.vertx = vertx;
    this.writer = writer;
    this.lastMessages = lastMessages;
  }

  Future<MutationPlan.Outcome> mutate(MutationPlan plan) {
    return writer.submit((batch, state) -> stageMutation(plan, batch, state));
  }

  /** Checks the plan against the head and the message (this batch's changes first), then stages it. */
  private MutationPlan.Outcome stageMutation(MutationPlan plan, StagedWrites batch, GroupCommitWriter.Batch state)
      throws RocksDBException {
    MutationPlan.Outcome checked = check(plan, plan.version() - 1, state);
    if (checked != MutationPlan.Outcome.APPLIED) {
      return checked;
    }
    write(plan, batch, state);
    return MutationPlan.Outcome.APPLIED;
  }

  /** APPLIED when the head is {@code head} and the message is as the plan expects (nothing is written here). */
  private MutationPlan.Outcome check(MutationPlan plan, long head, GroupCommitWriter.Batch state)
      throws RocksDBException {
    ChannelKey ch = plan.channel();
    long seq = plan.next().messageSeq();
    Long known = (Long) state.local.get(new ExtraHeadKey(ch));
    long current = known != null ? known : readLong(db.get(Keys.extraHead(ch)));
    Message m = (Message) state.local.get(new ChangedKey(ch, seq));
    if (m == null) {
      byte[] v = db.get(Keys.message(ch, seq));
      if (v == null) {
        return MutationPlan.Outcome.MISSING;
      }
      m = MessageBinary.decode(v, seq);
    }
    return current != head || m.extra().version() != plan.expectedVersion() ? MutationPlan.Outcome.STALE
        : MutationPlan.Outcome.APPLIED;
  }

  private void write(MutationPlan plan, StagedWrites batch, GroupCommitWriter.Batch state) {
    ChannelKey ch = plan.channel();
    Message next = plan.next();
    long seq = next.messageSeq();
    batch.put(Keys.message(ch, seq), MessageBinary.encode(next));
    if (plan.expectedVersion() > 0) {
      batch.delete(Keys.extraIndex(ch, plan.expectedVersion()));
    }
    batch.put(Keys.extraIndex(ch, plan.version()), ByteBuffer.allocate(8).putLong(seq).array());
    batch.put(Keys.extraHead(ch), ByteBuffer.allocate(8).putLong(plan.version()).array());
    state.local.put(new ExtraHeadKey(ch), plan.version());
    state.local.put(new ChangedKey(ch, seq), next);
    if (plan.outboxNode() >= 0) {
      webhooks.stage(io.jindou.store.WebhookStore.Entry.change(ch, seq, plan.version()), batch, state);
    }
    state.afterCommit.add(() -> lastMessages.offer(next));
  }

  Future<MutationPlan.Outcome> applyReceipt(ReceiptPlan plan) {
    return writer.submit((batch, state) -> {
      ChannelKey ch = plan.channel();
      ReceiptKey rk = new ReceiptKey(ch, plan.uid());
      Long known = (Long) state.local.get(rk);
      long cursor = known != null ? known : readLong(db.get(Keys.receipt(ch, plan.uid())));
      if (cursor != plan.expectedCursor()) {
        return MutationPlan.Outcome.STALE;
      }
      for (MutationPlan change : plan.changes()) { // every check before any write: all or nothing
        MutationPlan.Outcome o = check(change, plan.changes().get(0).version() - 1, state);
        if (o != MutationPlan.Outcome.APPLIED) {
          return o;
        }
      }
      for (MutationPlan change : plan.changes()) {
        write(change, batch, state);
      }
      batch.put(Keys.receipt(ch, plan.uid()), ByteBuffer.allocate(8).putLong(plan.cursor()).array());
      state.local.put(rk, plan.cursor());
      return MutationPlan.Outcome.APPLIED;
    });
  }

  /** One range deletion of the messages and the cleared mark, in one batch. */
  Future<Void> clear(ChannelKey ch, long upToSeq) {
    return writer.submit((batch, state) -> {
      byte[] prefix = Keys.channelPrefix(Keys.MESSAGE, ch);
      byte[] markKey = Keys.channelPrefix(Keys.CLEARED, ch);
      if (readLong(db.get(markKey)) >= upToSeq) {
        return null; // cleared that far already
      }
      batch.deleteRange(Keys.withLong(prefix, 0), Keys.withLong(prefix, upToSeq + 1));
      batch.put(markKey, ByteBuffer.allocate(8).putLong(upToSeq).array());
      state.afterCommit.add(() -> lastMessages.clear(ch, upToSeq));
      return null;
    });
  }

  Future<Long> clearedUpTo(ChannelKey channel) {
    return vertx.executeBlocking(() -> readLong(db.get(Keys.channelPrefix(Keys.CLEARED, channel))), false);
  }

  /**
   * A slice of the channels in the message table: one seek per channel (to the end of its keys), at most
   * {@code limit}; the cursor is the last channel seen, as {@code type:id}.
   */
  Future<io.jindou.store.MessageStore.ChannelSlice> channelsWithMessages(String cursor, int limit) {
    return vertx.executeBlocking(() -> {
      byte[] table = {Keys.MESSAGE};
      byte[] start = cursor.isEmpty() ? table : Keys.prefixEnd(Keys.channelPrefix(Keys.MESSAGE, parse(cursor)));
      List<ChannelKey> out = new ArrayList<>();
      ChannelKey last = null;
      try (Slice ub = new Slice(Keys.prefixEnd(table)); ReadOptions ro = new ReadOptions().setIterateUpperBound(ub);
          RocksIterator it = db.newIterator(ro)) {
        it.seek(start);
        for (int seen = 0; it.isValid() && seen < limit; seen++) {
          last = ConversationRows.channelOf(it.key(), 1);
          if (!last.isCommandLog()) {
            out.add(last);
          }
          it.seek(Keys.prefixEnd(Keys.channelPrefix(Keys.MESSAGE, last)));
        }
        it.status();
        boolean more = it.isValid();
        return new io.jindou.store.MessageStore.ChannelSlice(out, more && last != null
            ? last.type() + ":" + last.id() : "");
      }
    }, false);
  }

  private static ChannelKey parse(String cursor) {
    int colon = cursor.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("bad channel cursor '" + cursor + "'");
    }
    return new ChannelKey(cursor.substring(colon + 1), Integer.parseInt(cursor.substring(0, colon)));
  }

  /** The cleared marks of several channels, one multi-get. */
  Future<List<Long>> clearedUpTo(List<ChannelKey> channels) {
    if (channels.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return vertx.executeBlocking(() -> {
      List<byte[]> keys = channels.stream().map(ch -> Keys.channelPrefix(Keys.CLEARED, ch)).toList();
      return db.multiGetAsList(keys).stream().map(MessageChanges::readLong).toList();
    }, false);
  }

  Future<Long> receiptCursor(ChannelKey channel, String uid) {
    return vertx.executeBlocking(() -> readLong(db.get(Keys.receipt(channel, uid))), false);
  }

  Future<Void> forgetReceiptCursor(ChannelKey channel, String uid) {
    return writer.submit((batch, state) -> {
      batch.delete(Keys.receipt(channel, uid));
      return null;
    });
  }

  private static long readLong(byte[] v) {
    return v == null ? 0 : ByteBuffer.wrap(v).getLong();
  }

  Future<Long> extraHead(ChannelKey channel) {
    return vertx.executeBlocking(() -> readLong(db.get(Keys.extraHead(channel))), false);
  }

  Future<List<Message>> changedSince(ChannelKey ch, long afterVersion, int limit, long maxBytes) {
    return vertx.executeBlocking(() -> {
      byte[] prefix = Keys.channelPrefix(Keys.EXTRA_INDEX, ch);
      List<Message> out = new ArrayList<>();
      long bytes = 0;
      try (Slice ub = new Slice(Keys.prefixEnd(prefix)); ReadOptions ro = new ReadOptions().setIterateUpperBound(ub);
          RocksIterator it = db.newIterator(ro)) {
        for (it.seek(Keys.withLong(prefix, Math.max(afterVersion, 0) + 1)); it.isValid() && out.size() < limit
            && bytes < maxBytes; it.next()) {
          long seq = ByteBuffer.wrap(it.value()).getLong();
          byte[] v = db.get(Keys.message(ch, seq));
          if (v != null) {
            bytes += v.length;
            out.add(MessageBinary.decode(v, seq));
          }
        }
        it.status();
      }
      return out;
    }, false);
  }

  Future<Void> setRetention(ChannelKey ch, io.jindou.store.Retention r) {
    return writer.submit((batch, state) -> {
      batch.put(Keys.channelPrefix(Keys.RETENTION, ch), ByteBuffer.allocate(16).putLong(r.days())
          .putLong(r.maxMessages()).array());
      return null;
    });
  }

  Future<io.jindou.store.Retention> retention(ChannelKey ch) {
    return vertx.executeBlocking(() -> {
      byte[] v = db.get(Keys.channelPrefix(Keys.RETENTION, ch));
      if (v == null) {
        return io.jindou.store.Retention.DEFAULT;
      }
      ByteBuffer b = ByteBuffer.wrap(v);
      return new io.jindou.store.Retention(b.getLong(), b.getLong());
    }, false);
  }
}
