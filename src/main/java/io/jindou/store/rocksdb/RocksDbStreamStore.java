package io.jindou.store.rocksdb;

import io.jindou.model.ChannelKey;
import io.jindou.model.StreamEvent;
import io.jindou.model.StreamSummary;
import io.jindou.store.EventPlan;
import io.jindou.store.StreamBinary;
import io.jindou.store.StreamStore;
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
 * RocksDB implementation of {@link StreamStore}. An append is a job of the {@link GroupCommitWriter}: on the writer
 * thread it checks the event_id and the anchor's head (against the database and what earlier jobs of the same
 * batch staged), then stages the event, its id, the head and (at a checkpoint) the summary in the batch, so an
 * event is durable with the group's synced WAL before its future completes (with its webhook outbox entry, when the
 * plan names an outbox node). Reads run on worker threads. It
 * applies plans and decides nothing about what an event means.
 */
final class RocksDbStreamStore implements StreamStore {
  private final RocksDB db;
  private final Vertx vertx;
  private final GroupCommitWriter writer;
  private final RocksDbWebhookStore webhooks;

  RocksDbStreamStore(RocksDB db, Vertx vertx, GroupCommitWriter writer, RocksDbWebhookStore webhooks) {
    this.db = db;
    this.vertx = vertx;
    this.writer = writer;
    this.webhooks = webhooks;
  }

  private record IdKey(ChannelKey channel, String clientMsgNo, String eventId) {
  }

  private record HeadKey(ChannelKey channel, String clientMsgNo) {
  }

  @Override
  public Future<Appended> append(EventPlan plan) {
    return writer.submit((batch, state) -> {
      ChannelKey ch = plan.channel();
      String cmn = plan.clientMsgNo();
      StreamEvent e = plan.event();
      IdKey id = new IdKey(ch, cmn, e.eventId());
      StreamEvent earlier = (StreamEvent) state.local.get(id);
      if (earlier == null) {
        byte[] seq = db.get(Keys.streamEventId(ch, cmn, e.eventId()));
        if (seq != null) {
          byte[] stored = db.get(Keys.streamEvent(ch, cmn, ByteBuffer.wrap(seq).getLong()));
          earlier = stored == null ? null : StreamBinary.event(stored);
        }
      }
      if (earlier != null) {
        return new Appended(Outcome.DUPLICATE, earlier);
      }
      HeadKey hk = new HeadKey(ch, cmn);
      Long head = (Long) state.local.get(hk);
      if (head == null) {
        byte[] h = db.get(Keys.streamHead(ch, cmn));
        if (h != null) {
          head = ByteBuffer.wrap(h).getLong();
        } else { // written before heads were kept apart: every event wrote the summary
          byte[] sum = db.get(Keys.streamSummary(ch, cmn));
          head = sum == null ? 0L : StreamBinary.summary(sum).lastSeq();
        }
      }
      if (head != e.msgEventSeq() - 1) {
        return new Appended(Outcome.STALE, null);
      }
      batch.put(Keys.streamEvent(ch, cmn, e.msgEventSeq()), StreamBinary.encode(e));
      batch.put(Keys.streamEventId(ch, cmn, e.eventId()), ByteBuffer.allocate(8).putLong(e.msgEventSeq()).array());
      batch.put(Keys.streamHead(ch, cmn), ByteBuffer.allocate(8).putLong(e.msgEventSeq()).array());
      if (plan.checkpoint()) {
        batch.put(Keys.streamSummary(ch, cmn), StreamBinary.encode(plan.summary()));
      }
      if (plan.retainUntil() > 0) {
        batch.put(Keys.streamRetention(plan.retainUntil(), ch, cmn), new byte[0]);
      }
      if (plan.outboxNode() >= 0) {
        webhooks.stage(io.jindou.store.WebhookStore.Entry.stream(ch, cmn, e.msgEventSeq()), batch, state);
      }
      state.local.put(id, e);
      state.local.put(hk, e.msgEventSeq());
      return new Appended(Outcome.STORED, e);
    });
  }

  @Override
  public Future<StreamSummary> summary(ChannelKey channel, String clientMsgNo) {
    return vertx.executeBlocking(() -> {
      byte[] v = db.get(Keys.streamSummary(channel, clientMsgNo));
      return v == null ? null : StreamBinary.summary(v);
    }, false);
  }

