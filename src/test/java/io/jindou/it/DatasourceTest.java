package io.jindou.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.proto.RecvPacket;
import io.jindou.proto.SendackPacket;
import io.jindou.support.DatasourceServer;
import io.jindou.support.Http;
import io.jindou.support.TestNode;
import io.jindou.support.WkClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A business server that already runs WuKongIM's datasource endpoint works unchanged (issue 21): a real HTTP
 * datasource started by the test names the members, lists and system uids Jindou does not hold; the channel's
 * owner adds them to its own, so a group nobody created in Jindou takes messages, its blacklist refuses, the
 * business server's system account sends anywhere, its members read the history. The answers are cached and asked
 * again after {@code datasource_cache_seconds} (or at once after {@code /tag/remove}); a datasource that does not
 * answer is a clear refusal within {@code datasource_timeout_ms}, never a hang, and never stops one-to-one chat.
 */
class DatasourceTest {
  static DatasourceServer ds;
  static TestNode node;
  static Http http;

  @BeforeAll
  static void start() throws Exception {
    ds = new DatasourceServer();
    ds.answer("getSubscribers", "ds-g", 2, "[\"ds-a\",\"ds-b\",\"ds-c\"]")
        .answer("getBlacklist", "ds-g", 2, "[\"ds-c\"]")
        .answer("getBlacklist", "ds-p", 1, "[\"ds-a\"]")
        .answer("getSystemUIDs", null, 0, "[\"ds-bot\"]")
        .delay("getSubscribers", "ds-slow", 2, 5_000)
        .delay("getBlacklist", "ds-slowperson", 1, 5_000);
    node = new TestNode(Map.of("datasource_url", ds.url(), "datasource_cache_seconds", 600,
        "datasource_timeout_ms", 1000));
    http = node.http;
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
    ds.close();
  }

  static Http.Res send(String from, String channel, int type, String text) {
    return http.post("/message/send", new JsonObject().put("from_uid", from).put("channel_id", channel)
        .put("channel_type", type).put("payload", Base64.getEncoder().encodeToString(
            text.getBytes(StandardCharsets.UTF_8))));
  }

  static WkClient online(String uid) throws Exception {
    node.token(uid, "t", 0);
    WkClient c = WkClient.connect(node.tcpPort, 5, uid, "t");
    assertEquals(1, c.connack.reasonCode(), uid);
    return c;
  }

