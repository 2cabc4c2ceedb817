package io.jindou.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.support.Http;
import io.jindou.support.SdkClient;
import io.jindou.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real npm client {@code wukongimjssdk@1.0.4} (Node.js, WKProto v2 over WebSocket) against a real node:
 * the compatibility promise, checked with the bytes an actual app sends.
 */
class SdkInteropTest {
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

  @Test
  void twoUsersChatBothWays() {
    try (SdkClient a = login("sdk-a"); SdkClient b = login("sdk-b")) {
      JsonObject ack = a.sendAndAwaitAck("sdk-b", 1, "hello b");
      assertEquals(1, ack.getInteger("reasonCode"));
      assertEquals(1L, ack.getLong("messageSeq"));
      JsonObject got = b.awaitMessage(m -> "hello b".equals(m.getString("text")));
      assertEquals("sdk-a", got.getString("fromUID"));
      assertEquals("sdk-a", got.getString("channelID"));
      assertEquals(ack.getString("messageID"), got.getString("messageID"));

      assertEquals(1, b.sendAndAwaitAck("sdk-a", 1, "hello a").getInteger("reasonCode"));
      JsonObject back = a.awaitMessage(m -> "hello a".equals(m.getString("text")));
      assertEquals("sdk-b", back.getString("channelID"));
      assertEquals(2L, back.getLong("messageSeq"));
    }
  }

  @Test
  void httpSendReachesTheSdkAndDecryptsToTheSamePayload() {
    try (SdkClient c = login("sdk-http")) {
      String content = "{\"type\":1,\"content\":\"from the business server\"}";
      Http.Res r = http.post("/message/send", new JsonObject().put("from_uid", "shop").put("channel_id", "sdk-http")
          .put("channel_type", 1).put("payload", Base64.getEncoder().encodeToString(
              content.getBytes(StandardCharsets.UTF_8))));
      assertEquals(200, r.status(), r.toString());
      JsonObject m = c.awaitMessage(x -> "shop".equals(x.getString("fromUID")));
      assertEquals("from the business server", m.getString("text"));
      assertEquals(new JsonObject(content), m.getJsonObject("payload"));
      assertEquals(r.json().getString("message_idstr"), m.getString("messageID"));
    }
  }

  @Test
  void aGroupOfThreeAllReceiveOneMessage() {
    http.post("/channel", new JsonObject().put("channel_id", "sdk-group").put("channel_type", 2)
        .put("subscribers", new JsonArray().add("sg1").add("sg2").add("sg3")));
    try (SdkClient g1 = login("sg1"); SdkClient g2 = login("sg2"); SdkClient g3 = login("sg3")) {
      assertEquals(1, g1.sendAndAwaitAck("sdk-group", 2, "hi all").getInteger("reasonCode"));
      for (SdkClient c : new SdkClient[] {g2, g3}) {
        JsonObject m = c.awaitMessage(x -> "hi all".equals(x.getString("text")));
        assertEquals("sdk-group", m.getString("channelID"));
        assertEquals(2, m.getInteger("channelType"));
        assertEquals("sg1", m.getString("fromUID"));
      }
      JsonObject fromHttp = http.post("/message/send", new JsonObject().put("from_uid", "sg2")
          .put("channel_id", "sdk-group").put("channel_type", 2).put("payload", Base64.getEncoder()
              .encodeToString("{\"type\":1,\"content\":\"via api\"}".getBytes(StandardCharsets.UTF_8)))).json();
      for (SdkClient c : new SdkClient[] {g1, g2, g3}) {
        JsonObject m = c.awaitMessage(x -> "via api".equals(x.getString("text")));
        assertEquals(fromHttp.getString("message_idstr"), m.getString("messageID"));
      }
    }
  }

  @Test
  void aWrongTokenIsRefused() {
    node.token("sdk-guard", "right", 0);
    try (SdkClient c = SdkClient.connect(node.wsPort, "sdk-guard", "wrong")) {
      JsonObject status = c.awaitStatus("ConnectFail");
      assertEquals(2, status.getInteger("code"));
    }
  }

  @Test
  void aRefusedSendComesBackAsTheReasonCode() {
    http.post("/channel", new JsonObject().put("channel_id", "sdk-closed").put("channel_type", 2)
        .put("subscribers", new JsonArray().add("insider")));
    try (SdkClient c = login("sdk-outsider")) {
      assertEquals(3, c.sendAndAwaitAck("sdk-closed", 2, "let me in").getInteger("reasonCode"));
    }
  }

  @Test
  void offlineUserCatchesUpWithConversationSyncThenReceivesLive() {
    for (int i = 1; i <= 3; i++) {
      http.post("/message/send", new JsonObject().put("from_uid", "pen-pal").put("channel_id", "sdk-late")
          .put("channel_type", 1).put("payload", Base64.getEncoder().encodeToString(
              ("{\"type\":1,\"content\":\"while away " + i + "\"}").getBytes(StandardCharsets.UTF_8))));
    }
    try (SdkClient c = login("sdk-late")) {
      JsonArray convs = http.post("/conversation/sync", new JsonObject().put("uid", "sdk-late").put("msg_count", 10))
          .array();
      assertEquals(1, convs.size());
      JsonObject conv = convs.getJsonObject(0);
      assertEquals("pen-pal", conv.getString("channel_id"));
      assertEquals(3, conv.getLong("unread"));
      assertEquals(3, conv.getJsonArray("recents").size());
      JsonArray history = http.post("/channel/messagesync", new JsonObject().put("login_uid", "sdk-late")
          .put("channel_id", "pen-pal").put("channel_type", 1).put("limit", 50)).json().getJsonArray("messages");
      assertEquals(3, history.size());
      http.post("/conversations/clearUnread", new JsonObject().put("uid", "sdk-late").put("channel_id", "pen-pal")
          .put("channel_type", 1));
      assertEquals(0, http.post("/conversation/sync", new JsonObject().put("uid", "sdk-late")).array().getJsonObject(0)
          .getLong("unread"));
      assertEquals(1, c.sendAndAwaitAck("pen-pal", 1, "back now").getInteger("reasonCode"));
      assertEquals(0, http.post("/conversation/sync", new JsonObject().put("uid", "sdk-late")).array().getJsonObject(0)
          .getLong("unread"), "my own reply never counts as unread");
    }
  }

  @Test
  void aSecondMasterLoginKicksTheFirst() {
    node.token("sdk-twice", "t", 1);
    try (SdkClient first = SdkClient.connect(node.wsPort, "sdk-twice", "t")) {
      first.awaitStatus("Connected");
      try (SdkClient second = SdkClient.connect(node.wsPort, "sdk-twice", "t")) {
        second.awaitStatus("Connected");
        assertEquals(12, first.awaitStatus("ConnectKick", Duration.ofSeconds(10)).getInteger("code"));
        assertTrue(second.isAlive());
      }
    }
  }
}
