package io.jindou.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.support.Http;
import io.jindou.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** POST /message/send end to end over real HTTP: the seed example, ordering under concurrency, idempotency. */
class MessageSendTest {
  static TestNode node;
  static Http http;

  @BeforeAll
  static void start() throws Exception {
    node = new TestNode();
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
    assertEquals(200, r.json().getInteger("status"));
  }

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void seedRequestExampleByteForByte() {
    group("group123", "user123");
    String seed = """
        {
              "header": {
                "no_persist": 0,
                "red_dot": 1,
                "sync_once": 0
              },
              "client_msg_no": "client_msg_123",
              "from_uid": "user123",
              "channel_id": "group123",
              "channel_type": 2,
              "expire": 0,
              "payload": "SGVsbG8gV29ybGQ=",
              "tag_key": "important"
            }""";
    Http.Res r = http.raw("/message/send", seed);
    assertEquals(200, r.status(), r.toString());
    JsonObject j = r.json();
    assertTrue(j.getLong("message_id") > 0);
    assertEquals(Long.toString(j.getLong("message_id")), j.getString("message_idstr"));
    assertEquals(1L, j.getLong("message_seq"));
    assertEquals("client_msg_123", j.getString("client_msg_no"));

    JsonObject sync = http.post("/channel/messagesync", new JsonObject().put("login_uid", "user123")
        .put("channel_id", "group123").put("channel_type", 2).put("limit", 10)).json();
    JsonObject m = sync.getJsonArray("messages").getJsonObject(0);
    assertEquals("SGVsbG8gV29ybGQ=", m.getString("payload"));
    assertEquals(1, m.getJsonObject("header").getInteger("red_dot"));
    assertEquals(j.getLong("message_id"), m.getLong("message_id"));
    assertEquals("user123", m.getString("from_uid"));
  }

