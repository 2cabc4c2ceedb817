package io.jindou.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.support.Http;
import io.jindou.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The other endpoints of the single-node issue: sync ranges, lookups, sendbatch, tokens, health, route. */
class EndpointsTest {
  static TestNode node;
  static Http http;

  @BeforeAll
  static void start() throws Exception {
    node = new TestNode();
    http = node.http;
    http.post("/channel", new JsonObject().put("channel_id", "h").put("channel_type", 2)
        .put("subscribers", new JsonArray().add("u")));
    for (int i = 1; i <= 20; i++) {
      http.post("/message/send", new JsonObject().put("from_uid", "u").put("channel_id", "h").put("channel_type", 2)
          .put("client_msg_no", "m" + i).put("payload", "eA=="));
    }
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }

  static List<Long> sync(long start, long end, int limit, int pull, int expectMore) {
    JsonObject r = http.post("/channel/messagesync", new JsonObject().put("login_uid", "u").put("channel_id", "h")
        .put("channel_type", 2).put("start_message_seq", start).put("end_message_seq", end).put("limit", limit)
        .put("pull_mode", pull)).json();
    assertEquals(start, r.getLong("start_message_seq"));
    assertEquals(end, r.getLong("end_message_seq"));
    List<Long> seqs = new ArrayList<>();
    r.getJsonArray("messages").forEach(m -> seqs.add(((JsonObject) m).getLong("message_seq")));
    assertEquals(expectMore, r.getInteger("more"), "more flag for " + seqs);
    return seqs;
  }

  static List<Long> range(long a, long b) {
    List<Long> l = new ArrayList<>();
    for (long i = a; i <= b; i++) {
      l.add(i);
    }
    return l;
  }

  @Test
  void messagesyncRangeRules() {
    assertEquals(range(11, 20), sync(0, 0, 10, 0, 1), "newest 10");
    assertEquals(range(1, 20), sync(0, 0, 50, 0, 0));
    assertEquals(range(6, 15), sync(15, 0, 10, 0, 1), "down from 15");
    assertEquals(range(11, 15), sync(15, 10, 10, 0, 0), "down in (10, 15]");
    assertEquals(range(1, 5), sync(5, 0, 10, 0, 0));
    assertEquals(List.of(), sync(5, 10, 10, 0, 0), "down with end > start is empty");
    assertEquals(range(5, 9), sync(5, 10, 10, 1, 0), "up in [5, 10)");
    assertEquals(range(5, 14), sync(5, 0, 10, 1, 1), "up from 5, limited");
    assertEquals(range(18, 20), sync(18, 0, 10, 1, 0));
    assertEquals(List.of(), sync(21, 0, 10, 1, 0));
  }

  @Test
  void nonMembersCannotSyncAGroupAndUnknownPersonChannelsSyncEmpty() {
    Http.Res r = http.post("/channel/messagesync", new JsonObject().put("login_uid", "u").put("channel_id", "none")
        .put("channel_type", 2).put("limit", 10));
    assertEquals(400, r.status());
    assertTrue(r.json().getString("msg").contains("not a member"), r.toString());
    Http.Res outsider = http.post("/channel/messagesync", new JsonObject().put("login_uid", "stranger")
        .put("channel_id", "h").put("channel_type", 2).put("limit", 10));
    assertEquals(400, outsider.status());
    JsonObject p = http.post("/channel/messagesync", new JsonObject().put("login_uid", "u").put("channel_id", "nobody")
        .put("channel_type", 1).put("limit", 10)).json();
    assertEquals(0, p.getJsonArray("messages").size());
    assertEquals(0, p.getInteger("more"));
    assertEquals(0L, http.get("/channel/max_message_seq?channel_id=none&channel_type=2").json().getLong("message_seq"));
  }

  @Test
  void messagesLookupBySeqIdAndClientMsgNo() {
    JsonObject one = http.post("/message", new JsonObject().put("channel_id", "h").put("channel_type", 2)
        .put("client_msg_no", "m3")).json();
    long id3 = one.getLong("message_id");
    JsonObject r = http.post("/messages", new JsonObject().put("login_uid", "u").put("channel_id", "h")
        .put("channel_type", 2).put("message_seqs", new JsonArray().add(1).add(2).add(999))
        .put("message_ids", new JsonArray().add(id3)).put("client_msg_nos", new JsonArray().add("m4"))).json();
    List<Long> seqs = new ArrayList<>();
    r.getJsonArray("messages").forEach(m -> seqs.add(((JsonObject) m).getLong("message_seq")));
    assertEquals(List.of(1L, 2L, 3L, 4L), seqs);
  }

  @Test
  void sendbatchSendsOnePersonMessageToEachSubscriber() {
    JsonObject r = http.post("/message/sendbatch", new JsonObject().put("from_uid", "boss")
        .put("subscribers", new JsonArray().add("e1").add("e2")).put("payload", "aGk=")).json();
    assertEquals(0, r.getJsonArray("fail_uids").size());
    for (String e : List.of("e1", "e2")) {
      JsonArray ms = http.post("/channel/messagesync", new JsonObject().put("login_uid", e).put("channel_id", "boss")
          .put("channel_type", 1).put("limit", 10)).json().getJsonArray("messages");
      assertEquals(1, ms.size());
      assertEquals("aGk=", ms.getJsonObject(0).getString("payload"));
      assertEquals("boss", ms.getJsonObject(0).getString("from_uid"));
    }
  }

  @Test
  void tokenIsStored() {
    assertEquals(200, http.post("/user/token", new JsonObject().put("uid", "t1").put("token", "secret")
        .put("device_flag", 1).put("device_level", 1)).json().getInteger("status"));
  }

  @Test
  void healthReadinessAndRoute() {
    assertEquals("ok", http.get("/health").json().getString("status"));
    assertEquals("ok", http.get("/healthz").json().getString("status"));
    assertEquals(true, http.get("/readyz").json().getBoolean("ready"));
    JsonObject route = http.get("/route").json();
    assertTrue(route.getString("tcp_addr").startsWith("127.0.0.1:"), route.encode());
    assertTrue(route.getString("ws_addr").startsWith("ws://127.0.0.1:"), route.encode());
    JsonArray batch = http.raw("/route/batch", "[\"a\",\"b\"]").array();
    assertEquals(1, batch.size());
    assertEquals(List.of("a", "b"), batch.getJsonObject(0).getJsonArray("uids").getList());
  }
}
