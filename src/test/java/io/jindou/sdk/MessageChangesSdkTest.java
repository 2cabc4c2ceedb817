package io.jindou.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.support.Http;
import io.jindou.support.SdkClient;
import io.jindou.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Message changes as the official npm SDK ({@code wukongimjssdk@1.0.4}) sees them: an online device gets each
 * change through the SDK's CMD listener (content type 99, {@code cmd} "messageExtraChanged"); a device that was
 * offline during a recall finds the command in {@code /message/sync} after it reconnects and brings the message up
 * to date with {@code /message/extra/sync}. A sender learns of reads of its receipt-flagged messages live, in
 * notices ({@code cmd} "messageReceiptChanged") coalesced to at most one per channel per second.
 */
class MessageChangesSdkTest {
  static TestNode node;
  static Http http;

  @BeforeAll
  static void start() throws Exception {
    SdkClient.installOnce();
    node = new TestNode();
    http = node.http;
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }

  static SdkClient login(String uid) {
    node.token(uid, "tok-" + uid, 0);
    SdkClient c = SdkClient.connect(node.wsPort, uid, "tok-" + uid);
    c.awaitStatus("Connected");
    return c;
  }

  static JsonObject awaitCmd(SdkClient c, String action) {
    return c.awaitEvent("cmd " + action, e -> "cmd_message".equals(e.getString("event"))
        && e.getJsonObject("payload") != null && e.getJsonObject("payload").getJsonObject("param") != null
        && action.equals(e.getJsonObject("payload").getJsonObject("param").getString("action")),
        SdkClient.DEFAULT_TIMEOUT);
  }

  @Test
  void aRecallWhileAMemberIsOfflineShowsAfterItReconnects() {
    http.post("/channel", new JsonObject().put("channel_id", "sdk-lc").put("channel_type", 2)
        .put("subscribers", new JsonArray().add("lc-a").add("lc-b")));
    long seq;
    String id;
    try (SdkClient a = login("lc-a")) {
      try (SdkClient b = login("lc-b")) {
        Http.Res sent = http.post("/message/send", new JsonObject().put("from_uid", "lc-a").put("channel_id", "sdk-lc")
            .put("channel_type", 2).put("payload", Base64.getEncoder().encodeToString(
                "{\"type\":1,\"content\":\"oops\"}".getBytes(StandardCharsets.UTF_8))));
        seq = sent.json().getLong("message_seq");
        id = sent.json().getString("message_idstr");
        b.awaitMessage(m -> "oops".equals(m.getString("text")));
        Http.Res react = http.post("/message/reaction", new JsonObject().put("from_uid", "lc-b")
            .put("channel_id", "sdk-lc").put("channel_type", 2).put("message_seq", seq).put("emoji", "😮"));
        assertEquals(200, react.status(), react.toString());
        for (SdkClient c : new SdkClient[] {a, b}) {
          JsonObject cmd = awaitCmd(c, "reaction_add");
          assertEquals("messageExtraChanged", cmd.getJsonObject("payload").getString("cmd"));
          assertEquals(99, cmd.getInteger("contentType"));
        }
      } // b goes offline
      Http.Res revoke = http.post("/message/revoke", new JsonObject().put("from_uid", "lc-a")
          .put("channel_id", "sdk-lc").put("channel_type", 2).put("message_id", id));
      assertEquals(200, revoke.status(), revoke.toString());
      JsonObject live = awaitCmd(a, "revoke");
      JsonObject param = live.getJsonObject("payload").getJsonObject("param");
      assertEquals("sdk-lc", param.getString("channel_id"));
      assertEquals(id, param.getString("message_idstr"));
      assertEquals(revoke.json().getLong("extra_version"), param.getLong("extra_version"));
    }
    try (SdkClient b = login("lc-b")) {
      JsonArray pending = http.post("/message/sync", new JsonObject().put("uid", "lc-b").put("limit", 50)).array();
      JsonObject notice = null;
      for (Object o : pending) {
        JsonObject m = (JsonObject) o;
        JsonObject p = new JsonObject(new String(Base64.getDecoder().decode(m.getString("payload")),
            StandardCharsets.UTF_8));
        if ("revoke".equals(p.getJsonObject("param").getString("action"))) {
          notice = p;
        }
      }
      assertTrue(notice != null, "the recall's command waits for the offline device: " + pending.encode());
      JsonObject changes = http.post("/message/extra/sync", new JsonObject().put("login_uid", "lc-b")
          .put("channel_id", "sdk-lc").put("channel_type", 2).put("extra_version", 0)).json();
      JsonObject m = changes.getJsonArray("messages").getJsonObject(0);
      assertEquals(seq, m.getLong("message_seq"));
      assertEquals(1, m.getInteger("revoke"));
      assertEquals("", m.getString("payload"));
      assertEquals(notice.getJsonObject("param").getLong("extra_version"), changes.getLong("extra_version"));
    }
  }

