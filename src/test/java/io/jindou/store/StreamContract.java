package io.jindou.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jindou.model.ChannelKey;
import io.jindou.model.StreamEvent;
import io.jindou.model.StreamLane;
import io.jindou.model.StreamSummary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The stream-event part of the store contract ({@link StreamStore}, {@link EventPlan}): an event plan is applied
 * with its summary in one atomic, durable step, only at the head it was computed for and only once per event_id,
 * and the log reads back in seq order. Run on RocksDB, Redis and Redis Cluster through {@link StoreContract}.
 */
public abstract class StreamContract extends WritePlanContract {

  private static StreamEvent delta(long seq, String id, String text) {
    return new StreamEvent(seq, id, "stream.delta", "main", "public", 1000 + seq,
        "{\"kind\":\"text\",\"delta\":\"" + text + "\"}");
  }

  private static EventPlan plan(ChannelKey ch, String cmn, StreamEvent e, String text) {
    StreamLane main = new StreamLane("main", "open", e.msgEventSeq(), text, null, 0, "");
    return new EventPlan(ch, cmn, e, new StreamSummary("bot", 77, e.msgEventSeq(), e.msgEventSeq(), false, 5,
        List.of(main)));
  }

  @Test
  void eventsAppendAtTheHeadAndReadBackInOrderWithTheirSummary() throws Exception {
    ChannelKey ch = new ChannelKey("sg1", 2);
    assertNull(await(store.streams().summary(ch, "a1")));
    assertEquals(StreamStore.Outcome.STORED, await(store.streams().append(plan(ch, "a1", delta(1, "e1", "he"),
        "he"))).outcome());
    assertEquals(StreamStore.Outcome.STORED, await(store.streams().append(plan(ch, "a1", delta(2, "e2", "llo"),
        "hello"))).outcome());
    StreamSummary s = await(store.streams().summary(ch, "a1"));
    assertEquals(2, s.lastSeq());
    assertEquals("hello", s.main().text().toString());
    assertEquals("bot", s.fromUid());
    List<StreamEvent> all = await(store.streams().read(ch, "a1", 0, 10));
    assertEquals(List.of(delta(1, "e1", "he"), delta(2, "e2", "llo")), all);
    assertEquals(List.of(delta(2, "e2", "llo")), await(store.streams().read(ch, "a1", 1, 10)));
    assertEquals(List.of(delta(1, "e1", "he")), await(store.streams().read(ch, "a1", 0, 1)));
    assertEquals(List.of(), await(store.streams().read(ch, "a1", 2, 10)));
    assertEquals(delta(2, "e2", "llo"), await(store.streams().byEventId(ch, "a1", "e2")));
    assertNull(await(store.streams().byEventId(ch, "a1", "nope")));
    assertEquals(List.of(), await(store.streams().read(ch, "a10", 0, 10)), "another anchor's log is its own");
  }

  @Test
  void anEventWithoutACheckpointMovesTheHeadAndLeavesTheSummary() throws Exception {
    ChannelKey ch = new ChannelKey("sg5", 2);
    await(store.streams().append(plan(ch, "a", delta(1, "e1", "he"), "he")));
    StreamEvent second = delta(2, "e2", "llo");
    assertEquals(StreamStore.Outcome.STORED, await(store.streams().append(new EventPlan(ch, "a", second, null)))
        .outcome());
    StreamSummary s = await(store.streams().summary(ch, "a"));
    assertEquals(1, s.lastSeq(), "the summary stays at its checkpoint");
    assertEquals("he", s.main().text().toString());
    assertEquals(List.of(second), await(store.streams().read(ch, "a", s.lastSeq(), 10)), "the tail after it");
    assertEquals(StreamStore.Outcome.STALE, await(store.streams().append(new EventPlan(ch, "a",
        delta(2, "e3", "x"), null))).outcome(), "the head is at 2, not at the checkpoint");
    assertEquals(StreamStore.Outcome.STORED, await(store.streams().append(plan(ch, "a", delta(3, "e3", "!"),
        "hello!"))).outcome());
    assertEquals("hello!", await(store.streams().summary(ch, "a")).main().text().toString());
  }

  @Test
  void erasingAnAnchorDeletesItsEventsIdsAndSummaryOnly() throws Exception {
    ChannelKey ch = new ChannelKey("sg7", 2);
    await(store.streams().append(plan(ch, "gone", delta(1, "e1", "x"), "x")));
    await(store.streams().append(plan(ch, "gone", delta(2, "e2", "y"), "xy")));
    await(store.streams().append(plan(ch, "kept", delta(1, "k1", "z"), "z")));
    await(store.streams().erase(ch, "gone"));
    assertEquals(List.of(), await(store.streams().read(ch, "gone", 0, 10)));
    assertNull(await(store.streams().byEventId(ch, "gone", "e1")));
    assertNull(await(store.streams().summary(ch, "gone")));
    assertEquals(1, await(store.streams().read(ch, "kept", 0, 10)).size(), "another anchor keeps its events");
    await(store.streams().erase(ch, "never")); // nothing to erase is no error
    store = reopen(vertx);
    assertNull(await(store.streams().summary(ch, "gone")), "durably");
    assertEquals(StreamStore.Outcome.STORED, await(store.streams().append(new EventPlan(ch, "gone",
        delta(1, "again", "w"), null))).outcome(), "an erased anchor's head is gone too: a new stream starts at 1");
  }

