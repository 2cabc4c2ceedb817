package io.jindou.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.support.Http;
import io.jindou.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Stream messages over real HTTP (spec http-api §1.7, §2.9): an {@code is_stream} anchor, events appended with
 * contiguous seqs and idempotent event_ids, the lane rules and bad input, eventsync with its cursor and filters,
 * and what messagesync shows of an anchor before and after finish.
 */
class StreamMessagesTest {
  static TestNode node;
  static Http http;

  @BeforeAll
  static void start() throws Exception {
    node = new TestNode(java.util.Map.of("payload_max_bytes", 4096));
    http = node.http;
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }

  static void group(String id, String... members) {
    Http.Res r = http.post("/channel", new JsonObject().put("channel_id", id).put("channel_type", 2)
        .put("subscribers", new JsonArray(List.of(members))));
    assertEquals(200, r.status(), r.toString());
  }

  static JsonObject anchor(String group, String cmn) {
    Http.Res r = http.post("/message/send", new JsonObject().put("from_uid", "bot").put("channel_id", group)
        .put("channel_type", 2).put("client_msg_no", cmn).put("is_stream", 1)
        .put("payload", b64("{\"type\":1,\"content\":\"\"}")));
    assertEquals(200, r.status(), r.toString());
    return r.json();
  }

  static Http.Res event(String group, String cmn, String id, String type, Object payload) {
    return http.post("/message/event", new JsonObject().put("channel_id", group).put("channel_type", 2)
        .put("client_msg_no", cmn).put("event_id", id).put("event_type", type).put("payload", payload));
  }

  static JsonObject delta(String text) {
    return new JsonObject().put("kind", "text").put("delta", text);
  }

  static JsonObject ok(Http.Res r) {
    assertEquals(200, r.status(), r.toString());
    return r.json().getJsonObject("data");
  }

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  static JsonObject lastMessage(String group, String login) {
    JsonObject page = http.post("/channel/messagesync", new JsonObject().put("login_uid", login)
        .put("channel_id", group).put("channel_type", 2).put("limit", 10)).json();
    JsonArray ms = page.getJsonArray("messages");
    return ms.getJsonObject(ms.size() - 1);
  }

  static JsonObject eventsync(String group, String cmn, long from, int limit, String key, boolean priv) {
    JsonObject body = new JsonObject().put("channel_id", group).put("channel_type", 2).put("client_msg_no", cmn)
        .put("from_msg_event_seq", from).put("limit", limit).put("include_private", priv ? 1 : 0);
    if (key != null) {
      body.put("event_key", key);
    }
    return ok(http.post("/message/eventsync", body));
  }

