package io.jindou.store.rocksdb;

import io.jindou.model.ChannelKey;
import io.jindou.model.Message;
import io.jindou.store.ConversationStore.Row;
import io.jindou.store.MessageBinary;
import io.jindou.store.MessagePlan;
import io.jindou.store.MessageStore;
import io.jindou.store.MutationPlan;
import io.jindou.store.ReceiptPlan;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;

/**
 * RocksDB implementation of {@link MessageStore}. Appends are staged on the {@link GroupCommitWriter}
 * thread, which owns the per-channel head cache and checks idempotency against both the database and the
 * batch being built, so sequence allocation, de-duplication and the plan's effects (conversation rows, read
 * through the writer's row cache) are one atomic write batch; changes of stored messages are left to
 * {@link MessageChanges}. Reads run on Vert.x worker threads. It never decides policy or which rows a message
 * touches: it applies the plan the owner hands it.
 */
final class RocksDbMessageStore implements MessageStore {
  private final RocksDB db;
  private final Vertx vertx;
  private final GroupCommitWriter writer;
  private final LastMessages lastMessages;
  private final ConversationRowCache rowCache;
  private final RocksDbWebhookStore webhooks;
  private final MessageChanges changes;

  RocksDbMessageStore(RocksDB db, Vertx vertx, GroupCommitWriter writer, LastMessages lastMessages,
      ConversationRowCache rowCache, RocksDbWebhookStore webhooks) {
    this.webhooks = webhooks;
    this.db = db;
    this.vertx = vertx;
    this.writer = writer;
    this.lastMessages = lastMessages;
    this.rowCache = rowCache;
    this.changes = new MessageChanges(db, vertx, writer, lastMessages, webhooks);
  }

  private record IdemKey(ChannelKey channel, String clientMsgNo, String fromUid) {
  }

  @Override
  public Future<List<Appended>> append(List<MessagePlan> plans) {
    return writer.submit((batch, state) -> {
      List<Appended> out = new ArrayList<>(plans.size());
      for (MessagePlan plan : plans) {
        out.add(stage(plan, batch, state));
      }
      return out;
    });
  }

  /** Stages one plan; a plan that need not look its key up (a key generated for this call) skips the check. */
  private Appended stage(MessagePlan plan, StagedWrites batch, GroupCommitWriter.Batch state)
      throws RocksDBException {
    Message draft = plan.draft();
    ChannelKey ch = draft.channel();
    boolean keyed = draft.clientMsgNo() != null && !draft.clientMsgNo().isEmpty();
    IdemKey idem = keyed ? new IdemKey(ch, draft.clientMsgNo(), draft.fromUid()) : null;
    if (keyed && plan.lookUpKey()) {
      Message earlier = (Message) state.local.get(idem);
      if (earlier == null) {
        byte[] seqBytes = db.get(Keys.idempotency(ch, draft.clientMsgNo(), draft.fromUid()));
        if (seqBytes != null) {
          long seq = ByteBuffer.wrap(seqBytes).getLong();
          byte[] stored = db.get(Keys.message(ch, seq));
          earlier = stored == null ? null : MessageBinary.decode(stored, seq);
        }
      }
      if (earlier != null) {
        boolean same = earlier.extra().version() > 0 || Arrays.equals(earlier.payload(), draft.payload());
        return new Appended(same ? Outcome.DUPLICATE : Outcome.CONFLICT, earlier);
      }
    }
    long last = Heads.head(db, state, ch);
    Message stored = draft.withSeq(last + 1);
    byte[] seq = ByteBuffer.allocate(8).putLong(stored.messageSeq()).array();
    batch.put(Keys.message(ch, stored.messageSeq()), MessageBinary.encode(stored));
    batch.put(Keys.messageId(ch, stored.messageId()), seq);
    if (keyed) {
      batch.put(Keys.idempotency(ch, draft.clientMsgNo(), draft.fromUid()), seq);
      state.local.put(idem, stored);
    }
    Heads.advance(state, ch, stored.messageSeq());
    state.afterCommit.add(() -> lastMessages.offer(stored));
    for (MessagePlan.Effect effect : plan.effects()) {
      apply(effect, stored, batch, state);
    }
    return new Appended(Outcome.STORED, stored);
  }