  @Test
  void aRetriedEventIdWritesNothingAndAnswersTheOriginal() throws Exception {
    ChannelKey ch = new ChannelKey("sg2", 2);
    await(store.streams().append(plan(ch, "a", delta(1, "e1", "x"), "x")));
    StreamStore.Appended again = await(store.streams().append(plan(ch, "a", delta(2, "e1", "other"), "xother")));
    assertEquals(StreamStore.Outcome.DUPLICATE, again.outcome());
    assertEquals(delta(1, "e1", "x"), again.event());
    assertEquals(1, await(store.streams().summary(ch, "a")).lastSeq());
    assertEquals("x", await(store.streams().summary(ch, "a")).main().text().toString());
  }

  @Test
  void aPlanNotComputedAtTheStoredHeadIsStaleAndWritesNothing() throws Exception {
    ChannelKey ch = new ChannelKey("u1@u2", 1);
    assertEquals(StreamStore.Outcome.STALE, await(store.streams().append(plan(ch, "a", delta(2, "e2", "x"), "x")))
        .outcome(), "a gap is refused");
    await(store.streams().append(plan(ch, "a", delta(1, "e1", "x"), "x")));
    assertEquals(StreamStore.Outcome.STALE, await(store.streams().append(plan(ch, "a", delta(1, "e9", "y"), "y")))
        .outcome(), "a second writer of seq 1 is refused");
    assertNull(await(store.streams().byEventId(ch, "a", "e9")));
    assertEquals(List.of(delta(1, "e1", "x")), await(store.streams().read(ch, "a", 0, 10)));
  }

  @Test
  void concurrentAppendsOfOneAnchorKeepSeqsContiguousAndIdsUnique() throws Exception {
    ChannelKey ch = new ChannelKey("sg3", 2);
    List<io.vertx.core.Future<StreamStore.Appended>> fs = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      fs.add(store.streams().append(plan(ch, "a", delta(i, "e" + i, "t" + i), "t")));
    }
    fs.add(store.streams().append(plan(ch, "a", delta(21, "e3", "dup"), "t")));
    for (int i = 0; i < 20; i++) {
      assertEquals(StreamStore.Outcome.STORED, await(fs.get(i)).outcome(), "one group commit may hold them all");
    }
    assertEquals(StreamStore.Outcome.DUPLICATE, await(fs.get(20)).outcome(), "a key staged in the same batch");
    assertEquals(20, await(store.streams().read(ch, "a", 0, 100)).size());
  }

  @Test
  void summariesOfSeveralAnchorsAndPersistenceAcrossAReopen() throws Exception {
    ChannelKey ch = new ChannelKey("sg4", 2);
    await(store.streams().append(plan(ch, "a", delta(1, "e1", "x"), "x")));
    await(store.streams().append(plan(ch, "c", delta(1, "e1", "z"), "z")));
    store.close().await(10, java.util.concurrent.TimeUnit.SECONDS);
    store = reopen(vertx);
    List<StreamSummary> s = await(store.streams().summaries(ch, List.of("a", "b", "c")));
    assertEquals(Arrays.asList("x", null, "z"), s.stream().map(x -> x == null ? null : x.main().text().toString()).toList());
    assertEquals(List.of(), await(store.streams().summaries(ch, List.of())));
    assertEquals(List.of(delta(1, "e1", "x")), await(store.streams().read(ch, "a", 0, 10)));
  }

  @Test
  void aFinishedAnchorsEventsAreDroppedAfterItsRetentionAndItsSummaryStays() throws Exception {
    ChannelKey ch = new ChannelKey("sg5", 2);
    long now = System.currentTimeMillis();
    await(store.streams().append(plan(ch, "gone", delta(1, "e1", "x"), "x")));
    EventPlan fin = plan(ch, "gone", delta(2, "e2", "y"), "xy");
    await(store.streams().append(new EventPlan(ch, "gone", fin.event(), fin.summary(), now + 300)));
    EventPlan keep = plan(ch, "kept", delta(1, "k1", "z"), "z");
    await(store.streams().append(new EventPlan(ch, "kept", keep.event(), keep.summary(), now + 3_600_000)));
    assertEquals(0, (int) await(store.streams().dropExpired(now, 100)), "nothing is due yet");
    assertEquals(2, await(store.streams().read(ch, "gone", 0, 10)).size());
    Thread.sleep(500); // Redis expires the keys itself; RocksDB drops what the sweep finds due
    await(store.streams().dropExpired(System.currentTimeMillis(), 100));
    assertEquals(List.of(), await(store.streams().read(ch, "gone", 0, 10)));
    assertNull(await(store.streams().byEventId(ch, "gone", "e1")));
    assertEquals("xy", await(store.streams().summary(ch, "gone")).main().text().toString(), "the merged result stays");
    assertEquals(1, await(store.streams().read(ch, "kept", 0, 10)).size(), "another anchor is not due");
    assertEquals(0, (int) await(store.streams().dropExpired(System.currentTimeMillis(), 100)), "dropped once");
  }

  @Test
  void aReadStopsAtItsByteBudgetAndPagesThroughLongLogs() throws Exception {
    ChannelKey ch = new ChannelKey("sg6", 2);
    for (int i = 1; i <= 150; i++) {
      await(store.streams().append(plan(ch, "long", delta(i, "e" + i, "t" + i), "t")));
    }
    assertEquals(150, await(store.streams().read(ch, "long", 0, 1000)).size(), "more than one batch of reads");
    assertEquals(List.of(delta(101, "e101", "t101")), await(store.streams().read(ch, "long", 100, 1000, 1)),
        "the first event is always taken");
    int one = StreamBinary.encode(delta(101, "e101", "t101")).length;
    assertEquals(2, await(store.streams().read(ch, "long", 100, 1000, one + 1)).size(),
        "the event that reaches the budget is the last");
    assertEquals(3, await(store.streams().read(ch, "long", 147, 1000, Long.MAX_VALUE)).size());
  }
}