  @Test
  void anAnchorCarriesTheStreamBitAndFinishCompactsItsDeltasIntoOneMessage() {
    group("sg-a", "bot", "u1");
    anchor("sg-a", "a1");
    JsonObject before = lastMessage("sg-a", "u1");
    assertEquals(2, before.getInteger("setting") & 2, "setting |= 0x02");
    assertEquals(0, before.getJsonObject("event_meta").getLong("event_count"));
    assertEquals(0, before.getInteger("end"));

    JsonObject open = ok(event("sg-a", "a1", "e0", "stream.open", new JsonObject()));
    assertEquals(1L, open.getLong("msg_event_seq"));
    assertEquals("open", open.getString("stream_status"));
    assertEquals("main", open.getString("event_key"));
    StringBuilder want = new StringBuilder();
    for (int i = 1; i <= 30; i++) {
      JsonObject d = ok(event("sg-a", "a1", "e" + i, "stream.delta", delta("tok" + i + " ")));
      assertEquals(i + 1L, d.getLong("msg_event_seq"), "contiguous per anchor");
      want.append("tok").append(i).append(' ');
    }
    JsonObject mid = lastMessage("sg-a", "u1");
    assertEquals(0, mid.getInteger("end"));
    assertEquals(want.toString(), text(mid), "stream_data is the merged main lane so far");

    JsonObject fin = ok(event("sg-a", "a1", "e-fin", "stream.finish", null));
    assertEquals(32L, fin.getLong("msg_event_seq"));
    assertEquals("closed", fin.getString("stream_status"));
    assertEquals("__finish__", fin.getString("event_key"));

    JsonObject done = lastMessage("sg-a", "u1");
    assertEquals(1, done.getInteger("end"));
    assertEquals(0, done.getInteger("end_reason"));
    assertEquals(want.toString(), text(done));
    JsonObject meta = done.getJsonObject("event_meta");
    assertTrue(meta.getBoolean("completed"));
    assertEquals(32L, meta.getLong("last_msg_event_seq"));
    assertEquals(32L, meta.getLong("event_count"));
    assertEquals(0, meta.getInteger("open_event_count"));
    assertEquals("a1", done.getJsonObject("event_sync_hint").getString("client_msg_no"));
    assertEquals(1, http.post("/channel/messagesync", new JsonObject().put("login_uid", "u1").put("channel_id", "sg-a")
        .put("channel_type", 2).put("limit", 10)).json().getJsonArray("messages").size(), "one message, no fragments");

    JsonArray convs = http.post("/conversation/sync", new JsonObject().put("uid", "u1").put("msg_count", 5)).array();
    JsonObject conv = convs.stream().map(o -> (JsonObject) o).filter(c -> "sg-a".equals(c.getString("channel_id")))
        .findFirst().orElseThrow();
    JsonObject recent = conv.getJsonArray("recents").getJsonObject(0);
    assertEquals(want.toString(), text(recent), "the conversation's recents show the finished stream");
    assertEquals(1, recent.getInteger("end"));
    JsonObject found = http.post("/messages", new JsonObject().put("channel_id", "sg-a").put("channel_type", 2)
        .put("client_msg_nos", new JsonArray().add("a1"))).json().getJsonArray("messages").getJsonObject(0);
    assertEquals(want.toString(), text(found), "so do lookups");

    Http.Res late = event("sg-a", "a1", "e-late", "stream.delta", delta("x"));
    assertEquals(409, late.status(), "events after finish: " + late);
    assertEquals(32L, ok(event("sg-a", "a1", "e-fin", "stream.finish", null)).getLong("msg_event_seq"),
        "a retried finish gets its original seq, not 409");
    assertEquals(7L, ok(event("sg-a", "a1", "e6", "stream.delta", delta("tok6 "))).getLong("msg_event_seq"),
        "a retried delta after finish too");
  }

  static String text(JsonObject resp) {
    return new String(Base64.getDecoder().decode(resp.getString("stream_data")), StandardCharsets.UTF_8);
  }

  @Test
  void everyStoredPublicEventIsPublishedOnTheEventBus() throws Exception {
    group("sg-bus", "bot", "u1");
    anchor("sg-bus", "bus1");
    java.util.concurrent.LinkedBlockingQueue<JsonObject> seen = new java.util.concurrent.LinkedBlockingQueue<>();
    var consumer = node.server.vertx().eventBus().<JsonObject>consumer("jindou.event.stream", m -> seen.add(m.body()));
    consumer.completion().await(5, java.util.concurrent.TimeUnit.SECONDS);
    try {
      ok(event("sg-bus", "bus1", "b1", "stream.delta", delta("hi")));
      ok(event("sg-bus", "bus1", "b1", "stream.delta", delta("hi"))); // a retry is not published again
      ok(event("sg-bus", "bus1", "b2", "stream.finish", null));
      JsonObject e = seen.poll(5, java.util.concurrent.TimeUnit.SECONDS);
      assertEquals("sg-bus", e.getString("channel_id"));
      assertEquals("bus1", e.getString("client_msg_no"));
      assertEquals(1L, e.getLong("msg_event_seq"));
      assertEquals("stream.delta", e.getString("event_type"));
      assertEquals(delta("hi"), e.getJsonObject("payload"));
      assertEquals("bot", e.getString("from_uid"));
      JsonObject fin = seen.poll(5, java.util.concurrent.TimeUnit.SECONDS);
      assertEquals(2L, fin.getLong("msg_event_seq"));
      assertEquals("closed", fin.getString("stream_status"));
      JsonObject viaBus = node.server.vertx().eventBus().<JsonObject>request("jindou.api.message.eventsync",
          new JsonObject().put("channel_id", "sg-bus").put("channel_type", 2).put("client_msg_no", "bus1"))
          .await(5, java.util.concurrent.TimeUnit.SECONDS).body();
      assertEquals(2, viaBus.getJsonObject("data").getJsonArray("events").size(), "the event-bus API reads it too");
    } finally {
      consumer.unregister();
    }
  }