  @Test
  void aGroupOnlyTheDatasourceKnowsTakesMessagesWithItsMembersListsAndSystemUids() throws Exception {
    try (WkClient b = online("ds-b")) {
      assertEquals(200, send("ds-a", "ds-g", 2, "hello from a").status());
      assertEquals("hello from a", WkClient.text(b.await(RecvPacket.class, Duration.ofSeconds(10))));
      Http.Res refused = send("ds-c", "ds-g", 2, "blacklisted");
      assertEquals(403, refused.status(), refused.toString());
      assertEquals(4, refused.json().getInteger("reason"));
      assertEquals(3, send("ds-outsider", "ds-g", 2, "not a member").json().getInteger("reason"));
      // the system uids are fetched at start (and again every cache period, sooner after a failure)
      long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      Http.Res bot;
      while ((bot = send("ds-bot", "ds-g", 2, "the business server's system account")).status() != 200
          && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      assertEquals(200, bot.status(), bot.toString());
      assertEquals("the business server's system account",
          WkClient.text(b.await(RecvPacket.class, Duration.ofSeconds(10))));

      Http.Res history = http.post("/channel/messagesync", new JsonObject().put("login_uid", "ds-b")
          .put("channel_id", "ds-g").put("channel_type", 2).put("limit", 10));
      assertEquals(200, history.status(), "a datasource member reads without a conversation row: " + history);
      assertEquals(2, history.json().getJsonArray("messages").size());
      assertEquals(400, http.post("/channel/messagesync", new JsonObject().put("login_uid", "ds-outsider")
          .put("channel_id", "ds-g").put("channel_type", 2)).status());
    }
    assertEquals(1, ds.asked("getSubscribers", "ds-g", 2), "asked once, then cached");
  }

  @Test
  void storedMembersAndTheDatasourcesAddUp() throws Exception {
    ds.answer("getSubscribers", "ds-mixed", 2, "[\"dm-a\",\"dm-b\"]");
    assertEquals(200, http.post("/channel/subscriber_add", new JsonObject().put("channel_id", "ds-mixed")
        .put("channel_type", 2).put("subscribers", new JsonArray().add("dm-stored"))).status());
    try (WkClient b = online("dm-b"); WkClient stored = online("dm-stored")) {
      assertEquals(200, send("dm-a", "ds-mixed", 2, "to both kinds").status());
      assertEquals("to both kinds", WkClient.text(b.await(RecvPacket.class, Duration.ofSeconds(10))));
      assertEquals("to both kinds", WkClient.text(stored.await(RecvPacket.class, Duration.ofSeconds(10))));
    }
    assertEquals(Set.of("dm-a", "dm-b", "dm-stored"), Set.copyOf(http.get("/tag?channel_id=ds-mixed&channel_type=2")
        .json().getJsonArray("uids").getList()));
  }

  @Test
  void aPersonsListsComeFromTheDatasourceToo() {
    Http.Res refused = send("ds-a", "ds-p", 1, "blocked by ds-p");
    assertEquals(403, refused.status(), refused.toString());
    assertEquals(4, refused.json().getInteger("reason"));
    assertEquals(200, send("ds-b", "ds-p", 1, "fine").status());
  }

  @Test
  void removingTheTagAsksTheDatasourceAgainAtOnce() throws Exception {
    ds.answer("getSubscribers", "ds-reload", 2, "[\"rl-a\"]");
    assertEquals(Set.of("rl-a"), Set.copyOf(http.get("/tag?channel_id=ds-reload&channel_type=2").json()
        .getJsonArray("uids").getList()));
    ds.answer("getSubscribers", "ds-reload", 2, "[\"rl-a\",\"rl-new\"]");
    assertEquals(Set.of("rl-a"), Set.copyOf(http.get("/tag?channel_id=ds-reload&channel_type=2").json()
        .getJsonArray("uids").getList()), "cached for datasource_cache_seconds");
    assertEquals(200, http.post("/tag/remove", new JsonObject().put("tag_key", "2:ds-reload")).status());
    assertEquals(Set.of("rl-a", "rl-new"), Set.copyOf(http.get("/tag?channel_id=ds-reload&channel_type=2").json()
        .getJsonArray("uids").getList()));
  }

  @Test
  void aDatasourceThatDoesNotAnswerIsAClearRefusalNotAHang() throws Exception {
    long t0 = System.nanoTime();
    Http.Res r = send("ds-a", "ds-slow", 2, "anyone?");
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertEquals(503, r.status(), r.toString());
    assertTrue(r.json().getString("msg").contains("getSubscribers") && r.json().getString("msg").contains("1000 ms"),
        r.toString());
    assertTrue(ms < 4_000, "answered in " + ms + " ms, bounded by datasource_timeout_ms");
    try (WkClient a = online("ds-a2")) {
      a.send(1, "ds-slow", 2, "over the gateway");
      assertEquals(15, a.await(SendackPacket.class, Duration.ofSeconds(10)).reasonCode(), "SENDACK system error");
    }
    // a person's lists that do not come: connect and chat one to one with what Jindou holds
    try (WkClient slow = online("ds-slowperson")) {
      assertEquals(200, send("ds-a", "ds-slowperson", 1, "still delivered").status());
      assertEquals("still delivered", WkClient.text(slow.await(RecvPacket.class, Duration.ofSeconds(10))));
    }
  }

  @Test
  void answersAreAskedAgainAfterTheCacheTime() throws Exception {
    try (DatasourceServer quick = new DatasourceServer();
        TestNode fresh = new TestNode(Map.of("datasource_url", quick.url(), "datasource_cache_seconds", 1))) {
      quick.answer("getSubscribers", "ds-live", 2, "[\"lv-a\"]");
      fresh.token("lv-late", "t", 0);
      assertEquals(200, fresh.http.post("/message/send", new JsonObject().put("from_uid", "lv-a")
          .put("channel_id", "ds-live").put("channel_type", 2).put("payload", "aGk=")).status());
      quick.answer("getSubscribers", "ds-live", 2, "[\"lv-a\",\"lv-late\"]");
      try (WkClient late = WkClient.connect(fresh.tcpPort, 5, "lv-late", "t")) {
        RecvPacket got = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        for (int i = 0; got == null && System.nanoTime() < deadline; i++) {
          // each send uses the channel, which asks again in the background once the answer is over 1 s old
          assertEquals(200, fresh.http.post("/message/send", new JsonObject().put("from_uid", "lv-a")
              .put("channel_id", "ds-live").put("channel_type", 2).put("payload", "aGk=")).status());
          got = late.poll(RecvPacket.class, Duration.ofMillis(300));
        }
        assertTrue(got != null, "the new member was never reached");
      }
      assertTrue(quick.asked("getSubscribers", "ds-live", 2) >= 2);
    }
  }
}