  @Test
  void fiveHundredConcurrentSendsGetContiguousSequencesInOrder() {
    group("busy", "u1");
    int n = 500;
    List<CompletableFuture<Http.Res>> calls = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String body = new JsonObject().put("from_uid", "u1").put("channel_id", "busy").put("channel_type", 2)
          .put("client_msg_no", "c" + i).put("payload", b64("message " + i)).encode();
      calls.add(http.postAsync("/message/send", body.getBytes(StandardCharsets.UTF_8)));
    }
    String[] payloadBySeq = new String[n + 1];
    Set<Long> ids = new HashSet<>();
    for (int i = 0; i < n; i++) {
      Http.Res r = calls.get(i).join();
      assertEquals(200, r.status(), r.toString());
      long seq = r.json().getLong("message_seq");
      assertTrue(seq >= 1 && seq <= n, "seq " + seq);
      assertTrue(payloadBySeq[(int) seq] == null, "duplicate seq " + seq);
      payloadBySeq[(int) seq] = b64("message " + i);
      assertTrue(ids.add(r.json().getLong("message_id")));
    }
    JsonObject page = http.post("/channel/messagesync", new JsonObject().put("login_uid", "u1")
        .put("channel_id", "busy").put("channel_type", 2).put("start_message_seq", 1).put("limit", 1000)
        .put("pull_mode", 1)).json();
    JsonArray ms = page.getJsonArray("messages");
    assertEquals(n, ms.size());
    assertEquals(0, page.getInteger("more"));
    for (int i = 0; i < n; i++) {
      JsonObject m = ms.getJsonObject(i);
      assertEquals(i + 1L, m.getLong("message_seq"));
      assertEquals(payloadBySeq[i + 1], m.getString("payload"));
    }
    assertEquals(n, http.get("/channel/max_message_seq?channel_id=busy&channel_type=2").json().getLong("message_seq"));
  }

  @Test
  void concurrentRetriesOfOneClientMsgNoStoreExactlyOneMessage() {
    group("retry", "u1");
    String body = new JsonObject().put("from_uid", "u1").put("channel_id", "retry").put("channel_type", 2)
        .put("client_msg_no", "same-key").put("payload", b64("once")).encode();
    List<CompletableFuture<Http.Res>> calls = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      calls.add(http.postAsync("/message/send", body.getBytes(StandardCharsets.UTF_8)));
    }
    Set<Long> seqs = new HashSet<>();
    Set<Long> ids = new HashSet<>();
    for (CompletableFuture<Http.Res> c : calls) {
      Http.Res r = c.join();
      assertEquals(200, r.status(), r.toString());
      seqs.add(r.json().getLong("message_seq"));
      ids.add(r.json().getLong("message_id"));
    }
    assertEquals(Set.of(1L), seqs);
    assertEquals(1, ids.size());
    assertEquals(1L, http.get("/channel/max_message_seq?channel_id=retry&channel_type=2").json().getLong("message_seq"));
  }

  @Test
  void sameClientMsgNoWithOtherPayloadIsRefusedWith409() {
    group("conflict", "u1");
    JsonObject body = new JsonObject().put("from_uid", "u1").put("channel_id", "conflict").put("channel_type", 2)
        .put("client_msg_no", "k1").put("payload", b64("first"));
    assertEquals(200, http.post("/message/send", body).status());
    Http.Res r = http.post("/message/send", body.copy().put("payload", b64("second")));
    assertEquals(409, r.status(), r.toString());
    assertEquals(28, r.json().getInteger("reason"));
    assertTrue(r.json().getString("msg").contains("k1"));
    // another sender may use the same client_msg_no: the key is (from_uid, client_msg_no)
    group("conflict", "u1", "u2");
    Http.Res other = http.post("/message/send", body.copy().put("from_uid", "u2").put("payload", b64("second")));
    assertEquals(200, other.status(), other.toString());
    assertEquals(2L, other.json().getLong("message_seq"));
  }

  @Test
  void emptyClientMsgNoIsGeneratedAndNeverDeduplicated() {
    group("gen", "u1");
    JsonObject body = new JsonObject().put("from_uid", "u1").put("channel_id", "gen").put("channel_type", 2)
        .put("payload", b64("x"));
    JsonObject a = http.post("/message/send", body).json();
    JsonObject b = http.post("/message/send", body.copy().put("client_msg_no", "")).json();
    assertFalse(a.getString("client_msg_no").isEmpty());
    assertFalse(a.getString("client_msg_no").equals(b.getString("client_msg_no")));
    assertEquals(2L, b.getLong("message_seq"));
  }

  @Test
  void personChannelIsStoredCanonicallyAndShownAsThePeer() {
    JsonObject body = new JsonObject().put("from_uid", "alice").put("channel_id", "bob").put("channel_type", 1)
        .put("payload", b64("hi bob"));
    Http.Res r = http.post("/message/send", body);
    assertEquals(200, r.status(), r.toString());
    Http.Res back = http.post("/message/send", body.copy().put("from_uid", "bob").put("channel_id", "alice")
        .put("payload", b64("hi alice")));
    assertEquals(2L, back.json().getLong("message_seq"), "both directions share one channel log");
    JsonArray forBob = http.post("/channel/messagesync", new JsonObject().put("login_uid", "bob")
        .put("channel_id", "alice").put("channel_type", 1).put("limit", 10)).json().getJsonArray("messages");
    assertEquals(2, forBob.size());
    assertEquals("alice", forBob.getJsonObject(0).getString("channel_id"));
    assertEquals("alice", forBob.getJsonObject(1).getString("channel_id"));
    JsonArray forAlice = http.post("/channel/messagesync", new JsonObject().put("login_uid", "alice")
        .put("channel_id", "bob").put("channel_type", 1).put("limit", 10)).json().getJsonArray("messages");
    assertEquals("bob", forAlice.getJsonObject(0).getString("channel_id"));
  }

  @Test
  void noPersistIsNotStoredAndConsumesNoSequence() {
    group("np", "u1");
    JsonObject body = new JsonObject().put("from_uid", "u1").put("channel_id", "np").put("channel_type", 2)
        .put("payload", b64("ephemeral")).put("header", new JsonObject().put("no_persist", 1));
    JsonObject r = http.post("/message/send", body).json();
    assertEquals(0L, r.getLong("message_seq"));
    assertTrue(r.getLong("message_id") > 0);
    assertEquals(0L, http.get("/channel/max_message_seq?channel_id=np&channel_type=2").json().getLong("message_seq"));
    JsonObject stored = http.post("/message/send", body.copy().put("header", new JsonObject())).json();
    assertEquals(1L, stored.getLong("message_seq"));
  }

  @Test
  void syncOnceGoesToTheSeparateCommandLog() {
    group("cmdg", "u1");
    JsonObject body = new JsonObject().put("from_uid", "u1").put("channel_id", "cmdg").put("channel_type", 2)
        .put("payload", b64("{\"type\":99}")).put("header", new JsonObject().put("sync_once", 1));
    assertEquals(1L, http.post("/message/send", body).json().getLong("message_seq"));
    assertEquals(2L, http.post("/message/send", body).json().getLong("message_seq"));
    JsonObject plain = http.post("/message/send", body.copy().put("header", new JsonObject())).json();
    assertEquals(1L, plain.getLong("message_seq"), "the ordinary log has its own sequence");
    assertEquals(2L, http.get("/channel/max_message_seq?channel_id=cmdg____cmd&channel_type=2").json()
        .getLong("message_seq"));
  }

  @Test
  void headerFlagsAndOptionalFieldsAreStoredWithTheMessage() {
    group("flags", "u1");
    JsonObject body = new JsonObject().put("from_uid", "u1").put("channel_id", "flags").put("channel_type", 2)
        .put("payload", b64("p")).put("expire", 3600).put("stream_no", "s-1").put("tag_key", "t")
        .put("client_msg_no", "f1").put("header", new JsonObject().put("red_dot", 1));
    JsonObject r = http.post("/message/send", body).json();
    JsonObject m = http.post("/message", new JsonObject().put("login_uid", "u1").put("channel_id", "flags")
        .put("channel_type", 2).put("message_id", r.getLong("message_id"))).json();
    assertEquals(3600L, m.getLong("expire"));
    assertEquals("s-1", m.getString("stream_no"));
    assertEquals(1, m.getJsonObject("header").getInteger("red_dot"));
    assertEquals(0, m.getJsonObject("header").getInteger("no_persist"));
    JsonObject byCmn = http.post("/message", new JsonObject().put("channel_id", "flags").put("channel_type", 2)
        .put("client_msg_no", "f1")).json();
    assertEquals(r.getLong("message_id"), byCmn.getLong("message_id"));
    assertEquals(404, http.post("/message", new JsonObject().put("channel_id", "flags").put("channel_type", 2)
        .put("message_id", 42)).json().getInteger("status"));
  }
}
