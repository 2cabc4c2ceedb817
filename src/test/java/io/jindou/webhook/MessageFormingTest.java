package io.jindou.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.access.webhook.WebhookBodies;
import io.jindou.channel.WritePlans;
import io.jindou.model.ChannelKey;
import io.jindou.model.Message;
import io.jindou.store.MessageStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link WebhookOutbox} forming {@code msg.notify} over a real RocksDB store: young outbox entries carry their
 * messages, so with only {@code msg.notify} wanted forming reads no message and keeps no hint; entries read back
 * after a reopen carry none, and their messages are read from the store. Either way the body is the same JSON.
 */
class MessageFormingTest extends RocksDbOutboxFixture {
  private static final int NODE = 5;
  private final AtomicInteger reads = new AtomicInteger();

  /** The store's messages, counting the reads of messages by seq (what forming does without the messages). */
  private MessageStore counted() {
    MessageStore real = store.messages();
    return (MessageStore) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {MessageStore.class},
        (proxy, method, args) -> {
          if (method.getName().equals("getBySeqs")) {
            reads.incrementAndGet();
          }
          return method.invoke(real, args);
        });
  }

  private WebhookOutbox notifyOnly() {
    return new WebhookOutbox(store.webhooks(NODE), counted(), store.streams(), store.channels(), null,
        new WebhookBodies(0, NODE), new WebhookOutbox.Options(NODE, Set.of(WebhookOutbox.NOTIFY), 100, 1000, 60_000));
  }

  private void send(ChannelKey ch, String... payloads) throws Exception {
    List<io.jindou.store.MessagePlan> plans = new ArrayList<>();
    long id = 1000;
    for (String p : payloads) {
      plans.add(WritePlans.message(new Message(id++, 0, "", null, "u1", ch.id(), ch.type(), 1, 0, false, false,
          false, 0, null, null, p.getBytes(StandardCharsets.UTF_8)), false, NODE));
    }
    await(store.messages().append(plans));
  }

  /** The payloads of the messages in one formed {@code msg.notify}, in body order. */
  private static List<String> payloads(WebhookOutbox.Logged notify) {
    assertEquals(WebhookOutbox.NOTIFY, notify.name());
    List<String> out = new ArrayList<>();
    for (Object o : new JsonArray(new String(notify.body(), StandardCharsets.UTF_8))) {
      out.add(new String(Base64.getDecoder().decode(((JsonObject) o).getString("payload")), StandardCharsets.UTF_8));
    }
    return out;
  }

  @Test
  void youngEntriesCarryTheirMessagesSoFormingReadsNone() throws Exception {
    ChannelKey g = new ChannelKey("forming", 2);
    WebhookOutbox outbox = notifyOnly();
    send(g, "a", "b", "c");
    List<WebhookOutbox.Logged> formed = await(outbox.form());
    assertEquals(1, formed.size());
    assertEquals(List.of("a", "b", "c"), payloads(formed.get(0)));
    assertEquals(0, reads.get(), "the entries carried the messages");
    List<WebhookOutbox.Logged> logged = await(outbox.events(0, 10, WebhookOutbox.NOTIFY)).events();
    assertEquals(new String(formed.get(0).body(), StandardCharsets.UTF_8),
        new String(logged.get(0).body(), StandardCharsets.UTF_8), "the log, packed from the stored bytes, gives "
            + "out the same JSON");
    assertEquals(List.of(), await(outbox.form()), "the entries were consumed");
  }

  @Test
  void eventIdsAreDistinctVersionFourUuids() {
    Set<String> ids = new java.util.HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String id = EventIds.next();
      java.util.UUID u = java.util.UUID.fromString(id);
      assertEquals(List.of(4, 2, id), List.of(u.version(), u.variant(), u.toString()));
      ids.add(id);
    }
    assertEquals(10_000, ids.size());
  }

  @Test
  void entriesReadBackAfterAReopenHaveTheirMessagesRead() throws Exception {
    ChannelKey g = new ChannelKey("reopened", 2);
    send(g, "x", "y");
    reopen();
    WebhookOutbox outbox = notifyOnly();
    List<WebhookOutbox.Logged> formed = await(outbox.form());
    assertEquals(1, formed.size());
    assertEquals(List.of("x", "y"), payloads(formed.get(0)));
    assertTrue(reads.get() > 0, "read from the store");
    List<WebhookOutbox.Logged> again = await(outbox.events(0, 10, WebhookOutbox.NOTIFY)).events();
    assertEquals(new String(formed.get(0).body(), StandardCharsets.UTF_8),
        new String(again.get(0).body(), StandardCharsets.UTF_8), "the log gives out the same JSON");
  }
}