  /**
   * Applies one effect of a stored message as written; rows are those of the message's source channel. An
   * effect kind this adapter does not know fails the job, so nothing of the plan is committed.
   */
  private void apply(MessagePlan.Effect effect, Message m, StagedWrites batch, GroupCommitWriter.Batch state)
      throws RocksDBException {
    ChannelKey ch = m.channel().source();
    if (effect instanceof MessagePlan.OwnLastSeq own) {
      Row r = ConversationRows.get(db, state, own.uid(), ch);
      if (r != null) {
        ConversationRows.put(batch, state, rowCache, new Row(r.uid(), ch, r.joinFloor(), r.deleteFloor(), r.readSeq(),
            m.messageSeq(), r.cmdAckSeq()));
      }
    } else if (effect instanceof MessagePlan.OpenRow open) {
      boolean applies = !open.firstMessageOnly() || m.messageSeq() == 1;
      if (applies && ConversationRows.get(db, state, open.uid(), ch) == null) {
        ConversationRows.put(batch, state, rowCache, open.row().resolve(open.uid(), ch,
            () -> Heads.head(db, state, ch), () -> Heads.head(db, state, ch.commandLog())));
      }
    } else if (effect instanceof MessagePlan.Outbox) {
      webhooks.stage(m.channel(), m.messageSeq(), batch, state);
    } else {
      throw new IllegalArgumentException("unknown message plan effect " + effect);
    }
  }

  @Override
  public Future<MutationPlan.Outcome> mutate(MutationPlan plan) {
    return changes.mutate(plan);
  }

  @Override
  public Future<MutationPlan.Outcome> applyReceipt(ReceiptPlan plan) {
    return changes.applyReceipt(plan);
  }

  @Override
  public Future<Void> clear(ChannelKey ch, long upToSeq) {
    return changes.clear(ch, upToSeq);
  }

  @Override
  public Future<Void> setRetention(ChannelKey ch, io.jindou.store.Retention r) {
    return changes.setRetention(ch, r);
  }

  @Override
  public Future<io.jindou.store.Retention> retention(ChannelKey ch) {
    return changes.retention(ch);
  }

  @Override
  public Future<Long> clearedUpTo(ChannelKey channel) {
    return changes.clearedUpTo(channel);
  }

  @Override
  public Future<ChannelSlice> channelsWithMessages(String cursor, int limit) {
    return changes.channelsWithMessages(cursor, limit);
  }

  @Override
  public Future<List<Long>> clearedUpTo(List<ChannelKey> channels) {
    return changes.clearedUpTo(channels);
  }

  @Override
  public Future<Long> receiptCursor(ChannelKey channel, String uid) {
    return changes.receiptCursor(channel, uid);
  }

  @Override
  public Future<Void> forgetReceiptCursor(ChannelKey channel, String uid) {
    return changes.forgetReceiptCursor(channel, uid);
  }

  @Override
  public Future<Long> extraHead(ChannelKey channel) {
    return changes.extraHead(channel);
  }

  @Override
  public Future<List<Message>> changedSince(ChannelKey ch, long afterVersion, int limit, long maxBytes) {
    return changes.changedSince(ch, afterVersion, limit, maxBytes);
  }

  @Override
  public Future<Long> lastSeq(ChannelKey channel) {
    return vertx.executeBlocking(() -> Heads.read(db, channel), false);
  }

  @Override
  public Future<List<Message>> readForward(ChannelKey ch, long startInclusive, long endExclusive, int limit,
      long maxBytes) {
    return vertx.executeBlocking(() -> {
      byte[] prefix = Keys.channelPrefix(Keys.MESSAGE, ch);
      byte[] upper = endExclusive > 0 ? Keys.withLong(prefix, endExclusive) : Keys.prefixEnd(prefix);
      List<Message> out = new ArrayList<>();
      long bytes = 0;
      try (Slice ub = new Slice(upper); ReadOptions ro = new ReadOptions().setIterateUpperBound(ub);
          RocksIterator it = db.newIterator(ro)) {
        for (it.seek(Keys.withLong(prefix, Math.max(startInclusive, 0))); it.isValid() && out.size() < limit
            && bytes < maxBytes; it.next()) {
          byte[] v = it.value();
          bytes += v.length;
          out.add(MessageBinary.decode(v, Keys.trailingLong(it.key())));
        }
        it.status();
      }
      return out;
    }, false);
  }

