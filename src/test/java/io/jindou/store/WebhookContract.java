package io.jindou.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jindou.channel.WritePlans;
import io.jindou.model.ChannelKey;
import io.jindou.model.Message;
import io.jindou.store.WebhookStore.Entry;
import io.jindou.store.WebhookStore.Event;
import io.jindou.store.WebhookStore.State;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The webhook part of the store contract: a plan's {@link MessagePlan.Outbox} effect writes an outbox entry with
 * the message (and only when it is stored), entries come back in commit order per channel, sealing turns them
 * into pending events, events move between states, and all of it survives a reopen. Run on RocksDB, Redis and
 * Redis Cluster through {@link StoreContract}.
 */
public abstract class WebhookContract extends StoreFixture {
  private static final int NODE = 3;

  private WebhookStore hooks() {
    return store.webhooks(NODE);
  }

  private List<MessageStore.Appended> withOutbox(Message... drafts) throws Exception {
    List<MessagePlan> plans = new ArrayList<>();
    for (Message d : drafts) {
      plans.add(WritePlans.message(d, false, NODE));
    }
    return await(store.messages().append(plans));
  }

  private static Event event(String id, String body) {
    return new Event(0, id, "msg.notify", "notify", 1_700_000_000_000L, body.getBytes(StandardCharsets.UTF_8), null);
  }

  /** Entries of one channel, in the order the store returned them. */
  private static List<Long> seqsOf(List<Entry> entries, ChannelKey ch) {
    return entries.stream().filter(e -> e.channel().equals(ch)).map(Entry::seq).toList();
  }

  @Test
  void anOutboxEffectWritesOneEntryPerStoredMessageInCommitOrder() throws Exception {
    ChannelKey g = new ChannelKey("wg", 2);
    ChannelKey p = new ChannelKey("wa@wb", 1);
    withOutbox(draft(g, "u", "k1", "a", 11), draft(g, "u", "", "b", 12), draft(p, "wa", "", "c", 13));
    withOutbox(draft(g.commandLog(), "u", "", "cmd", 14), draft(g, "u", "", "d", 15));
    withOutbox(draft(g, "u", "k1", "a", 16)); // a duplicate: not stored, no entry
    await(store.messages().append(List.of(MessagePlan.of(draft(g, "u", "", "no hook", 17), true))));
    List<Entry> all = await(hooks().outbox(100));
    assertEquals(List.of(1L, 2L, 3L), seqsOf(all, g));
    assertEquals(List.of(1L), seqsOf(all, g.commandLog()));
    assertEquals(List.of(1L), seqsOf(all, p));
    assertEquals(5, all.size());
    assertEquals(5, await(hooks().counts()).outbox());
    for (Entry e : all) {
      assertEquals(hooks().outboxCarriesMessages(), e.message() != null, "young entries carry their messages, "
          + "if this store's do");
      if (e.message() != null) {
        assertEquals(List.of(e.channel(), e.seq()), List.of(e.message().channel(), e.message().messageSeq()));
      }
    }
  }

  @Test
  void sealingTurnsEntriesIntoPendingEventsThatMoveBetweenStates() throws Exception {
    ChannelKey g = new ChannelKey("wg2", 2);
    withOutbox(draft(g, "u", "", "a", 21), draft(g, "u", "", "b", 22));
    List<Entry> entries = await(hooks().outbox(100));
    List<Event> sealed = await(hooks().seal(List.of(event("e1", "[1]"), event("e2", "[2]")), entries));
    assertEquals(2, sealed.size());
    long s1 = sealed.get(0).seq();
    long s2 = sealed.get(1).seq();
    assertEquals(s1 + 1, s2);
    assertEquals(List.of(), await(hooks().outbox(100)), "sealed entries leave the outbox");
    assertEquals(new WebhookStore.Counts(0, 2, 0, s2), await(hooks().counts()));
    List<Event> pending = await(hooks().events(0, 10, State.PENDING));
    assertEquals(List.of("e1", "e2"), pending.stream().map(Event::id).toList());
    assertArrayEquals("[2]".getBytes(StandardCharsets.UTF_8), pending.get(1).body());
    assertEquals(1_700_000_000_000L, pending.get(0).createdMs());
    assertEquals("notify", pending.get(0).lane());

    await(hooks().settle(s1, State.DELIVERED));
    await(hooks().settle(s2, State.DEAD));
    assertEquals(List.of(), await(hooks().events(0, 10, State.PENDING)));
    assertEquals(List.of(s2), await(hooks().events(0, 10, State.DEAD)).stream().map(Event::seq).toList());
    List<Event> log = await(hooks().events(0, 10, null));
    assertEquals(List.of(State.DELIVERED, State.DEAD), log.stream().map(Event::state).toList());
    assertEquals(List.of(s2), await(hooks().events(s1, 10, null)).stream().map(Event::seq).toList(), "a cursor");
    assertEquals(new WebhookStore.Counts(0, 0, 1, s2), await(hooks().counts()));

    assertEquals(List.of(s1), await(hooks().events(0, 10, null, 1)).stream().map(Event::seq).toList(),
        "within a byte budget the first is always taken, and the one reaching it is the last");
    assertEquals(List.of(s1, s2), await(hooks().events(0, 10, null, 1 << 20)).stream().map(Event::seq).toList());

    await(hooks().settle(s2, State.PENDING)); // redelivery
    assertEquals(List.of(s2), await(hooks().events(0, 10, State.PENDING)).stream().map(Event::seq).toList());
    await(hooks().remove(List.of(s1)));
    assertEquals(List.of(s2), await(hooks().events(0, 10, null)).stream().map(Event::seq).toList());
  }