  @Test
  void theOlderGenerationStreamNoOpenChunksCloseOnTheSameEventLog() {
    group("sg-old", "bot", "u1");
    Http.Res open = http.post("/stream/open", new JsonObject().put("from_uid", "bot").put("channel_id", "sg-old")
        .put("channel_type", 2).put("payload", b64("{\"type\":1,\"content\":\"\"}")));
    assertEquals(200, open.status(), open.toString());
    String no = open.json().getString("stream_no");
    assertFalse(no.isEmpty());
    for (String part : new String[] {"Hel", "lo ", "world"}) {
      Http.Res chunk = http.post("/message/send", new JsonObject().put("from_uid", "bot").put("channel_id", "sg-old")
          .put("channel_type", 2).put("stream_no", no).put("client_msg_no", "chunk-" + part)
          .put("payload", b64("{\"type\":1,\"content\":\"" + part + "\"}")));
      assertEquals(200, chunk.status(), chunk.toString());
    }
    assertEquals(200, http.post("/message/send", new JsonObject().put("from_uid", "bot").put("channel_id", "sg-old")
        .put("channel_type", 2).put("stream_no", no).put("client_msg_no", "chunk-Hel")
        .put("payload", b64("{\"type\":1,\"content\":\"Hel\"}"))).status(), "a retried chunk is applied once");
    JsonObject mid = lastMessage("sg-old", "u1");
    assertEquals(no, mid.getString("stream_no"));
    assertEquals(mid.getLong("message_id"), mid.getLong("stream_id"));
    JsonArray streams = mid.getJsonArray("streams");
    assertEquals(3, streams.size(), "one message with its chunks, not a message per chunk: " + mid);
    assertEquals(b64("{\"type\":1,\"content\":\"lo \"}"), streams.getJsonObject(1).getString("payload"));
    assertEquals(no, streams.getJsonObject(0).getString("stream_no"));
    assertEquals("Hello world", text(mid));
    assertEquals(0, mid.getInteger("end"));
    assertEquals(200, http.post("/stream/close", new JsonObject().put("stream_no", no).put("channel_id", "sg-old")
        .put("channel_type", 2)).status());
    assertEquals(200, http.post("/stream/close", new JsonObject().put("stream_no", no).put("channel_id", "sg-old")
        .put("channel_type", 2)).status(), "closing twice is fine");
    assertEquals(1, lastMessage("sg-old", "u1").getInteger("end"));
    Http.Res plain = http.post("/message/send", new JsonObject().put("from_uid", "bot").put("channel_id", "sg-old")
        .put("channel_type", 2).put("stream_no", "not-a-stream").put("payload", b64("x")));
    assertTrue(plain.json().getLong("message_seq") > 0, "an unknown stream_no is an ordinary message, as before");
  }