  @Override
  public Future<List<List<Message>>> latest(List<ChannelKey> channels, List<Long> floors, int count, long maxBytes) {
    return vertx.executeBlocking(() -> {
      List<List<Message>> out = new ArrayList<>(channels.size());
      long[] left = {maxBytes};
      try (RocksIterator it = db.newIterator()) { // one iterator for every channel: seeks are cheap, creation is not
        for (int i = 0; i < channels.size() && left[0] > 0; i++) {
          List<Message> ms = newest(it, channels.get(i), floors.get(i), count, left);
          if (!ms.isEmpty()) {
            lastMessages.offer(ms.get(ms.size() - 1));
          }
          out.add(ms);
        }
        it.status();
      }
      return out;
    }, false);
  }

  /**
   * The {@code count} newest messages of {@code ch} above {@code floor}, ascending, taking at most what is
   * {@code left} of the byte budget (newest first; the one that reaches it is the oldest taken) and subtracting
   * what it took. When the head is known (the last-message cache) they are read forwards from
   * {@code head − count + 1}: a forward step is far cheaper than a backward one (a memtable {@code Prev} is a
   * fresh search). A missing sequence in that range — never expected, sequences are dense — falls back to reading
   * backwards from the end.
   */
  private List<Message> newest(RocksIterator it, ChannelKey ch, long floor, int count, long[] left) {
    Message cached = lastMessages.get(ch);
    if (cached != null && count == 1) {
      if (cached.messageSeq() <= floor) {
        return List.of();
      }
      left[0] -= MessageBinary.size(cached);
      return List.of(cached);
    }
    byte[] prefix = Keys.channelPrefix(Keys.MESSAGE, ch);
    if (cached != null && count > 0) {
      List<Message> ms = forward(it, prefix, floor, cached.messageSeq(), count, left);
      if (ms != null) {
        return ms;
      }
    }
    List<Message> ms = new ArrayList<>();
    for (it.seekForPrev(Keys.withLong(prefix, Long.MAX_VALUE)); it.isValid() && ms.size() < count && left[0] > 0;
        it.prev()) {
      byte[] key = it.key();
      if (!Keys.startsWith(key, prefix) || Keys.trailingLong(key) <= floor) {
        break;
      }
      byte[] v = it.value();
      left[0] -= v.length;
      ms.add(MessageBinary.decode(v, Keys.trailingLong(key)));
    }
    java.util.Collections.reverse(ms);
    return ms;
  }

  /**
   * The newest {@code count} messages above {@code floor}, read forwards from the known {@code head}
   * (messages appended since are included, the oldest dropped), within what is {@code left} of the byte budget:
   * a window slides over the raw values, dropping the oldest while the ones after it reach the budget, so memory
   * stays within the budget and only the kept values are decoded. Null when the range is not dense or grew too
   * much, so the caller reads backwards instead ({@code left} is then untouched).
   */
  private static List<Message> forward(RocksIterator it, byte[] prefix, long floor, long head, int count,
      long[] left) {
    long from = Math.max(floor, head - count) + 1;
    if (from > head) {
      return null;
    }
    java.util.ArrayDeque<byte[]> values = new java.util.ArrayDeque<>(); // dense: the last one is seq `last`
    long bytes = 0;
    long last = 0;
    int seen = 0;
    for (it.seek(Keys.withLong(prefix, from)); it.isValid(); it.next()) {
      byte[] key = it.key();
      if (!Keys.startsWith(key, prefix)) {
        break;
      }
      if (seen == 2 * count) {
        return null; // many appends since the head was cached: not worth it
      }
      long seq = Keys.trailingLong(key);
      if (seq != from + seen) {
        return null; // a gap: sorted distinct seqs from `from` are dense exactly when each is the next one
      }
      seen++;
      last = seq;
      byte[] v = it.value();
      values.addLast(v);
      bytes += v.length;
      while (values.size() > count || (values.size() > 1 && bytes - values.peekFirst().length >= left[0])) {
        bytes -= values.pollFirst().length;
      }
    }
    if (last < head) {
      return null; // the cached head is gone: read backwards
    }
    left[0] -= bytes;
    List<Message> ms = new ArrayList<>(values.size());
    for (long seq = last - values.size() + 1; !values.isEmpty(); seq++) {
      ms.add(MessageBinary.decode(values.pollFirst(), seq));
    }
    return ms;
  }