  @Test
  void settlingManyEventsIsOneWriteThatSkipsUnknownSeqs() throws Exception {
    List<Event> sealed = await(hooks().seal(List.of(event("m1", "[1]"), event("m2", "[2]"), event("m3", "[3]")),
        List.of()));
    List<Long> seqs = sealed.stream().map(Event::seq).toList();
    long last = seqs.get(2);
    await(hooks().settle(List.of(seqs.get(0), seqs.get(2), last + 100), State.DELIVERED)); // last + 100: unknown
    assertEquals(List.of(seqs.get(1)), await(hooks().events(0, 10, State.PENDING)).stream().map(Event::seq).toList());
    assertEquals(new WebhookStore.Counts(0, 1, 0, last), await(hooks().counts()), "the unknown seq counts nothing");
    await(hooks().settle(List.of(seqs.get(0), last + 100), State.DEAD)); // a delivered event, and an unknown seq
    assertEquals(List.of(seqs.get(0)), await(hooks().events(0, 10, State.DEAD)).stream().map(Event::seq).toList());
    await(hooks().settle(List.of(last + 100), State.PENDING));
    assertEquals(new WebhookStore.Counts(0, 1, 1, last), await(hooks().counts()),
        "an unknown seq never becomes pending or dead");
    await(hooks().settle(seqs, State.DEAD));
    assertEquals(seqs, await(hooks().events(0, 10, State.DEAD)).stream().map(Event::seq).toList());
    await(hooks().settle(seqs, State.PENDING));
    assertEquals(new WebhookStore.Counts(0, 3, 0, last), await(hooks().counts()));
    await(hooks().settle(List.of(), State.DELIVERED));
    assertEquals(3, await(hooks().events(0, 10, State.PENDING)).size(), "settling nothing changes nothing");
    await(hooks().settle(seqs, State.DELIVERED));
    assertEquals(new WebhookStore.Counts(0, 0, 0, last), await(hooks().counts()));
    await(hooks().settle(List.of(seqs.get(1)), State.DEAD)); // the first dead letter since there were none
    assertEquals(new WebhookStore.Counts(0, 0, 1, last), await(hooks().counts()));
    await(hooks().settle(List.of(seqs.get(1)), State.DELIVERED));
    assertEquals(new WebhookStore.Counts(0, 0, 0, last), await(hooks().counts()), "delivered, it is no dead letter");
    assertEquals(List.of(), await(hooks().events(0, 10, State.DEAD)));
  }

  @Test
  void expiredListsOldDeliveredEventsOldestFirstAndSkipsTheUndelivered() throws Exception {
    List<Long> s = await(hooks().seal(List.of(created("t1", 1_000), created("t2", 2_000), created("t3", 3_000),
        created("t4", 4_000), created("t5", 9_000)), List.of())).stream().map(Event::seq).toList();
    await(hooks().settle(List.of(s.get(0), s.get(1), s.get(4)), State.DELIVERED));
    await(hooks().settle(s.get(3), State.DEAD)); // t3 stays pending, t4 is a dead letter
    assertEquals(List.of(s.get(0), s.get(1)), await(hooks().expired(5_000, 10)), "pending, dead and young stay");
    assertEquals(List.of(s.get(0)), await(hooks().expired(5_000, 1)), "at most the limit");
    await(hooks().remove(List.of(s.get(0))));
    assertEquals(List.of(s.get(1)), await(hooks().expired(5_000, 10)), "a removed event is not listed again");
    assertEquals(List.of(), await(hooks().expired(2_000, 10)), "created at the cutoff: kept");
    await(hooks().settle(List.of(s.get(2), s.get(3)), State.DELIVERED));
    assertEquals(List.of(s.get(1), s.get(2), s.get(3), s.get(4)), await(hooks().expired(10_000, 10)));
  }

  private static Event created(String id, long createdMs) {
    return new Event(0, id, "msg.notify", "notify", createdMs, "[]".getBytes(StandardCharsets.UTF_8), null);
  }

  @Test
  void entriesLeftOverFromAPartReadStayInOrderAcrossAReopen() throws Exception {
    ChannelKey g = new ChannelKey("wg4", 2);
    withOutbox(draft(g, "u", "", "a", 41), draft(g, "u", "", "b", 42), draft(g, "u", "", "c", 43),
        draft(g, "u", "", "d", 44)); // one append: one group commit
    List<Entry> part = await(hooks().outbox(2));
    assertEquals(List.of(1L, 2L), seqsOf(part, g));
    await(hooks().seal(List.of(event("p1", "[1]")), part));
    assertEquals(2, await(hooks().counts()).outbox());
    store = reopen(vertx);
    assertEquals(List.of(3L, 4L), seqsOf(await(hooks().outbox(100)), g), "the rest, once, in order");
    assertEquals(2, await(hooks().counts()).outbox());
  }

  @Test
  void outboxAndEventsSurviveAReopen() throws Exception {
    ChannelKey g = new ChannelKey("wg3", 2);
    withOutbox(draft(g, "u", "", "a", 31));
    List<Entry> first = await(hooks().outbox(100));
    List<Event> sealed = await(hooks().seal(List.of(event("r1", "[1]")), first));
    withOutbox(draft(g, "u", "", "b", 32), draft(g, "u", "", "c", 33));
    store = reopen(vertx);
    assertEquals(List.of(2L, 3L), seqsOf(await(hooks().outbox(100)), g));
    assertEquals(List.of(sealed.get(0).seq()),
        await(hooks().events(0, 10, State.PENDING)).stream().map(Event::seq).toList());
    List<Event> next = await(hooks().seal(List.of(event("r2", "[2]")), await(hooks().outbox(100))));
    assertEquals(sealed.get(0).seq() + 1, next.get(0).seq(), "seqs keep rising after a reopen");
    assertEquals(List.of(), await(hooks().outbox(100)));
  }
}