  @Override
  public Future<List<StreamSummary>> summaries(ChannelKey channel, List<String> clientMsgNos) {
    if (clientMsgNos.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return vertx.executeBlocking(() -> {
      List<byte[]> keys = new ArrayList<>(clientMsgNos.size());
      for (String cmn : clientMsgNos) {
        keys.add(Keys.streamSummary(channel, cmn));
      }
      List<byte[]> values = db.multiGetAsList(keys);
      List<StreamSummary> out = new ArrayList<>(values.size());
      for (byte[] v : values) {
        out.add(v == null ? null : StreamBinary.summary(v));
      }
      return out;
    }, false);
  }

  @Override
  public Future<List<StreamEvent>> read(ChannelKey channel, String clientMsgNo, long afterSeq, int limit,
      long maxBytes) {
    return vertx.executeBlocking(() -> {
      byte[] prefix = Keys.anchor(Keys.STREAM_EVENT, channel, clientMsgNo);
      List<StreamEvent> out = new ArrayList<>();
      try (Slice ub = new Slice(Keys.prefixEnd(prefix)); ReadOptions ro = new ReadOptions().setIterateUpperBound(ub);
          RocksIterator it = db.newIterator(ro)) {
        long bytes = 0;
        for (it.seek(Keys.withLong(prefix, Math.max(afterSeq, 0) + 1)); it.isValid() && out.size() < limit
            && bytes < maxBytes; it.next()) {
          byte[] v = it.value();
          bytes += v.length;
          out.add(StreamBinary.event(v));
        }
      }
      return out;
    }, false);
  }

  /** A writer job: for each due retention key, a range deletion of the anchor's events and ids, and the key. */
  @Override
  public Future<Integer> dropExpired(long nowMs, int max) {
    return writer.submit((batch, state) -> {
      byte[] from = {Keys.STREAM_RETENTION};
      byte[] to = ByteBuffer.allocate(9).put(Keys.STREAM_RETENTION).putLong(nowMs + 1).array();
      int dropped = 0;
      try (Slice ub = new Slice(to); ReadOptions ro = new ReadOptions().setIterateUpperBound(ub);
          RocksIterator it = db.newIterator(ro)) {
        for (it.seek(from); it.isValid() && dropped < max; it.next()) {
          byte[] key = it.key();
          ByteBuffer b = ByteBuffer.wrap(key, 9, key.length - 9);
          int type = b.get() & 0xFF;
          byte[] id = new byte[b.getShort() & 0xFFFF];
          b.get(id);
          byte[] cmn = new byte[b.getShort() & 0xFFFF];
          b.get(cmn);
          ChannelKey ch = new ChannelKey(new String(id, java.nio.charset.StandardCharsets.UTF_8), type);
          String c = new String(cmn, java.nio.charset.StandardCharsets.UTF_8);
          for (byte table : new byte[] {Keys.STREAM_EVENT, Keys.STREAM_EVENT_ID}) {
            byte[] prefix = Keys.anchor(table, ch, c);
            batch.deleteRange(prefix, Keys.prefixEnd(prefix));
          }
          batch.delete(key);
          dropped++;
        }
      }
      return dropped;
    });
  }

  /**
   * A writer job: range deletions of the anchor's events and ids, and its summary and head (its retention key holds
   * none).
   */
  @Override
  public Future<Void> erase(ChannelKey channel, String clientMsgNo) {
    return writer.submit((batch, state) -> {
      for (byte table : new byte[] {Keys.STREAM_EVENT, Keys.STREAM_EVENT_ID}) {
        byte[] prefix = Keys.anchor(table, channel, clientMsgNo);
        batch.deleteRange(prefix, Keys.prefixEnd(prefix));
      }
      batch.delete(Keys.streamSummary(channel, clientMsgNo));
      batch.delete(Keys.streamHead(channel, clientMsgNo));
      state.local.put(new HeadKey(channel, clientMsgNo), 0L); // later jobs of this batch see the anchor empty
      return null;
    });
  }

  @Override
  public Future<StreamEvent> byEventId(ChannelKey channel, String clientMsgNo, String eventId) {
    return vertx.executeBlocking(() -> find(channel, clientMsgNo, eventId), false);
  }

  private StreamEvent find(ChannelKey ch, String cmn, String eventId) throws RocksDBException {
    byte[] seq = db.get(Keys.streamEventId(ch, cmn, eventId));
    if (seq == null) {
      return null;
    }
    byte[] v = db.get(Keys.streamEvent(ch, cmn, ByteBuffer.wrap(seq).getLong()));
    return v == null ? null : StreamBinary.event(v);
  }
}
