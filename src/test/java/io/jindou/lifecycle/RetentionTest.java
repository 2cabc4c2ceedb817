package io.jindou.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jindou.support.Http;
import io.jindou.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Retention on a real node ({@code retention_max_messages} 5, applied every second): a channel's older messages
 * disappear from sync and from the store, for everyone, while sends go on with their sequences.
 */
class RetentionTest {
  static TestNode node;
  static Http http;

  @BeforeAll
  static void start() throws Exception {
    node = new TestNode(Map.of("retention_max_messages", 5, "retention_interval_seconds", 1));
    http = node.http;
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }

  static long send(String text) {
    Http.Res r = http.post("/message/send", new JsonObject().put("from_uid", "a").put("channel_id", "rt1")
        .put("channel_type", 2).put("payload", Base64.getEncoder().encodeToString(
            ("{\"type\":1,\"content\":\"" + text + "\"}").getBytes(StandardCharsets.UTF_8))));
    assertEquals(200, r.status(), r.toString());
    return r.json().getLong("message_seq");
  }

  static List<Long> seqs(String login) {
    JsonArray ms = http.post("/channel/messagesync", new JsonObject().put("login_uid", login).put("channel_id", "rt1")
        .put("channel_type", 2).put("pull_mode", 1).put("limit", 100)).json().getJsonArray("messages");
    return ms.stream().map(o -> ((JsonObject) o).getLong("message_seq")).toList();
  }

  @Test
  void olderMessagesDisappearAndSendsGoOn() throws Exception {
    assertEquals(200, http.post("/channel", new JsonObject().put("channel_id", "rt1").put("channel_type", 2)
        .put("subscribers", new JsonArray().add("a").add("b"))).status());
    for (int i = 1; i <= 12; i++) {
      assertEquals(i, send("m" + i));
    }
    long deadline = System.currentTimeMillis() + 20_000;
    while (seqs("b").size() > 5 && System.currentTimeMillis() < deadline) {
      Thread.sleep(200); // the task runs every second
    }
    assertEquals(List.of(8L, 9L, 10L, 11L, 12L), seqs("b"));
    JsonArray gone = http.post("/messages", new JsonObject().put("channel_id", "rt1").put("channel_type", 2)
        .put("message_seqs", new JsonArray().add(1).add(7))).json().getJsonArray("messages");
    assertEquals(0, gone.size(), "deleted from the store, not only hidden");
    assertEquals(13, send("m13"));
  }

  @Test
  void anExpiredMessageLosesItsContentInTheStore() throws Exception {
    assertEquals(200, http.post("/channel", new JsonObject().put("channel_id", "rt2").put("channel_type", 2)
        .put("subscribers", new JsonArray().add("a").add("b"))).status());
    Http.Res r = http.post("/message/send", new JsonObject().put("from_uid", "a").put("channel_id", "rt2")
        .put("channel_type", 2).put("expire", 1).put("payload", Base64.getEncoder().encodeToString(
            "{\"type\":1,\"content\":\"ephemeral\"}".getBytes(StandardCharsets.UTF_8))));
    assertEquals(200, r.status(), r.toString());
    long seq = r.json().getLong("message_seq");
    JsonObject stored = null;
    long deadline = System.currentTimeMillis() + 20_000;
    while (System.currentTimeMillis() < deadline) {
      stored = http.post("/messages", new JsonObject().put("channel_id", "rt2").put("channel_type", 2)
          .put("message_seqs", new JsonArray().add(seq))).json().getJsonArray("messages").getJsonObject(0);
      if ("".equals(stored.getString("payload"))) {
        break;
      }
      Thread.sleep(200); // expire is 1 s, the task runs every second
    }
    assertEquals("", stored.getString("payload"), "the content is gone from the store: " + stored);
    assertEquals(1, stored.getInteger("is_deleted"));
  }

  @Test
  void aChannelsOwnSettingsWinOverTheDefault() throws Exception {
    for (String ch : new String[] {"rt3", "rt4"}) {
      assertEquals(200, http.post("/channel", new JsonObject().put("channel_id", ch).put("channel_type", 2)
          .put("subscribers", new JsonArray().add("a"))).status());
    }
    assertEquals(200, http.post("/channel/retention", new JsonObject().put("channel_id", "rt3").put("channel_type", 2)
        .put("retention_max_messages", 2)).status());
    assertEquals(200, http.post("/channel/retention", new JsonObject().put("channel_id", "rt4").put("channel_type", 2)
        .put("retention_max_messages", 0)).status(), "0: no limit for this channel");
    Http.Res bad = http.post("/channel/retention", new JsonObject().put("channel_id", "rt4").put("channel_type", 2)
        .put("retention_days", -5));
    assertEquals(400, bad.status(), bad.toString());
    for (int i = 1; i <= 8; i++) {
      for (String ch : new String[] {"rt3", "rt4"}) {
        assertEquals(200, http.post("/message/send", new JsonObject().put("from_uid", "a").put("channel_id", ch)
            .put("channel_type", 2).put("payload", "eA==")).status());
      }
    }
    long deadline = System.currentTimeMillis() + 20_000;
    while (count("rt3") > 2 && System.currentTimeMillis() < deadline) {
      Thread.sleep(200);
    }
    assertEquals(2, count("rt3"));
    Thread.sleep(2_500); // two more ticks: rt4 (no limit) must still hold everything
    assertEquals(8, count("rt4"));
  }

  @Test
  void aChannelNoOwnerHoldsIsTrimmedFromDiskToo() throws Exception {
    try (TestNode cold = new TestNode(Map.of("retention_interval_seconds", 1))) {
      Http h = cold.http;
      assertEquals(200, h.post("/channel", new JsonObject().put("channel_id", "rt9").put("channel_type", 2)
          .put("subscribers", new JsonArray().add("a"))).status());
      for (int i = 1; i <= 8; i++) {
        assertEquals(200, h.post("/message/send", new JsonObject().put("from_uid", "a").put("channel_id", "rt9")
            .put("channel_type", 2).put("payload", "eA==")).status());
      }
      cold.restart(); // no owner holds rt9 now, and nothing below sends to it
      assertEquals(200, h.post("/channel/retention", new JsonObject().put("channel_id", "rt9").put("channel_type", 2)
          .put("retention_max_messages", 2)).status());
      JsonArray all = new JsonArray();
      for (int i = 1; i <= 8; i++) {
        all.add(i);
      }
      long deadline = System.currentTimeMillis() + 20_000;
      int left = 8;
      while (left > 2 && System.currentTimeMillis() < deadline) {
        Thread.sleep(200); // the sweep runs every second
        left = h.post("/messages", new JsonObject().put("channel_id", "rt9").put("channel_type", 2)
            .put("message_seqs", all)).json().getJsonArray("messages").size();
      }
      assertEquals(2, left, "the two newest stay, the rest is deleted from the store");
    }
  }

  static int count(String ch) {
    return http.post("/channel/messagesync", new JsonObject().put("login_uid", "a").put("channel_id", ch)
        .put("channel_type", 2).put("limit", 100)).json().getJsonArray("messages").size();
  }
}
