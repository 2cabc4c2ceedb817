package io.jindou.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.model.ChannelKey;
import io.jindou.model.Message;
import io.jindou.model.MessageExtra;
import io.jindou.model.StreamEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The mutation part of the store contract: a {@link MutationPlan} writes the message's new state, its place in the
 * change index and the channel's extra head together, only when the head and the message are where the owner saw
 * them; a message is listed once, at its latest change. Run on RocksDB, Redis and Redis Cluster through
 * {@link StoreContract}.
 */
public abstract class MutationContract extends WebhookContract {

  private Message stored(ChannelKey ch, String cmn, String payload, long id) throws Exception {
    return await(store.messages().append(sends(draft(ch, "s", cmn, payload, id)))).get(0).message();
  }

  private static MutationPlan revoke(Message m, long expected, long version) {
    MessageExtra x = new MessageExtra(version, true, "s", false, 0, 0, List.of(), List.of());
    return new MutationPlan(m.channel(), expected, m.withExtra(x, new byte[0]));
  }

  private static MutationPlan react(Message m, long expected, long version, String emoji) {
    MessageExtra x = new MessageExtra(version, false, null, false, 0, 0, List.of("h"),
        List.of(new MessageExtra.Reaction("r", emoji)));
    return new MutationPlan(m.channel(), expected, m.withExtra(x, m.payload()));
  }

  private Message read(ChannelKey ch, long seq) throws Exception {
    return await(store.messages().getBySeqs(ch, List.of(seq))).get(0);
  }

  @Test
  void aMutationWritesTheStateTheIndexAndTheHeadTogether() throws Exception {
    ChannelKey ch = new ChannelKey("mx1", 2);
    Message a = stored(ch, "a", "one", 1);
    Message b = stored(ch, "b", "two", 2);
    assertEquals(0L, await(store.messages().extraHead(ch)));
    assertEquals(MutationPlan.Outcome.APPLIED, await(store.messages().mutate(react(b, 0, 1, "+1"))));
    assertEquals(MutationPlan.Outcome.APPLIED, await(store.messages().mutate(revoke(a, 0, 2))));
    Message ra = read(ch, 1);
    assertTrue(ra.extra().revoked());
    assertEquals(0, ra.payload().length, "a recalled message keeps no payload");
    assertEquals(2L, ra.extra().version());
    Message rb = read(ch, 2);
    assertEquals(List.of(new MessageExtra.Reaction("r", "+1")), rb.extra().reactions());
    assertEquals(List.of("h"), rb.extra().hiddenFor());
    assertArrayEquals("two".getBytes(), rb.payload());
    assertEquals(2L, await(store.messages().extraHead(ch)));
    assertEquals(List.of(2L, 1L), seqs(await(store.messages().changedSince(ch, 0, 10, Long.MAX_VALUE))));
    assertEquals(MutationPlan.Outcome.APPLIED, await(store.messages().mutate(react(rb, 1, 3, "ok"))));
    List<Message> changed = await(store.messages().changedSince(ch, 0, 10, Long.MAX_VALUE));
    assertEquals(List.of(1L, 2L), seqs(changed), "a message is listed once, at its latest change");
    assertEquals(3L, changed.get(1).extra().version());
    assertEquals(List.of(2L), seqs(await(store.messages().changedSince(ch, 2, 10, Long.MAX_VALUE))));
    assertEquals(List.of(1L), seqs(await(store.messages().changedSince(ch, 0, 1, Long.MAX_VALUE))), "limit");
    assertEquals(List.of(), await(store.messages().changedSince(ch, 3, 10, Long.MAX_VALUE)));
    assertEquals(ra.extra(), await(store.messages().readForward(ch, 1, 0, 10)).get(0).extra(),
        "every read shows the current state");
  }

