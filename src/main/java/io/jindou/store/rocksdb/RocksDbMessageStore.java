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
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * RocksDB implementation of {@link MessageStore}. Appends are staged on the {@link GroupCommitWriter}
 * thread, which owns the per-channel head cache and checks idempotency against both the database and the
 * batch being built, so sequence allocation, de-duplication and the plan's effects (conversation rows, read
 * through the writer's row cache) are one atomic write batch; changes of stored messages are left to
 * {@link MessageChanges}, and message reads to {@link RocksDbMessageReads}. It never decides policy or which rows a message
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
  private final RocksDbMessageReads reads;

  RocksDbMessageStore(RocksDB db, Vertx vertx, GroupCommitWriter writer, LastMessages lastMessages,
      ConversationRowCache rowCache, RocksDbWebhookStore webhooks) {
    this.webhooks = webhooks;
    this.db = db;
    this.vertx = vertx;
    this.writer = writer;
    this.lastMessages = lastMessages;
    this.rowCache = rowCache;
    this.changes = new MessageChanges(db, vertx, writer, lastMessages, webhooks);
    this.reads = new RocksDbMessageReads(db, vertx, lastMessages);
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
    byte[] row = MessageBinary.encode(stored);
    batch.put(Keys.message(ch, stored.messageSeq()), row);
    batch.put(Keys.messageId(ch, stored.messageId()), seq);
    if (keyed) {
      batch.put(Keys.idempotency(ch, draft.clientMsgNo(), draft.fromUid()), seq);
      state.local.put(idem, stored);
    }
    Heads.advance(state, ch, stored.messageSeq());
    state.afterCommit.add(() -> lastMessages.offer(stored));
    for (MessagePlan.Effect effect : plan.effects()) {
      apply(effect, stored, row, batch, state);
    }
    return new Appended(Outcome.STORED, stored);
  }

  /**
   * Applies one effect of a stored message as written; rows are those of the message's source channel. An
   * effect kind this adapter does not know fails the job, so nothing of the plan is committed. {@code row}: the
   * stored bytes of {@code m}, which its webhook outbox entry carries.
   */
  private void apply(MessagePlan.Effect effect, Message m, byte[] row, StagedWrites batch,
      GroupCommitWriter.Batch state) throws RocksDBException {
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
      webhooks.stage(m, row, batch, state);
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
    return reads.forward(ch, startInclusive, endExclusive, limit, maxBytes);
  }

  @Override
  public Future<List<Message>> readBackward(ChannelKey ch, long startInclusive, long endExclusive, int limit,
      long maxBytes) {
    return reads.backward(ch, startInclusive, endExclusive, limit, maxBytes);
  }

  @Override
  public Future<List<List<Message>>> latest(List<ChannelKey> channels, List<Long> floors, int count, long maxBytes) {
    return reads.latest(channels, floors, count, maxBytes);
  }

  @Override
  public Future<List<Message>> getBySeqs(ChannelKey ch, List<Long> seqs) {
    return reads.bySeqs(ch, seqs);
  }

  @Override
  public Future<List<Message>> getByIds(ChannelKey ch, List<Long> ids) {
    return reads.byIds(ch, ids);
  }

  @Override
  public Future<List<Message>> getByClientMsgNo(ChannelKey ch, String clientMsgNo) {
    return reads.byClientMsgNo(ch, clientMsgNo);
  }
}