  @Override
  public Future<List<Message>> readBackward(ChannelKey ch, long startInclusive, long endExclusive, int limit,
      long maxBytes) {
    return vertx.executeBlocking(() -> backward(ch, startInclusive, endExclusive, limit, maxBytes), false);
  }

  private List<Message> backward(ChannelKey ch, long startInclusive, long endExclusive, int limit, long maxBytes)
      throws org.rocksdb.RocksDBException {
    byte[] prefix = Keys.channelPrefix(Keys.MESSAGE, ch);
    long top = startInclusive <= 0 ? Long.MAX_VALUE : startInclusive;
    List<Message> out = new ArrayList<>();
    long bytes = 0;
    try (Slice lb = new Slice(Keys.withLong(prefix, Math.max(endExclusive, 0) + 1));
        ReadOptions ro = new ReadOptions().setIterateLowerBound(lb);
        RocksIterator it = db.newIterator(ro)) {
      for (it.seekForPrev(Keys.withLong(prefix, top)); it.isValid() && out.size() < limit && bytes < maxBytes;
          it.prev()) {
        if (!Keys.startsWith(it.key(), prefix)) {
          break;
        }
        byte[] v = it.value();
        bytes += v.length;
        out.add(MessageBinary.decode(v, Keys.trailingLong(it.key())));
      }
      it.status();
    }
    java.util.Collections.reverse(out);
    return out;
  }


  @Override
  public Future<List<Message>> getBySeqs(ChannelKey ch, List<Long> seqs) {
    return vertx.executeBlocking(() -> {
      List<Message> out = new ArrayList<>();
      for (long seq : seqs) {
        byte[] v = db.get(Keys.message(ch, seq));
        if (v != null) {
          out.add(MessageBinary.decode(v, seq));
        }
      }
      return out;
    }, false);
  }

  @Override
  public Future<List<Message>> getByIds(ChannelKey ch, List<Long> ids) {
    return vertx.executeBlocking(() -> {
      List<Message> out = new ArrayList<>();
      for (long id : ids) {
        byte[] seqBytes = db.get(Keys.messageId(ch, id));
        long seq = seqBytes == null ? 0 : ByteBuffer.wrap(seqBytes).getLong();
        byte[] v = seqBytes == null ? null : db.get(Keys.message(ch, seq));
        if (v != null) {
          out.add(MessageBinary.decode(v, seq));
        }
      }
      return out;
    }, false);
  }

  @Override
  public Future<List<Message>> getByClientMsgNo(ChannelKey ch, String clientMsgNo) {
    return vertx.executeBlocking(() -> {
      byte[] prefix = Keys.clientMsgNoPrefix(ch, clientMsgNo);
      List<Message> out = new ArrayList<>();
      try (Slice ub = new Slice(Keys.prefixEnd(prefix)); ReadOptions ro = new ReadOptions().setIterateUpperBound(ub);
          RocksIterator it = db.newIterator(ro)) {
        for (it.seek(prefix); it.isValid(); it.next()) {
          long seq = ByteBuffer.wrap(it.value()).getLong();
          byte[] v = db.get(Keys.message(ch, seq));
          if (v != null) {
            out.add(MessageBinary.decode(v, seq));
          }
        }
        it.status();
      }
      out.sort(java.util.Comparator.comparingLong(Message::messageSeq));
      return out;
    }, false);
  }
}