  @Test
  void aStalePlanOrAMissingMessageWritesNothing() throws Exception {
    ChannelKey ch = new ChannelKey("mx2", 2);
    Message a = stored(ch, "a", "one", 1);
    assertEquals(MutationPlan.Outcome.STALE, await(store.messages().mutate(revoke(a, 0, 2))), "head is 0, not 1");
    assertEquals(MutationPlan.Outcome.APPLIED, await(store.messages().mutate(react(a, 0, 1, "x"))));
    assertEquals(MutationPlan.Outcome.STALE, await(store.messages().mutate(revoke(a, 0, 2))),
        "the message changed since the owner read it");
    assertEquals(MutationPlan.Outcome.MISSING,
        await(store.messages().mutate(revoke(a.withSeq(9), 0, 2))));
    assertEquals(1L, await(store.messages().extraHead(ch)));
    assertEquals("x", read(ch, 1).extra().reactions().get(0).emoji());
    assertEquals(List.of(1L), seqs(await(store.messages().changedSince(ch, 0, 10, Long.MAX_VALUE))));
  }

  @Test
  void aChangeSurvivesARestartAndARetriedSendStaysADuplicate() throws Exception {
    ChannelKey ch = new ChannelKey("mx3", 1);
    Message a = stored(ch, "k", "hello", 1);
    await(store.messages().mutate(revoke(a, 0, 1)));
    store = reopen(vertx);
    assertTrue(read(ch, 1).extra().revoked());
    assertEquals(1L, await(store.messages().extraHead(ch)));
    assertEquals(List.of(1L), seqs(await(store.messages().changedSince(ch, 0, 10, Long.MAX_VALUE))));
    MessageStore.Appended retry = await(store.messages().append(sends(draft(ch, "s", "k", "hello", 5)))).get(0);
    assertEquals(MessageStore.Outcome.DUPLICATE, retry.outcome(), "the original send's retry, after a recall");
    assertEquals(1L, await(store.messages().lastSeq(ch)));
  }

  private static MutationPlan read(Message m, long expected, long version, String reader) {
    MessageExtra x = m.extra();
    MessageExtra next = new MessageExtra(version, false, null, false, 0, 0, x.hiddenFor(), x.reactions(),
        x.readedCount() + 1, 5, List.of(reader));
    return new MutationPlan(m.channel(), expected, m.withExtra(next, m.payload()));
  }

  @Test
  void aReceiptMovesTheCursorAndCountsTogetherOrNotAtAll() throws Exception {
    ChannelKey ch = new ChannelKey("mx4", 2);
    Message a = stored(ch, "a", "one", 1);
    stored(ch, "b", "two", 2);
    Message c = stored(ch, "c", "three", 3);
    assertEquals(0L, await(store.messages().receiptCursor(ch, "r")));
    ReceiptPlan plan = new ReceiptPlan(ch, "r", 0, 3, List.of(read(a, 0, 1, "r"), read(c, 0, 2, "r")));
    assertEquals(MutationPlan.Outcome.APPLIED, await(store.messages().applyReceipt(plan)));
    assertEquals(3L, await(store.messages().receiptCursor(ch, "r")));
    assertEquals(0L, await(store.messages().receiptCursor(ch, "other")));
    assertEquals(2L, await(store.messages().extraHead(ch)));
    Message ra = read(ch, 1);
    assertEquals(1L, ra.extra().readedCount());
    assertEquals(4L, ra.extra().unreadCount());
    assertEquals(List.of("r"), ra.extra().readers());
    assertEquals(0L, read(ch, 2).extra().version(), "a message left out of the plan is untouched");
    assertEquals(MutationPlan.Outcome.STALE, await(store.messages().applyReceipt(plan)), "the cursor moved");
    ReceiptPlan staleHead = new ReceiptPlan(ch, "s", 0, 3, List.of(read(ra, 1, 2, "s")));
    assertEquals(MutationPlan.Outcome.STALE, await(store.messages().applyReceipt(staleHead)));
    ReceiptPlan staleMessage = new ReceiptPlan(ch, "s", 0, 3, List.of(read(a, 0, 3, "s")));
    assertEquals(MutationPlan.Outcome.STALE, await(store.messages().applyReceipt(staleMessage)),
        "the message changed since the owner read it: nothing is written");
    assertEquals(0L, await(store.messages().receiptCursor(ch, "s")));
    assertEquals(1L, read(ch, 1).extra().readedCount());
    assertEquals(MutationPlan.Outcome.APPLIED, await(store.messages().applyReceipt(
        new ReceiptPlan(ch, "s", 0, 2, List.of()))), "a receipt over no receipt-enabled message moves the cursor");
    assertEquals(2L, await(store.messages().receiptCursor(ch, "s")));
    assertEquals(2L, await(store.messages().extraHead(ch)));
  }