  @Test
  void aPersonChannelStreamIsNamedByTheProducerAndThePeer() {
    assertEquals(200, http.post("/message/send", new JsonObject().put("from_uid", "pbot").put("channel_id", "pu")
        .put("channel_type", 1).put("client_msg_no", "p1").put("is_stream", 1).put("payload", b64("{}"))).status());
    JsonObject body = new JsonObject().put("channel_id", "pu").put("channel_type", 1).put("from_uid", "pbot")
        .put("client_msg_no", "p1").put("event_id", "pe1").put("event_type", "stream.delta")
        .put("payload", delta("hey"));
    assertEquals(1L, ok(http.post("/message/event", body)).getLong("msg_event_seq"));
    assertEquals(1L, ok(http.post("/message/event", body.copy().put("channel_id", "pu@pbot").put("from_uid", "")))
        .getLong("msg_event_seq"), "the a@b id names the same stream (a retry)");
    JsonObject page = http.post("/channel/messagesync", new JsonObject().put("login_uid", "pu")
        .put("channel_id", "pbot").put("channel_type", 1).put("limit", 10)).json();
    assertEquals("hey", text(page.getJsonArray("messages").getJsonObject(0)), "the peer sees the stream");
    JsonObject sync = ok(http.post("/message/eventsync", new JsonObject().put("channel_id", "pbot")
        .put("channel_type", 1).put("from_uid", "pu").put("client_msg_no", "p1")));
    assertEquals(1, sync.getJsonArray("events").size());
  }

  @Test
  void aSecondOpenOfALaneIsRefusedUnlessForcedByTheQueryString() {
    group("sg-f", "bot", "u1");
    anchor("sg-f", "f1");
    ok(event("sg-f", "f1", "o1", "stream.open", null));
    ok(event("sg-f", "f1", "d1", "stream.delta", delta("old ")));
    assertEquals(409, event("sg-f", "f1", "o2", "stream.open", null).status());
    JsonObject open = new JsonObject().put("channel_id", "sg-f").put("channel_type", 2).put("client_msg_no", "f1")
        .put("event_id", "o3").put("event_type", "stream.open");
    assertEquals(409, http.post("/message/event?force=0", open).status(), "force=0 is no force");
    assertEquals("open", ok(http.post("/message/event?force=1", open)).getString("stream_status"));
    ok(event("sg-f", "f1", "d2", "stream.delta", delta("new")));
    assertEquals("new", text(lastMessage("sg-f", "u1")), "the forced open took the lane over with empty text");
  }

  @Test
  void aRetriedEventIdIsAppliedOnceAndAnswersItsOriginalSeq() {
    group("sg-b", "bot", "u1");
    anchor("sg-b", "b1");
    assertEquals(1L, ok(event("sg-b", "b1", "x1", "stream.delta", delta("A"))).getLong("msg_event_seq"));
    assertEquals(2L, ok(event("sg-b", "b1", "x2", "stream.delta", delta("B"))).getLong("msg_event_seq"));
    assertEquals(1L, ok(event("sg-b", "b1", "x1", "stream.delta", delta("A"))).getLong("msg_event_seq"));
    assertEquals(3L, ok(event("sg-b", "b1", "x3", "stream.delta", delta("C"))).getLong("msg_event_seq"));
    assertEquals("ABC", text(lastMessage("sg-b", "u1")));
    assertEquals(3, eventsync("sg-b", "b1", 0, 0, null, false).getJsonArray("events").size());
  }

