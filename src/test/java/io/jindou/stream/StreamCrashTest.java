package io.jindou.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.support.ChildNode;
import io.jindou.support.Http;
import io.jindou.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A stream survives {@code kill -9} of its node (a real JVM process): every acknowledged delta is durable with the
 * seq it was given, the producer retries what it was not told about with the same event_id after the restart and
 * finishes, and the anchor's text is every delta exactly once, in order.
 */
class StreamCrashTest {

  static Http.Res event(Http http, String id, String type, JsonObject payload) {
    return http.post("/message/event", new JsonObject().put("channel_id", "sc").put("channel_type", 2)
        .put("client_msg_no", "ai").put("event_id", id).put("event_type", type).put("payload", payload));
  }

  static JsonObject delta(int i) {
    return new JsonObject().put("kind", "text").put("delta", "t" + i + " ");
  }

  @Test
  void aStreamKilledMidwayIsFinishedByTheProducersRetriesWithEveryDeltaOnce() throws Exception {
    Path data = Files.createTempDirectory("jindou-stream-crash");
    int port = TestNode.freePort();
    int n = 300;
    Map<Integer, Long> acked = new HashMap<>();
    AtomicInteger next = new AtomicInteger(1);
    try {
      try (ChildNode node = ChildNode.start(data, port)) {
        Http http = new Http(port);
        assertEquals(200, http.post("/channel", new JsonObject().put("channel_id", "sc").put("channel_type", 2)
            .put("subscribers", new JsonArray().add("bot").add("u"))).status());
        assertEquals(200, http.post("/message/send", new JsonObject().put("from_uid", "bot").put("channel_id", "sc")
            .put("channel_type", 2).put("client_msg_no", "ai").put("is_stream", 1)
            .put("payload", Base64.getEncoder().encodeToString("{}".getBytes()))).status());
        Thread producer = new Thread(() -> {
          for (int i = next.get(); i <= n; i = next.incrementAndGet()) {
            try {
              Http.Res r = event(http, "d" + i, "stream.delta", delta(i));
              if (r.status() != 200) {
                return;
              }
              synchronized (acked) {
                acked.put(i, r.json().getJsonObject("data").getLong("msg_event_seq"));
              }
            } catch (RuntimeException e) {
              return; // the node died under this request: not acknowledged
            }
          }
        });
        producer.start();
        while (true) {
          synchronized (acked) {
            if (acked.size() >= 120) {
              break;
            }
          }
          Thread.sleep(1);
        }
        node.kill9();
        producer.join();
      }
      int resumeAt = next.get();
      assertTrue(resumeAt < n, "killed mid-stream, at delta " + resumeAt);
      try (ChildNode again = ChildNode.start(data, port)) {
        Http http = new Http(port);
        for (int i = resumeAt; i <= n; i++) { // the producer retries what it was not told about, then goes on
          Http.Res r = event(http, "d" + i, "stream.delta", delta(i));
          assertEquals(200, r.status(), r.toString());
          assertEquals((long) i, r.json().getJsonObject("data").getLong("msg_event_seq"), "no gap, no duplicate");
        }
        for (Map.Entry<Integer, Long> e : acked.entrySet()) { // an acknowledged delta kept its seq
          Http.Res r = event(http, "d" + e.getKey(), "stream.delta", delta(e.getKey()));
          assertEquals(e.getValue(), r.json().getJsonObject("data").getLong("msg_event_seq"));
        }
        assertEquals(200, event(http, "fin", "stream.finish", null).status());
        JsonObject m = http.post("/channel/messagesync", new JsonObject().put("login_uid", "u")
            .put("channel_id", "sc").put("channel_type", 2).put("limit", 10)).json().getJsonArray("messages")
            .getJsonObject(0);
        StringBuilder want = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          want.append("t").append(i).append(' ');
        }
        assertEquals(1, m.getInteger("end"));
        assertEquals(want.toString(), new String(Base64.getDecoder().decode(m.getString("stream_data")),
            StandardCharsets.UTF_8), "the anchor's text is every acknowledged delta once, in order");
        assertEquals(n + 1L, m.getJsonObject("event_meta").getLong("last_msg_event_seq"));
      }
    } finally {
      TestNode.deleteTree(data);
    }
  }
}
