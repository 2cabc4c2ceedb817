package io.jindou.store.rocksdb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jindou.model.ChannelKey;
import io.jindou.model.Message;
import io.jindou.store.MessageBinary;
import io.jindou.support.TestNode;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

/**
 * {@code latest} reads forwards from the cached head; a range that is not dense (which appends never make,
 * but a damaged or hand-edited database might) must still give the newest messages, read backwards.
 */
class LatestReadTest {
  private static Message at(ChannelKey ch, long seq) {
    return new Message(1000 + seq, seq, "c" + seq, null, "u", ch.id(), ch.type(), 1, 0, false, false, false, 0,
        null, null, new byte[] {(byte) seq});
  }

  @Test
  void gapsFallBackToTheBackwardRead() throws Exception {
    RocksDB.loadLibrary();
    Path dir = Files.createTempDirectory("jindou-latest");
    Vertx vertx = Vertx.vertx();
    try (Options o = new Options().setCreateIfMissing(true); RocksDB db = RocksDB.open(o, dir.toString())) {
      ChannelKey dense = new ChannelKey("dense", 2);
      ChannelKey holey = new ChannelKey("holey", 2);
      LastMessages last = new LastMessages(100);
      for (long seq = 1; seq <= 10; seq++) {
        db.put(Keys.message(dense, seq), MessageBinary.encode(at(dense, seq)));
        if (seq != 8 && seq != 3) {
          db.put(Keys.message(holey, seq), MessageBinary.encode(at(holey, seq)));
        }
      }
      last.offer(at(dense, 10));
      last.offer(at(holey, 10));
      RocksDbMessageStore store = new RocksDbMessageStore(db, vertx, null, last, new ConversationRowCache(100),
          null);
      List<List<Message>> got = store.latest(List.of(dense, holey, holey), List.of(0L, 0L, 7L), 4)
          .await(10, TimeUnit.SECONDS);
      assertEquals(List.of(7L, 8L, 9L, 10L), seqs(got.get(0)));
      assertEquals(List.of(6L, 7L, 9L, 10L), seqs(got.get(1)), "the hole at 8 is skipped, 6 comes in");
      assertEquals(List.of(9L, 10L), seqs(got.get(2)), "the floor still bounds the backward read");
      // a head cached behind the store (appends since): the newest still win
      last.offer(at(dense, 10));
      db.put(Keys.message(dense, 11), MessageBinary.encode(at(dense, 11)));
      assertEquals(List.of(9L, 10L, 11L), seqs(store.latest(List.of(dense), List.of(0L), 3)
          .await(10, TimeUnit.SECONDS).get(0)));
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
      TestNode.deleteTree(dir);
    }
  }

  private static List<Long> seqs(List<Message> ms) {
    return ms.stream().map(Message::messageSeq).toList();
  }
}
