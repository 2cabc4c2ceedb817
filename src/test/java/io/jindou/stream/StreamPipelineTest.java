package io.jindou.stream;

import static io.jindou.stream.StreamMessagesTest.delta;
import static io.jindou.stream.StreamMessagesTest.text;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jindou.support.Http;
import io.jindou.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The owner pipelines the events of one anchor (each handed to the store before the previous one is durable) and
 * writes the merged text only at checkpoints: many concurrent deltas of one stream, some of them retried with the same
 * event_id while the first copy is still in flight, still get contiguous seqs, are each stored once, and the text sync
 * shows (rebuilt from the last checkpoint and the deltas after it) is exactly the deltas in seq order, mid-stream and
 * after finish.
 */
class StreamPipelineTest {
  static TestNode node;

  @BeforeAll
  static void start() throws Exception {
    node = new TestNode(java.util.Map.of());
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }

  private static JsonObject event(String id, String type, String text) {
    return new JsonObject().put("channel_id", "pl-g").put("channel_type", 2).put("client_msg_no", "p1")
        .put("event_id", id).put("event_type", type).put("payload", text == null ? null : delta(text));
  }

  private static CompletableFuture<Http.Res> send(String id, String text) {
    return node.http.postAsync("/message/event", event(id, "stream.delta", text).encode()
        .getBytes(StandardCharsets.UTF_8));
  }

  private static JsonObject post(String path, JsonObject body) {
    Http.Res r = node.http.post(path, body);
    assertEquals(200, r.status(), r.toString());
    return r.json();
  }

  private static String streamData() {
    JsonArray ms = post("/channel/messagesync", new JsonObject().put("login_uid", "u1").put("channel_id", "pl-g")
        .put("channel_type", 2).put("limit", 10)).getJsonArray("messages");
    return text(ms.getJsonObject(ms.size() - 1));
  }

  @Test
  void concurrentDeltasAndRetriesOfOneStreamStayContiguousOnceAndInOrder() throws Exception {
    post("/channel", new JsonObject().put("channel_id", "pl-g").put("channel_type", 2)
        .put("subscribers", new JsonArray(List.of("bot", "u1"))));
    post("/message/send", new JsonObject().put("from_uid", "bot").put("channel_id", "pl-g").put("channel_type", 2)
        .put("client_msg_no", "p1").put("is_stream", 1).put("payload", "e30="));
    int n = 300;
    List<CompletableFuture<Http.Res>> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      all.add(send("d" + i, "<" + i + ">"));
      if (i % 25 == 7) {
        all.add(send("d" + (i - 3), "<" + (i - 3) + ">")); // a producer retrying while the first copy is in flight
      }
    }
    for (CompletableFuture<Http.Res> f : all) {
      assertEquals(200, f.get(60, TimeUnit.SECONDS).status(), f.get().toString());
    }
    List<JsonObject> events = new ArrayList<>();
    long from = 0;
    while (true) {
      JsonObject page = post("/message/eventsync", new JsonObject().put("channel_id", "pl-g").put("channel_type", 2)
          .put("client_msg_no", "p1").put("from_msg_event_seq", from).put("limit", 100)).getJsonObject("data");
      JsonArray es = page.getJsonArray("events");
      es.forEach(e -> events.add((JsonObject) e));
      from = page.getLong("next_msg_event_seq");
      if (page.getInteger("more") == 0) {
        break;
      }
    }
    assertEquals(n, events.size(), "each event_id stored once");
    StringBuilder text = new StringBuilder();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < n; i++) {
      JsonObject e = events.get(i);
      assertEquals(i + 1L, e.getLong("msg_event_seq"), "contiguous seqs");
      ids.add(e.getString("event_id"));
      text.append(e.getJsonObject("payload").getString("delta"));
    }
    assertEquals(n, ids.size());
    assertEquals(text.toString(), streamData(), "mid-stream: the checkpoint plus the deltas after it");
    post("/message/event", event("last", "stream.delta", "!"));
    post("/message/event", event("fin", "stream.finish", null));
    assertEquals(text + "!", streamData(), "after finish");
  }
}
