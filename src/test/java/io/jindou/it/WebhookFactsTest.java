package io.jindou.it;

import static io.jindou.it.WebhookTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.support.Http;
import io.jindou.support.TestNode;
import io.jindou.support.WebhookReceiver;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@code msg.stream} and {@code msg.extra} webhooks (issues 16 and 20 reaching issue 15's webhooks) against a
 * real HTTP receiver: golden bodies for a stream (open, deltas, finish) and for a recall, an edit and a reaction
 * (each item exactly as {@code /message/eventsync} and {@code /message/extra/sync} show it), commit order within a
 * channel's lane and stable event ids through failed posts, and a node that only wants {@code msg.notify} writing
 * no stream or change entries at all.
 */
class WebhookFactsTest {

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  static void anchor(Http http, String group, String cmn) {
    Http.Res r = http.post("/message/send", new JsonObject().put("from_uid", "bot").put("channel_id", group)
        .put("channel_type", 2).put("client_msg_no", cmn).put("is_stream", 1)
        .put("payload", b64("{\"type\":1,\"content\":\"\"}")));
    assertEquals(200, r.status(), r.toString());
  }

  static void event(Http http, String group, String cmn, String id, String type, Object payload) {
    Http.Res r = http.post("/message/event", new JsonObject().put("channel_id", group).put("channel_type", 2)
        .put("client_msg_no", cmn).put("event_id", id).put("event_type", type).put("payload", payload));
    assertEquals(200, r.status(), r.toString());
  }

  static long send(Http http, String from, String group, String text) {
    Http.Res r = http.post("/message/send", new JsonObject().put("from_uid", from).put("channel_id", group)
        .put("channel_type", 2).put("payload", b64(text)));
    assertEquals(200, r.status(), r.toString());
    return r.json().getLong("message_seq");
  }

  static void change(Http http, String path, String from, String group, long seq, JsonObject more) {
    Http.Res r = http.post(path, new JsonObject().put("channel_id", group).put("channel_type", 2)
        .put("message_seq", seq).put("from_uid", from).mergeIn(more));
    assertEquals(200, r.status(), r.toString());
  }

  /** The items of every delivered post of {@code event}, in arrival order. */
  static List<JsonObject> items(WebhookReceiver rx, String event) {
    return rx.delivered(event).stream().flatMap(p -> new JsonArray(p.text()).stream()).map(o -> (JsonObject) o)
        .toList();
  }

  static JsonObject extraSyncItem(Http http, String login, String group, long seq) {
    Http.Res r = http.post("/message/extra/sync", new JsonObject().put("login_uid", login).put("channel_id", group)
        .put("channel_type", 2).put("extra_version", 0).put("limit", 100));
    assertEquals(200, r.status(), r.toString());
    JsonObject data = r.json().containsKey("data") ? r.json().getJsonObject("data") : r.json();
    for (Object o : data.getJsonArray("messages")) {
      if (((JsonObject) o).getLong("message_seq") == seq) {
        return (JsonObject) o;
      }
    }
    throw new AssertionError("message " + seq + " is not in /message/extra/sync: " + data);
  }

  @Test
  void streamAndExtraBodiesAreTheSyncItemsWithTheirChannel() throws Exception {
    try (WebhookReceiver rx = new WebhookReceiver(); TestNode n = WebhookTest.node(rx, Map.of())) {
      WebhookTest.group(n.http, "fs-g", "bot", "u1");
      anchor(n.http, "fs-g", "a1");
      event(n.http, "fs-g", "a1", "e0", "stream.open", new JsonObject());
      event(n.http, "fs-g", "a1", "e1", "stream.delta", new JsonObject().put("kind", "text").put("delta", "hel"));
      event(n.http, "fs-g", "a1", "e2", "stream.delta", new JsonObject().put("kind", "text").put("delta", "lo"));
      event(n.http, "fs-g", "a1", "e3", "stream.finish", null);
      await("four stream events", Duration.ofSeconds(20), () -> items(rx, "msg.stream").size() >= 4);
      JsonObject anchorMsg = n.http.post("/channel/messagesync", new JsonObject().put("login_uid", "u1")
          .put("channel_id", "fs-g").put("channel_type", 2).put("limit", 10)).json().getJsonArray("messages")
          .getJsonObject(0);
      long id = anchorMsg.getLong("message_id");
      JsonArray synced = n.http.post("/message/eventsync", new JsonObject().put("channel_id", "fs-g")
          .put("channel_type", 2).put("client_msg_no", "a1").put("from_msg_event_seq", 0).put("limit", 10)
          .put("include_private", 1)).json().getJsonObject("data").getJsonArray("events");
      List<JsonObject> got = items(rx, "msg.stream");
      assertEquals(4, got.size(), "each event once");
      for (int i = 0; i < 4; i++) {
        JsonObject e = synced.getJsonObject(i);
        String want = "{\"channel_id\":\"fs-g\",\"channel_type\":2,\"client_msg_no\":\"a1\",\"message_id\":" + id
            + ",\"message_idstr\":\"" + id + "\",\"message_seq\":1,\"from_uid\":\"bot\",\"msg_event_seq\":" + (i + 1)
            + ",\"event_id\":\"e" + i + "\",\"event_type\":\"" + e.getString("event_type") + "\",\"event_key\":\""
            + e.getString("event_key") + "\",\"visibility\":\"public\",\"occurred_at\":" + e.getLong("occurred_at")
            + ",\"payload\":" + io.vertx.core.json.Json.encode(e.getValue("payload")) + "}";
        assertEquals(want, got.get(i).encode(), "item " + i);
      }
      assertEquals(List.of("stream.open", "stream.delta", "stream.delta", "stream.finish"),
          got.stream().map(o -> o.getString("event_type")).toList());
      assertEquals("{\"kind\":\"text\",\"delta\":\"hel\"}", got.get(1).getJsonObject("payload").encode());
      WebhookReceiver.Post first = rx.delivered("msg.stream").get(0);
      assertEquals("event=msg.stream", first.query());
      assertTrue(first.text().startsWith("[{\"channel_id\":\"fs-g\",\"channel_type\":2,\"client_msg_no\":\"a1\""),
          first.text());

      // msg.extra: each change's item is the message as /message/extra/sync answers it
      WebhookTest.group(n.http, "fx-g", "a", "b");
      long s1 = send(n.http, "a", "fx-g", "one");
      long s2 = send(n.http, "a", "fx-g", "two");
      long s3 = send(n.http, "a", "fx-g", "three");
      change(n.http, "/message/revoke", "a", "fx-g", s1, new JsonObject());
      await("the recall", Duration.ofSeconds(20), () -> items(rx, "msg.extra").size() >= 1);
      change(n.http, "/message/edit", "a", "fx-g", s2, new JsonObject().put("payload", b64("two!")));
      await("the edit", Duration.ofSeconds(20), () -> items(rx, "msg.extra").size() >= 2);
      change(n.http, "/message/reaction", "b", "fx-g", s3, new JsonObject().put("emoji", "👍"));
      await("the reaction", Duration.ofSeconds(20), () -> items(rx, "msg.extra").size() >= 3);
      List<JsonObject> extra = items(rx, "msg.extra");
      assertEquals(3, extra.size());
      assertEquals(List.of(1L, 2L, 3L), extra.stream().map(o -> o.getLong("extra_version")).toList());
      long[] seqs = {s1, s2, s3};
      for (int i = 0; i < 3; i++) {
        assertEquals(extraSyncItem(n.http, "a", "fx-g", seqs[i]).encode(), extra.get(i).encode(), "change " + i);
        assertEquals("fx-g", extra.get(i).getString("channel_id"));
        assertEquals(2, extra.get(i).getInteger("channel_type"));
      }
      assertEquals(1, extra.get(0).getInteger("revoke"));
      assertTrue(extra.get(1).getLong("edited_at") > 0);
      assertEquals(b64("two!"), extra.get(1).getString("payload"));
      assertEquals("👍", extra.get(2).getJsonArray("reactions").getJsonObject(0).getString("emoji"));
      assertEquals("event=msg.extra", rx.delivered("msg.extra").get(0).query());
      // a read receipt: the read counts as the sender sees them
      Http.Res receipted = n.http.post("/message/send", new JsonObject().put("from_uid", "a").put("channel_id",
          "fx-g").put("channel_type", 2).put("setting", 0x80).put("payload", b64("read me")));
      assertEquals(200, receipted.status(), receipted.toString());
      long s4 = receipted.json().getLong("message_seq");
      assertEquals(200, n.http.post("/message/readed", new JsonObject().put("uid", "b").put("channel_id", "fx-g")
          .put("channel_type", 2).put("message_seq", s4)).status());
      await("the read receipt", Duration.ofSeconds(20), () -> items(rx, "msg.extra").size() >= 4);
      JsonObject read = items(rx, "msg.extra").get(3);
      assertEquals(extraSyncItem(n.http, "a", "fx-g", s4).encode(), read.encode());
      assertEquals(1L, read.getLong("readed_count"));
      assertEquals(0L, read.getLong("unread_count"));
      // the log API filters them by name
      JsonArray logged = n.http.get("/webhook/events?cursor=0&limit=100&event=msg.extra").json()
          .getJsonArray("events");
      assertEquals(4, logged.size(), logged.encode());
      assertTrue(logged.stream().allMatch(o -> ((JsonObject) o).getString("event").equals("msg.extra")),
          logged.encode());
      assertEquals(400, n.http.get("/webhook/events?event=msg.bogus").status());
    }
  }

  @Test
  void aChannelsEventsArriveInCommitOrderWithStableIdsThroughFailures() throws Exception {
    try (WebhookReceiver rx = new WebhookReceiver(); TestNode n = WebhookTest.node(rx, Map.of("webhook_batch_max",
        2))) {
      rx.failNext(5);
      WebhookTest.group(n.http, "fo-g", "bot", "u1");
      anchor(n.http, "fo-g", "o1");
      event(n.http, "fo-g", "o1", "o0", "stream.open", new JsonObject());
      for (int i = 1; i <= 12; i++) {
        event(n.http, "fo-g", "o1", "o" + i, "stream.delta", new JsonObject().put("kind", "text").put("delta",
            "t" + i));
      }
      long seq = send(n.http, "u1", "fo-g", "react to me");
      for (int i = 0; i < 6; i++) {
        change(n.http, "/message/reaction", "u1", "fo-g", seq, new JsonObject().put("emoji", "e" + i));
      }
      await("every stream event", Duration.ofSeconds(30), () -> items(rx, "msg.stream").stream()
          .map(o -> o.getLong("msg_event_seq")).distinct().count() == 13);
      await("the last reaction", Duration.ofSeconds(30), () -> items(rx, "msg.extra").stream()
          .anyMatch(o -> o.getLong("extra_version") == 6));
      assertTrue(rx.posts.stream().filter(p -> p.answered() == 500).count() >= 5);
      // ids stable: an id always carries the same body; every event seq is in exactly one id
      Map<String, String> bodyById = new HashMap<>();
      Map<Long, String> idOfSeq = new HashMap<>();
      for (WebhookReceiver.Post p : rx.posts) {
        String id = p.header("X-Jindou-Event-Id");
        String earlier = bodyById.putIfAbsent(id, p.text());
        assertTrue(earlier == null || earlier.equals(p.text()), "a retry of " + id + " has the same body");
        if (p.event().equals("msg.stream")) {
          for (Object o : new JsonArray(p.text())) {
            String before = idOfSeq.putIfAbsent(((JsonObject) o).getLong("msg_event_seq"), id);
            assertTrue(before == null || before.equals(id), "an event is never re-sent under another id");
          }
        }
      }
      // commit order within the lane: delivered in seq order, no batch above webhook_batch_max
      List<Long> streamSeqs = new ArrayList<>(items(rx, "msg.stream").stream().map(o -> o.getLong("msg_event_seq"))
          .distinct().toList());
      assertEquals(streamSeqs.stream().sorted().toList(), streamSeqs);
      assertTrue(rx.delivered("msg.stream").stream().allMatch(p -> new JsonArray(p.text()).size() <= 2));
      List<Long> versions = items(rx, "msg.extra").stream().map(o -> o.getLong("extra_version")).distinct().toList();
      assertEquals(versions.stream().sorted().toList(), versions);
      assertTrue(rx.delivered("msg.extra").stream().map(p -> p.header("X-Jindou-Event-Id")).distinct().count()
          == rx.delivered("msg.extra").size(), "each msg.extra event delivered once");
    }
  }

  @Test
  void aNodeThatOnlyWantsMsgNotifyWritesNoStreamOrChangeEntries() throws Exception {
    try (WebhookReceiver rx = new WebhookReceiver(); TestNode n = WebhookTest.node(rx, Map.of("webhook_events",
        "msg.notify"))) {
      rx.down();
      WebhookTest.group(n.http, "fn-g", "bot", "u1");
      anchor(n.http, "fn-g", "n1");
      event(n.http, "fn-g", "n1", "n0", "stream.open", new JsonObject());
      for (int i = 1; i <= 5; i++) {
        event(n.http, "fn-g", "n1", "n" + i, "stream.delta", new JsonObject().put("kind", "text").put("delta", "x"));
      }
      change(n.http, "/message/reaction", "u1", "fn-g", 1, new JsonObject().put("emoji", "ok"));
      await("the anchor's msg.notify formed", Duration.ofSeconds(20), () -> {
        JsonObject s = n.http.get("/webhook/status").json();
        return s.getLong("outbox") == 0 && s.getLong("last_seq") >= 1;
      });
      Thread.sleep(1500); // several dispatcher rounds: anything else would have been formed by now
      JsonObject status = n.http.get("/webhook/status").json();
      JsonArray log = n.http.get("/webhook/events?cursor=0&limit=100").json().getJsonArray("events");
      assertEquals(0, status.getLong("outbox"), status.encode());
      assertTrue(log.stream().allMatch(o -> ((JsonObject) o).getString("event").equals("msg.notify")), log.encode());
      assertEquals(status.getLong("pending"), (long) log.size(), "only msg.notify events: " + status.encode());
    }
  }
}