  @Test
  void clearingDeletesTheMessagesUpToASeqAndKeepsTheSequence() throws Exception {
    ChannelKey ch = new ChannelKey("mx5", 2);
    for (int i = 1; i <= 5; i++) {
      stored(ch, "c" + i, "m" + i, i);
    }
    assertEquals(List.of(5L), seqs(await(store.messages().latest(List.of(ch), List.of(0L), 1)).get(0)));
    await(store.messages().clear(ch, 3));
    assertEquals(List.of(4L, 5L), seqs(await(store.messages().readForward(ch, 1, 0, 2))),
        "a page from the start is not eaten by the cleared prefix");
    assertEquals(List.of(4L, 5L), seqs(await(store.messages().readBackward(ch, 0, 0, 10))));
    assertEquals(3L, await(store.messages().clearedUpTo(ch)));
    assertEquals(List.of(), await(store.messages().getBySeqs(ch, List.of(1L, 3L))));
    assertEquals(List.of(), await(store.messages().getByIds(ch, List.of(2L))));
    assertEquals(5L, await(store.messages().lastSeq(ch)));
    await(store.messages().clear(ch, 2)); // behind the mark: nothing to do
    await(store.messages().clear(ch, 5));
    assertEquals(List.of(), await(store.messages().latest(List.of(ch), List.of(0L), 1)).get(0),
        "the last message is gone from every read, caches included");
    assertEquals(6L, stored(ch, "c6", "m6", 6).messageSeq(), "sequences go on after a clear");
    store = reopen(vertx);
    assertEquals(List.of(6L), seqs(await(store.messages().readForward(ch, 1, 0, 10))));
  }

  @Test
  void clearedMarksReadTogetherAndAWhollyClearedChannelKeepsItsHeadAcrossARestart() throws Exception {
    ChannelKey ch = new ChannelKey("mx7", 2);
    ChannelKey other = new ChannelKey("mx7", 1);
    for (int i = 1; i <= 3; i++) {
      stored(ch, "c" + i, "m" + i, i);
    }
    await(store.messages().clear(ch, 3));
    assertEquals(List.of(3L, 0L), await(store.messages().clearedUpTo(List.of(ch, other))));
    assertEquals(List.of(), await(store.messages().clearedUpTo(List.<ChannelKey>of())));
    store = reopen(vertx);
    assertEquals(3L, await(store.messages().lastSeq(ch)), "the head outlives the messages");
    assertEquals(4L, stored(ch, "c4", "m4", 4).messageSeq(), "sequences go on, never start over at 1");
  }

  /** Whether the backend can enumerate its channels ({@link MessageStore#channelsWithMessages}). */
  protected boolean enumeratesChannels() {
    return true;
  }

  @Test
  void aPassOverTheStoredChannelsFindsEachInBoundedSlices() throws Exception {
    List<ChannelKey> made = List.of(new ChannelKey("mx8a", 2), new ChannelKey("mx8b", 1), new ChannelKey("mx8c", 2),
        new ChannelKey("mx8d", 2));
    long id = 1;
    for (ChannelKey ch : made) {
      stored(ch, "c1", "m1", id++);
      stored(ch, "c2", "m2", id++);
    }
    java.util.Set<ChannelKey> seen = new java.util.HashSet<>();
    String cursor = "";
    int slices = 0;
    do {
      MessageStore.ChannelSlice slice = await(store.messages().channelsWithMessages(cursor, 2));
      seen.addAll(slice.channels());
      cursor = slice.next();
      slices++;
    } while (!cursor.isEmpty() && slices < 10_000);
    if (!enumeratesChannels()) {
      assertEquals(java.util.Set.of(), seen, "a backend that cannot enumerate says so with an empty pass");
      return;
    }
    assertTrue(seen.containsAll(made), "every channel with messages is found: " + seen);
  }