  @Test
  void lanesOneProducerAtATimeAndCloseWithASnapshot() {
    group("sg-c", "bot", "u1");
    anchor("sg-c", "c1");
    ok(event("sg-c", "c1", "o1", "stream.open", null));
    Http.Res again = event("sg-c", "c1", "o2", "stream.open", null);
    assertEquals(409, again.status(), again.toString());
    assertTrue(again.json().getString("msg").contains("already open"), again.toString());
    ok(event("sg-c", "c1", "d1", "stream.delta", delta("lost ")));
    JsonObject forced = ok(http.post("/message/event", new JsonObject().put("channel_id", "sg-c")
        .put("channel_type", 2).put("client_msg_no", "c1").put("event_id", "o3").put("event_type", "STREAM.OPEN")
        .put("force", 1)));
    assertEquals("open", forced.getString("stream_status"));
    ok(http.post("/message/event", new JsonObject().put("channel_id", "sg-c").put("channel_type", 2)
        .put("client_msg_no", "c1").put("event_id", "t1").put("event_type", "stream.delta").put("event_key", "tool")
        .put("payload", delta("tool-args"))));
    ok(event("sg-c", "c1", "d2", "stream.delta", delta("kept")));
    JsonObject mid = lastMessage("sg-c", "u1");
    assertEquals("kept", text(mid), "a forced open starts the lane over; other lanes are their own");
    assertEquals(2, mid.getJsonObject("event_meta").getInteger("open_event_count"));
    JsonObject closed = ok(event("sg-c", "c1", "cl", "stream.close",
        new JsonObject().put("snapshot", new JsonObject().put("kind", "text").put("text", "final answer"))));
    assertEquals("closed", closed.getString("stream_status"));
    assertEquals(409, event("sg-c", "c1", "d3", "stream.delta", delta("x")).status(), "a closed lane takes nothing");
    JsonObject done = lastMessage("sg-c", "u1");
    assertEquals(1, done.getInteger("end"));
    assertEquals("final answer", text(done), "the close snapshot is the final content");

    anchor("sg-c", "c2");
    JsonObject err = ok(event("sg-c", "c2", "er", "stream.error", new JsonObject().put("error", "model overloaded")));
    assertEquals("error", err.getString("stream_status"));
    JsonObject failed = lastMessage("sg-c", "u1");
    assertEquals(2, failed.getInteger("end_reason"));
    assertEquals("model overloaded", failed.getString("error"));
  }

  @Test
  void eventsyncPagesWithAnExclusiveCursorAndFiltersLanesAndVisibility() {
    group("sg-d", "bot", "u1");
    anchor("sg-d", "d1");
    for (int i = 1; i <= 5; i++) {
      ok(event("sg-d", "d1", "m" + i, "stream.delta", delta(Integer.toString(i))));
    }
    ok(http.post("/message/event", new JsonObject().put("channel_id", "sg-d").put("channel_type", 2)
        .put("client_msg_no", "d1").put("event_id", "p1").put("event_type", "stream.delta")
        .put("visibility", "private").put("payload", delta("secret"))));
    ok(http.post("/message/event", new JsonObject().put("channel_id", "sg-d").put("channel_type", 2)
        .put("client_msg_no", "d1").put("event_id", "k1").put("event_type", "tool.call").put("event_key", "tool")
        .put("occurred_at", 1700000000000L).put("payload", new JsonObject().put("name", "search"))));
    JsonObject first = eventsync("sg-d", "d1", 0, 2, null, false);
    assertEquals(List.of(1L, 2L), seqs(first));
    assertEquals(2L, first.getLong("next_msg_event_seq"));
    assertEquals(1, first.getInteger("more"));
    JsonObject e1 = first.getJsonArray("events").getJsonObject(0);
    assertEquals("m1", e1.getString("event_id"));
    assertEquals("stream.delta", e1.getString("event_type"));
    assertEquals("public", e1.getString("visibility"));
    assertEquals(delta("1"), e1.getJsonObject("payload"));
    JsonObject rest = eventsync("sg-d", "d1", 2, 100, null, false);
    assertEquals(List.of(3L, 4L, 5L, 7L), seqs(rest), "the private event is left out");
    assertEquals(7L, rest.getLong("next_msg_event_seq"));
    assertEquals(0, rest.getInteger("more"));
    assertEquals(List.of(3L, 4L, 5L, 6L, 7L), seqs(eventsync("sg-d", "d1", 2, 100, null, true)));
    JsonObject tool = eventsync("sg-d", "d1", 0, 100, "tool", false);
    assertEquals(List.of(7L), seqs(tool));
    assertEquals("tool", tool.getString("filtered_by_event_key"));
    assertEquals(1700000000000L, tool.getJsonArray("events").getJsonObject(0).getLong("occurred_at"));
    assertEquals("12345", text(lastMessage("sg-d", "u1")), "private text stays out of stream_data");
    JsonObject none = eventsync("sg-d", "d1", 7, 100, null, true);
    assertEquals(List.of(), seqs(none));
    assertEquals(7L, none.getLong("next_msg_event_seq"));
    assertEquals(List.of(), seqs(eventsync("sg-d", "nope", 0, 10, null, true)));
  }