  @Test
  void anEditConvergesOnEveryDevice() {
    http.post("/channel", new JsonObject().put("channel_id", "sdk-ed").put("channel_type", 2)
        .put("subscribers", new JsonArray().add("ed-a").add("ed-b").add("ed-c")));
    try (SdkClient a = login("ed-a"); SdkClient b = login("ed-b"); SdkClient c = login("ed-c")) {
      JsonObject ack = a.sendAndAwaitAck("sdk-ed", 2, "draft");
      long seq = ack.getLong("messageSeq");
      Http.Res edit = http.post("/message/edit", new JsonObject().put("from_uid", "ed-a").put("channel_id", "sdk-ed")
          .put("channel_type", 2).put("message_seq", seq).put("payload", Base64.getEncoder().encodeToString(
              "{\"type\":1,\"content\":\"final\"}".getBytes(StandardCharsets.UTF_8))));
      assertEquals(200, edit.status(), edit.toString());
      for (SdkClient d : new SdkClient[] {a, b, c}) {
        JsonObject param = awaitCmd(d, "edit").getJsonObject("payload").getJsonObject("param");
        JsonObject changes = http.post("/message/extra/sync", new JsonObject().put("login_uid", d.uid())
            .put("channel_id", "sdk-ed").put("channel_type", 2).put("extra_version",
                param.getLong("extra_version") - 1)).json();
        JsonObject m = changes.getJsonArray("messages").getJsonObject(0);
        assertEquals(seq, m.getLong("message_seq"));
        assertEquals("{\"type\":1,\"content\":\"final\"}", new String(Base64.getDecoder().decode(
            m.getString("payload")), StandardCharsets.UTF_8));
        assertEquals(1, m.getInteger("edit_count"));
      }
    }
  }

  static boolean receiptNotice(JsonObject e) {
    return "cmd_message".equals(e.getString("event")) && e.getJsonObject("payload") != null
        && "messageReceiptChanged".equals(e.getJsonObject("payload").getString("cmd"));
  }

  @Test
  void aSenderLearnsOfReadsLiveInCoalescedNotices() throws Exception {
    JsonArray members = new JsonArray().add("rc-s");
    for (int i = 1; i <= 6; i++) {
      members.add("rc-r" + i);
    }
    assertEquals(200, http.post("/channel", new JsonObject().put("channel_id", "sdk-rc").put("channel_type", 2)
        .put("subscribers", members)).status());
    try (SdkClient sender = login("rc-s")) {
      java.util.Set<String> ids = new java.util.HashSet<>();
      long last = 0;
      for (int i = 0; i < 2; i++) {
        Http.Res sent = http.post("/message/send", new JsonObject().put("from_uid", "rc-s").put("channel_id", "sdk-rc")
            .put("channel_type", 2).put("setting", 0x80).put("payload", Base64.getEncoder().encodeToString(
                "{\"type\":1,\"content\":\"read me\"}".getBytes(StandardCharsets.UTF_8))));
        ids.add(sent.json().getString("message_idstr"));
        last = sent.json().getLong("message_seq");
      }
      long t0 = System.currentTimeMillis();
      for (int i = 1; i <= 6; i++) {
        assertEquals(200, http.post("/message/readed", new JsonObject().put("uid", "rc-r" + i)
            .put("channel_id", "sdk-rc").put("channel_type", 2).put("message_seq", last)).status());
      }
      long t1 = System.currentTimeMillis();
      java.util.Set<String> told = new java.util.HashSet<>();
      while (!told.containsAll(ids)) {
        JsonObject cmd = sender.awaitEvent("a receipt notice", MessageChangesSdkTest::receiptNotice,
            SdkClient.DEFAULT_TIMEOUT);
        JsonObject param = cmd.getJsonObject("payload").getJsonObject("param");
        assertEquals("sdk-rc", param.getString("channel_id"));
        assertEquals(99, cmd.getInteger("contentType"));
        param.getJsonArray("message_idstrs").forEach(o -> told.add((String) o));
      }
      // a notice goes at most once a second per channel: the reads' window plus the last flush bound the count
      long settle = t1 + 2_500 - System.currentTimeMillis();
      if (settle > 0) {
        Thread.sleep(settle); // the last flush is due one window (1 s) after the last read: let it arrive
      }
      long notices = sender.events().stream().filter(MessageChangesSdkTest::receiptNotice).count();
      assertTrue(notices <= (t1 - t0) / 1000 + 2, notices + " notices for 6 reads in " + (t1 - t0) + " ms");
      JsonArray changed = http.post("/message/extra/sync", new JsonObject().put("login_uid", "rc-s")
          .put("channel_id", "sdk-rc").put("channel_type", 2).put("extra_version", 0).put("limit", 10)).json()
          .getJsonArray("messages");
      assertEquals(2, changed.size(), changed.encode());
      for (Object o : changed) {
        assertEquals(6, ((JsonObject) o).getInteger("readed_count"), changed.encode());
      }
    }
  }
}
