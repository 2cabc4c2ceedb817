package io.jindou.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jindou.support.Http;
import io.jindou.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An abandoned stream ({@code stream_idle_timeout_ms} without an event) is closed by its owner with end reason 1
 * (timeout); its producer's next delta is refused, and a stream that keeps talking is left open. A stream that fell
 * idle while no owner held it in memory (after a restart) reads as timed out and is closed when next used.
 */
class StreamIdleTest {

  @Test
  void anOpenStreamSilentForTheIdleTimeEndsWithReasonTimeout() throws Exception {
    try (TestNode node = new TestNode(Map.of("stream_idle_timeout_ms", 400))) {
      Http http = node.http;
      assertEquals(200, http.post("/channel", new JsonObject().put("channel_id", "si").put("channel_type", 2)
          .put("subscribers", new JsonArray().add("bot").add("u"))).status());
      for (String cmn : new String[] {"quiet", "busy"}) {
        assertEquals(200, http.post("/message/send", new JsonObject().put("from_uid", "bot").put("channel_id", "si")
            .put("channel_type", 2).put("client_msg_no", cmn).put("is_stream", 1)
            .put("payload", Base64.getEncoder().encodeToString("{}".getBytes()))).status());
        assertEquals(200, event(http, cmn, cmn + "-0").status());
      }
      long deadline = System.currentTimeMillis() + 10_000;
      JsonObject quiet;
      int i = 1;
      do {
        assertEquals(200, event(http, "busy", "busy-" + i++).status(), "a stream that keeps talking stays open");
        Thread.sleep(100);
        quiet = anchor(http, "quiet");
      } while (quiet.getInteger("end") == 0 && System.currentTimeMillis() < deadline);
      assertEquals(1, quiet.getInteger("end"), quiet.encode());
      assertEquals(1, quiet.getInteger("end_reason"), "timeout");
      assertEquals("x", new String(Base64.getDecoder().decode(quiet.getString("stream_data"))), "its text is kept");
      assertEquals(409, event(http, "quiet", "quiet-late").status(), "the abandoned lane takes nothing more");
      assertEquals(0, anchor(http, "busy").getInteger("end"));
    }
  }

  @Test
  void aStreamThatFellIdleWhileNoOwnerHeldItReadsAsTimedOutAndIsClosedWhenNextUsed() throws Exception {
    try (TestNode node = new TestNode(Map.of("stream_idle_timeout_ms", 400))) {
      Http http = node.http;
      assertEquals(200, http.post("/channel", new JsonObject().put("channel_id", "si").put("channel_type", 2)
          .put("subscribers", new JsonArray().add("bot").add("u"))).status());
      assertEquals(200, http.post("/message/send", new JsonObject().put("from_uid", "bot").put("channel_id", "si")
          .put("channel_type", 2).put("client_msg_no", "left").put("is_stream", 1)
          .put("payload", Base64.getEncoder().encodeToString("{}".getBytes()))).status());
      assertEquals(200, event(http, "left", "left-0").status());
      node.restart(); // the new owner has nothing cached: its idle check cannot see the stream
      Thread.sleep(900);
      JsonObject shown = anchor(http, "left");
      assertEquals(1, shown.getInteger("end"), "sync shows it timed out: " + shown.encode());
      assertEquals(1, shown.getInteger("end_reason"));
      assertEquals(409, event(http, "left", "left-1").status(), "the producer's next delta finds it ended");
      JsonArray events = http.post("/message/eventsync", new JsonObject().put("channel_id", "si")
          .put("channel_type", 2).put("client_msg_no", "left")).json().getJsonObject("data").getJsonArray("events");
      assertEquals(2, events.size(), "the owner wrote the timeout when the anchor was next used: " + events.encode());
      assertEquals("stream.close", events.getJsonObject(1).getString("event_type"));
      assertEquals(1, events.getJsonObject(1).getJsonObject("payload").getInteger("end_reason"));
    }
  }

  static Http.Res event(Http http, String cmn, String id) {
    return http.post("/message/event", new JsonObject().put("channel_id", "si").put("channel_type", 2)
        .put("client_msg_no", cmn).put("event_id", id).put("event_type", "stream.delta")
        .put("payload", new JsonObject().put("kind", "text").put("delta", "x")));
  }

  static JsonObject anchor(Http http, String cmn) {
    JsonArray ms = http.post("/channel/messagesync", new JsonObject().put("login_uid", "u").put("channel_id", "si")
        .put("channel_type", 2).put("limit", 10)).json().getJsonArray("messages");
    for (Object o : ms) {
      if (cmn.equals(((JsonObject) o).getString("client_msg_no"))) {
        return (JsonObject) o;
      }
    }
    throw new AssertionError("no anchor " + cmn + " in " + ms.encode());
  }
}
