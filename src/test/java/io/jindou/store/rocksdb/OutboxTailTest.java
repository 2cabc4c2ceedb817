package io.jindou.store.rocksdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jindou.channel.WritePlans;
import io.jindou.model.ChannelKey;
import io.jindou.model.Message;
import io.jindou.store.MessagePlan;
import io.jindou.store.Store;
import io.jindou.store.WebhookStore;
import io.jindou.store.WebhookStore.Entry;
import io.jindou.support.TestNode;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The RocksDB outbox's in-memory tail: while it holds every entry of the table, reads need no scan; past its bound
 * the store scans again, and once a scan finds the table empty the tail takes over again. Through all of it every
 * entry is read exactly once, in commit order.
 */
class OutboxTailTest {

  @Test
  void theTailIsCompleteOnlyFromAnEmptyTableOrAnEmptyScanOfItsOwnEpoch() {
    OutboxTail t = new OutboxTail(false);
    assertNull(t.first(10), "a table with entries at open: only a scan can tell");
    long epoch = t.epoch();
    t.committed(1, List.of(entry(1)));
    t.scannedEmpty(epoch);
    assertEquals(List.of(1L), t.first(10).stream().map(OutboxTail.Taken::position).toList());
    t.consumed(Map.of(1L, List.of()));
    assertEquals(List.of(), t.first(10));

    OutboxTail full = new OutboxTail(true);
    for (int i = 1; i <= OutboxTail.MAX; i++) {
      full.committed(i, List.of(entry(i)));
    }
    long before = full.epoch();
    full.committed(OutboxTail.MAX + 1, List.of(entry(OutboxTail.MAX + 1))); // past the bound
    assertNull(full.first(10));
    full.scannedEmpty(before);
    assertNull(full.first(10), "a scan that began before the tail overflowed proves nothing");
    full.scannedEmpty(full.epoch());
    assertEquals(List.of(), full.first(10));
  }

  @Test
  void aRecordOfSeveralEntriesIsTakenInPartAndWhatIsLeftOfItStays() {
    OutboxTail t = new OutboxTail(true);
    t.committed(1, List.of(entry(1), entry(2), entry(3)));
    t.committed(2, List.of(entry(4)));
    assertEquals(List.of(new OutboxTail.Taken(1, List.of(entry(1), entry(2), entry(3)), 2)), t.first(2));
    t.consumed(Map.of(1L, List.of(entry(3))));
    assertEquals(List.of(new OutboxTail.Taken(1, List.of(entry(3)), 1), new OutboxTail.Taken(2, List.of(entry(4)), 1)),
        t.first(10));
    for (int i = 3; i <= OutboxTail.MAX; i++) { // two entries held: the bound counts entries, not records
      t.committed(i, List.of(entry(10 + i)));
    }
    assertEquals(1, t.first(1).size(), "exactly at the bound: still complete");
    t.committed(OutboxTail.MAX + 1, List.of(entry(1)));
    assertNull(t.first(10));
  }

  @Test
  void anOutboxPastTheTailIsReadInFullAndInOrderAndTheTailTakesOverAgain() throws Exception {
    Path dir = Files.createTempDirectory("jindou-tail");
    Vertx vertx = Vertx.vertx();
    Store store = RocksDbStore.open(dir, vertx, 1024);
    try {
      WebhookStore hooks = store.webhooks(1);
      ChannelKey g = new ChannelKey("tail", 2);
      long id = 1;
      int total = OutboxTail.MAX + 2_000;
      for (int done = 0; done < total; ) {
        List<MessagePlan> plans = new ArrayList<>();
        for (int i = 0; i < 1_000 && done < total; i++, done++) {
          plans.add(WritePlans.message(draft(g, id++), false, 1));
        }
        store.messages().append(plans).await(30, TimeUnit.SECONDS);
      }
      List<Long> read = new ArrayList<>();
      int empty = 0;
      for (int round = 0; round < 1_000 && empty < 5; round++) {
        List<Entry> got = hooks.outbox(500).await(10, TimeUnit.SECONDS);
        got.forEach(e -> read.add(e.seq()));
        hooks.seal(List.of(), got).await(10, TimeUnit.SECONDS);
        empty += got.isEmpty() ? 1 : 0;
        if (round % 40 == 0 || got.isEmpty() || empty > 0) {
          // new messages while it drains, and after it has drained (read from the tail again)
          for (int i = 0; i < 3; i++) {
            store.messages().append(List.of(WritePlans.message(draft(g, id++), false, 1)))
                .await(10, TimeUnit.SECONDS);
          }
        }
      }
      List<Entry> last = hooks.outbox(500).await(10, TimeUnit.SECONDS);
      last.forEach(e -> read.add(e.seq()));
      hooks.seal(List.of(), last).await(10, TimeUnit.SECONDS);
      List<Long> expected = new ArrayList<>();
      for (long s = 1; s < id; s++) {
        expected.add(s);
      }
      assertEquals(expected.size(), read.size(), "every entry once");
      assertEquals(expected, read, "in commit order");
      assertEquals(0, hooks.counts().await(10, TimeUnit.SECONDS).outbox());
    } finally {
      store.close().await(10, TimeUnit.SECONDS);
      vertx.close().await(10, TimeUnit.SECONDS);
      TestNode.deleteTree(dir);
    }
  }

  private static Entry entry(long seq) {
    return new Entry(new ChannelKey("c", 2), seq);
  }

  private static Message draft(ChannelKey ch, long id) {
    return new Message(id, 0, "", null, "u", ch.id(), ch.type(), 1, 0, false, false, false, 0, null, null,
        new byte[] {'x'});
  }
}
