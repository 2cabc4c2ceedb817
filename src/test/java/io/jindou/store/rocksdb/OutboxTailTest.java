package io.jindou.store.rocksdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
  void entriesCarryTheirMessagesWithinThePayloadBound() {
    OutboxTail t = new OutboxTail(true);
    byte[] mib = new byte[1 << 20];
    ChannelKey g = new ChannelKey("big", 2);
    long bound = OutboxTail.PAYLOAD_BYTES_MAX >> 20;
    for (long i = 1; i <= bound; i++) {
      t.committed(i, List.of(Entry.of(draft(g, i, mib).withSeq(i), null)));
    }
    assertEquals(OutboxTail.PAYLOAD_BYTES_MAX, t.payloadBytes());
    t.committed(bound + 1, List.of(Entry.of(draft(g, bound + 1, mib).withSeq(bound + 1), null), entry(1)));
    List<OutboxTail.Taken> held = t.first(1000);
    assertEquals(bound, held.get((int) bound - 1).record().get(0).message().messageSeq(),
        "within the bound: carried");
    assertNull(held.get((int) bound).record().get(0).message(), "past it: held without the message");
    assertEquals(bound + 1, held.get((int) bound).record().get(0).seq());
    assertEquals(OutboxTail.PAYLOAD_BYTES_MAX, t.payloadBytes());
    t.consumed(Map.of(1L, List.of(), bound + 1, List.of()));
    assertEquals(OutboxTail.PAYLOAD_BYTES_MAX - mib.length, t.payloadBytes(), "a consumed record frees its bytes");
    t.committed(bound + 2, List.of(Entry.of(draft(g, bound + 2, mib).withSeq(bound + 2), null)));
    assertEquals(bound + 2, t.first(1000).get((int) bound - 1).record().get(0).message().messageSeq());
    t.consumed(Map.of(2L, List.of(Entry.of(draft(g, 2, mib).withSeq(2), null).withoutMessage())));
    assertEquals(OutboxTail.PAYLOAD_BYTES_MAX - mib.length, t.payloadBytes(), "what is left holds no message");

    OutboxTail small = new OutboxTail(true);
    small.committed(1, List.of(Entry.of(draft(g, 1, new byte[10]).withSeq(1), new byte[7])));
    assertEquals(17, small.payloadBytes(), "a payload and the stored bytes both count");
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
      int carried = 0;
      for (int round = 0; round < 1_000 && empty < 5; round++) {
        List<Entry> got = hooks.outbox(500).await(10, TimeUnit.SECONDS);
        got.forEach(e -> read.add(e.seq()));
        for (Entry e : got) { // carried from the tail, none from a scan
          carried += e.message() == null ? 0 : 1;
          assertEquals(e.message() == null ? e.seq() : e.message().messageSeq(), e.seq());
        }
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
      assertTrue(carried > 0 && carried < read.size(), "tail entries carry their messages, scanned ones do not: "
          + carried + " of " + read.size());
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
    return draft(ch, id, new byte[] {'x'});
  }

  private static Message draft(ChannelKey ch, long id, byte[] payload) {
    return new Message(id, 0, "", null, "u", ch.id(), ch.type(), 1, 0, false, false, false, 0, null, null, payload);
  }
}
