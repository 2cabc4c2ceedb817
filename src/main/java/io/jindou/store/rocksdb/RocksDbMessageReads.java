package io.jindou.store.rocksdb;

import io.jindou.model.ChannelKey;
import io.jindou.model.Message;
import io.jindou.store.MessageBinary;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;

/**
 * The message reads of {@link RocksDbMessageStore}: ranges forwards and backwards, the newest messages of many
 * channels (through the last-message cache when it knows a channel's head), and lookups by seq, id and
 * client_msg_no. Each runs on a Vert.x worker thread against the live database (never the writer's batch). It never
 * writes.
 */
final class RocksDbMessageReads {
  private final RocksDB db;
  private final Vertx vertx;
  private final LastMessages lastMessages;

  RocksDbMessageReads(RocksDB db, Vertx vertx, LastMessages lastMessages) {
    this.db = db;
    this.vertx = vertx;
    this.lastMessages = lastMessages;
  }

  Future<List<Message>> forward(ChannelKey ch, long startInclusive, long endExclusive, int limit,
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

  Future<List<List<Message>>> latest(List<ChannelKey> channels, List<Long> floors, int count, long maxBytes) {
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

  Future<List<Message>> backward(ChannelKey ch, long startInclusive, long endExclusive, int limit,
      long maxBytes) {
    return vertx.executeBlocking(() -> backwardNow(ch, startInclusive, endExclusive, limit, maxBytes), false);
  }

  private List<Message> backwardNow(ChannelKey ch, long startInclusive, long endExclusive, int limit, long maxBytes)
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


  Future<List<Message>> bySeqs(ChannelKey ch, List<Long> seqs) {
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

  Future<List<Message>> byIds(ChannelKey ch, List<Long> ids) {
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

  Future<List<Message>> byClientMsgNo(ChannelKey ch, String clientMsgNo) {
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