  static List<Long> seqs(JsonObject page) {
    return page.getJsonArray("events").stream().map(o -> ((JsonObject) o).getLong("msg_event_seq")).toList();
  }

  @Test
  void badInputIsRefusedWithAClearMessageAndLeavesOtherStreamsAlone() {
    group("sg-e", "bot", "u1");
    anchor("sg-e", "e1");
    Http.Res unknown = event("sg-e", "nope", "z1", "stream.delta", delta("x"));
    assertEquals(404, unknown.status(), unknown.toString());
    assertTrue(unknown.json().getString("msg").contains("no stream message"), unknown.toString());
    http.post("/message/send", new JsonObject().put("from_uid", "bot").put("channel_id", "sg-e")
        .put("channel_type", 2).put("client_msg_no", "plain").put("payload", b64("x")));
    assertEquals(404, event("sg-e", "plain", "z1", "stream.delta", delta("x")).status(), "not an anchor");
    Http.Res big = event("sg-e", "e1", "z2", "stream.delta", delta("x".repeat(5000)));
    assertEquals(400, big.status(), big.toString());
    assertTrue(big.json().getString("msg").contains("payload_max_bytes"), big.toString());
    assertEquals(400, event("sg-e", "e1", "", "stream.delta", delta("x")).status(), "event_id is required");
    assertEquals(400, event("sg-e", "e1", "z3", null, delta("x")).status(), "event_type is required");
    assertEquals(400, http.post("/message/event", new JsonObject().put("channel_id", "sg-e").put("channel_type", 2)
        .put("client_msg_no", "e1").put("event_id", "z4").put("event_type", "stream.delta")
        .put("visibility", "everyone")).status());
    assertEquals(400, http.post("/message/eventsync", new JsonObject().put("channel_id", "sg-e")
        .put("channel_type", 2)).status(), "client_msg_no is required");
    assertEquals(400, http.post("/message/send", new JsonObject().put("from_uid", "bot").put("channel_id", "sg-e")
        .put("channel_type", 2).put("is_stream", 1).put("header", new JsonObject().put("no_persist", 1))
        .put("payload", b64("x"))).status(), "an anchor must be stored");
    assertEquals(1L, ok(event("sg-e", "e1", "z5", "stream.delta", delta("fine"))).getLong("msg_event_seq"),
        "the refusals wrote nothing");
    assertFalse(eventsync("sg-e", "e1", 0, 10, null, true).getJsonArray("events").isEmpty());
  }

  @Test
  void aRecalledAnchorShowsNoStreamText() {
    group("sg-r", "bot", "u1");
    long seq = anchor("sg-r", "r1").getLong("message_seq");
    ok(event("sg-r", "r1", "r0", "stream.delta", delta("secret answer")));
    ok(event("sg-r", "r1", "r-fin", "stream.finish", null));
    assertEquals("secret answer", text(lastMessage("sg-r", "u1")));
    Http.Res revoke = http.post("/message/revoke", new JsonObject().put("channel_id", "sg-r").put("channel_type", 2)
        .put("message_seq", seq).put("from_uid", "bot"));
    assertEquals(200, revoke.status(), revoke.toString());
    JsonObject after = lastMessage("sg-r", "u1");
    assertEquals(1, after.getInteger("revoke"), after.toString());
    assertEquals("", after.getString("payload"));
    assertFalse(after.containsKey("stream_data") && !after.getString("stream_data", "").isEmpty(),
        "a recalled stream shows none of its text: " + after);
  }
}
