package io.jindou.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.access.webhook.WebhookBodies;
import io.jindou.channel.WritePlans;
import io.jindou.model.ChannelKey;
import io.jindou.model.Message;
import io.jindou.model.StreamEvent;
import io.jindou.store.EventPlan;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link WebhookOutbox} with stream-event and change entries, over a real RocksDB store: which node the owner is
 * told to write entries for (none unless {@code msg.stream} / {@code msg.extra} is enabled, none at the cap), and
 * the forming of entries into {@code msg.stream} / {@code msg.extra} events — per channel lane, batched by
 * {@code batchMax}, sparse seqs of one anchor included, entries of a disabled event consumed without an event.
 */
class FactEventsTest extends RocksDbOutboxFixture {
  private static final int NODE = 4;
  private long ids = 100;

  /** No presence: msg.offline is not enabled in these outboxes, so no recipient is ever looked up. */
  private WebhookOutbox outbox(Set<String> events, int batchMax, long outboxMax) {
    return new WebhookOutbox(store.webhooks(NODE), store.messages(), store.streams(), store.channels(), null,
        new WebhookBodies(0, NODE), new WebhookOutbox.Options(NODE, events, batchMax, outboxMax, 60_000));
  }

  private Message anchor(ChannelKey ch, String cmn) throws Exception {
    Message draft = new Message(ids++, 0, cmn, null, "bot", ch.id(), ch.type(), 1, 0, false, false, false, 0, null,
        null, "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return await(store.messages().append(List.of(WritePlans.message(draft, false)))).get(0).message();
  }

  private void event(ChannelKey ch, String cmn, long seq, int node) throws Exception {
    StreamEvent e = new StreamEvent(seq, cmn + "-" + seq, "stream.delta", "main", "public", 1000 + seq,
        "{\"kind\":\"text\",\"delta\":\"d" + seq + "\"}");
    await(store.streams().append(new EventPlan(ch, cmn, e, null, 0, node)));
  }

  @Test
  void theOwnerWritesEntriesOnlyForEnabledEventsAndBelowTheCap() throws Exception {
    WebhookOutbox notifyOnly = outbox(Set.of(WebhookOutbox.NOTIFY), 10, 100);
    assertEquals(NODE, notifyOnly.outboxNode());
    assertEquals(-1, notifyOnly.streamOutboxNode());
    assertEquals(-1, notifyOnly.changeOutboxNode());
    WebhookOutbox facts = outbox(Set.of(WebhookOutbox.STREAM, WebhookOutbox.EXTRA), 10, 2);
    assertEquals(-1, facts.outboxNode(), "no message event wanted");
    assertEquals(NODE, facts.streamOutboxNode());
    assertEquals(NODE, facts.changeOutboxNode());
    ChannelKey ch = new ChannelKey("fe-cap", 2);
    anchor(ch, "a");
    event(ch, "a", 1, NODE);
    event(ch, "a", 2, NODE);
    await(facts.checkCap());
    assertEquals(-1, facts.streamOutboxNode(), "at the cap: no entries");
    assertEquals(-1, facts.changeOutboxNode());
  }

  /**
   * A round that read a whole batch says more may be waiting (the dispatcher forms again at once); one that read
   * less, or nothing, says the next tick will do, so a steady stream of entries goes out in full batches.
   */
  @Test
  void aRoundThatReadsAWholeBatchSaysMoreMayBeWaiting() throws Exception {
    WebhookOutbox o = outbox(Set.of(WebhookOutbox.STREAM), 3, 1000);
    ChannelKey g = new ChannelKey("fe-behind", 2);
    anchor(g, "b1");
    for (long s = 1; s <= 4; s++) {
      event(g, "b1", s, NODE);
    }
    List<Boolean> behind = new java.util.ArrayList<>();
    for (int round = 0; round < 3; round++) {
      await(o.form());
      behind.add(o.behind());
    }
    assertEquals(List.of(true, false, false), behind, "3 of 4 entries, then the last one, then none");
    assertEquals(0, await(o.counts()).outbox());
  }

  @Test
  void streamEntriesFormBatchedPostsPerChannelInCommitOrder() throws Exception {
    WebhookOutbox o = outbox(Set.of(WebhookOutbox.STREAM, WebhookOutbox.EXTRA), 3, 1000);
    ChannelKey g1 = new ChannelKey("fe-1", 2);
    ChannelKey g2 = new ChannelKey("fe-2", 2);
    Message a1 = anchor(g1, "a1");
    anchor(g2, "a2");
    for (long s = 1; s <= 4; s++) {
      event(g1, "a1", s, NODE);
    }
    event(g2, "a2", 1, NODE);
    for (long s = 2; s <= 40; s++) {
      event(g2, "a2", s, -1); // not wanted meanwhile: no entries
    }
    event(g2, "a2", 41, NODE); // sparse seqs of one anchor
    List<WebhookOutbox.Logged> formed = new java.util.ArrayList<>();
    for (int round = 0; round < 10 && await(o.counts()).outbox() > 0; round++) {
      formed.addAll(await(o.form())); // a round takes batchMax entries
    }
    assertEquals(List.of("stream:" + g1.routingKey(), "stream:" + g1.routingKey(), "stream:" + g2.routingKey()),
        formed.stream().map(WebhookOutbox.Logged::lane).toList(),
        "3 entries a round, batches of at most 3, one lane per channel");
    JsonArray first = new JsonArray(new String(formed.get(0).body(), java.nio.charset.StandardCharsets.UTF_8));
    assertEquals(3, first.size());
    assertEquals(List.of(1L, 2L, 3L), first.stream().map(x -> ((JsonObject) x).getLong("msg_event_seq")).toList());
    assertEquals(a1.messageId(), first.getJsonObject(0).getLong("message_id"));
    assertEquals("d1", first.getJsonObject(0).getJsonObject("payload").getString("delta"));
    JsonArray other = new JsonArray(new String(formed.get(2).body(), java.nio.charset.StandardCharsets.UTF_8));
    assertEquals(List.of(1L, 41L), other.stream().map(x -> ((JsonObject) x).getLong("msg_event_seq")).toList());
    assertEquals(0, await(o.counts()).outbox(), "every entry consumed");
    assertTrue(formed.stream().allMatch(l -> l.name().equals(WebhookOutbox.STREAM)));
  }

  @Test
  void entriesOfADisabledEventAreConsumedWithoutAnEvent() throws Exception {
    ChannelKey g = new ChannelKey("fe-off", 2);
    anchor(g, "a");
    event(g, "a", 1, NODE); // written while msg.stream was on, formed after it was turned off
    List<WebhookOutbox.Logged> formed = await(outbox(Set.of(WebhookOutbox.NOTIFY), 10, 1000)
        .form());
    assertEquals(List.of(), formed);
    assertEquals(0, await(store.webhooks(NODE).counts()).outbox());
  }
}