  @Test
  void aChannelKeepsItsOwnRetentionSettings() throws Exception {
    ChannelKey ch = new ChannelKey("mx6", 2);
    assertEquals(Retention.DEFAULT, await(store.messages().retention(ch)));
    await(store.messages().setRetention(ch, new Retention(7, 0)));
    assertEquals(new Retention(7, 0), await(store.messages().retention(ch)));
    assertEquals(Retention.DEFAULT, await(store.messages().retention(new ChannelKey("mx6", 1))));
    store = reopen(vertx);
    assertEquals(new Retention(7, 0), await(store.messages().retention(ch)));
    assertEquals(7, new Retention(7, -1).days(30));
    assertEquals(30, new Retention(7, -1).maxMessages(30));
  }

  private static MutationPlan hooked(MutationPlan p) {
    return new MutationPlan(p.channel(), p.expectedVersion(), p.next(), 5);
  }

  private static EventPlan streamEvent(ChannelKey ch, String cmn, long seq, int outboxNode) {
    StreamEvent e = new StreamEvent(seq, "ev" + seq, "stream.delta", "main", "public", 1000 + seq,
        "{\"kind\":\"text\",\"delta\":\"d" + seq + "\"}");
    return new EventPlan(ch, cmn, e, null, 0, outboxNode);
  }

  /**
   * Stream events and changes whose plans name an outbox node get STREAM and CHANGE entries in that node's outbox in
   * their own write, in commit order with the channel's message entries, and only when written (never for a
   * duplicate, a stale plan or a plan without a node); they round-trip through the store, survive a reopen and leave
   * with the seal that consumes them.
   */
  @Test
  void streamEventsAndChangesWriteTheirOutboxEntriesInTheirOwnWrite() throws Exception {
    WebhookStore hooks = store.webhooks(5);
    ChannelKey ch = new ChannelKey("wx1", 2);
    Message a = await(store.messages().append(List.of(io.jindou.channel.WritePlans.message(
        draft(ch, "s", "anchor:1", "one", 1), false, 5)))).get(0).message();
    assertEquals(StreamStore.Outcome.STORED, await(store.streams().append(streamEvent(ch, "anchor:1", 1, 5)))
        .outcome());
    assertEquals(StreamStore.Outcome.DUPLICATE, await(store.streams().append(streamEvent(ch, "anchor:1", 1, 5)))
        .outcome(), "a duplicate writes no entry");
    assertEquals(StreamStore.Outcome.STALE, await(store.streams().append(streamEvent(ch, "anchor:1", 3, 5)))
        .outcome(), "a stale event writes no entry");
    assertEquals(StreamStore.Outcome.STORED, await(store.streams().append(streamEvent(ch, "anchor:1", 2, -1)))
        .outcome(), "no node: no entry");
    assertEquals(MutationPlan.Outcome.APPLIED, await(store.messages().mutate(hooked(react(a, 0, 1, "+1")))));
    assertEquals(MutationPlan.Outcome.STALE, await(store.messages().mutate(hooked(revoke(a, 0, 3)))));
    Message r = read(ch, 1);
    assertEquals(MutationPlan.Outcome.APPLIED, await(store.messages().applyReceipt(new ReceiptPlan(ch, "rd", 0, 1,
        List.of(hooked(read(r, 1, 2, "rd")))))));
    assertEquals(StreamStore.Outcome.STORED, await(store.streams().append(streamEvent(ch, "anchor:1", 3, 5)))
        .outcome());
    List<WebhookStore.Entry> want = List.of(new WebhookStore.Entry(ch, 1),
        WebhookStore.Entry.stream(ch, "anchor:1", 1), WebhookStore.Entry.change(ch, 1, 1),
        WebhookStore.Entry.change(ch, 1, 2), WebhookStore.Entry.stream(ch, "anchor:1", 3));
    assertEquals(want, await(hooks.outbox(100)));
    assertEquals(5, await(hooks.counts()).outbox());
    store = reopen(vertx);
    hooks = store.webhooks(5);
    assertEquals(want, await(hooks.outbox(100)), "the entries survive a reopen");
    await(hooks.seal(List.of(), await(hooks.outbox(100))));
    assertEquals(List.of(), await(hooks.outbox(100)));
  }
}
