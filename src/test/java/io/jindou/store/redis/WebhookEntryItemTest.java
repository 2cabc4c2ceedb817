package io.jindou.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jindou.model.ChannelKey;
import io.jindou.store.WebhookStore.Entry;
import org.junit.jupiter.api.Test;

/**
 * The items of a Redis webhook outbox list as the scripts push them: "m:seq" and "c:seq" (as before the kinds
 * existed), "s:seq:client_msg_no" (a client_msg_no may hold colons) and "x:seq:extra_version".
 */
class WebhookEntryItemTest {

  @Test
  void everyItemKindReadsAsItsEntry() {
    ChannelKey g = new ChannelKey("g", 2);
    assertEquals(new Entry(g, 5), RedisWebhookStore.entry(g, "m:5"));
    assertEquals(new Entry(g.commandLog(), 6), RedisWebhookStore.entry(g, "c:6"));
    assertEquals(Entry.stream(g, "a:b:c", 12), RedisWebhookStore.entry(g, "s:12:a:b:c"));
    assertEquals(Entry.change(g, 3, 77), RedisWebhookStore.entry(g, "x:3:77"));
  }
}
