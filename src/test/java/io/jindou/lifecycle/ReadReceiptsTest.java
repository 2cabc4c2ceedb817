package io.jindou.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.support.Http;
import io.jindou.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Read receipts over real HTTP: messages sent with the receipt bit ({@code setting} 0x80) count each member's
 * {@code /message/readed} once, however many readers race and however often they repeat; the sender sees
 * {@code readed_count}/{@code unread_count} in {@code messagesync} and {@code /message/extra/sync}, and
 * {@code /message/receipt/list} lists the readers up to its bound.
 */
class ReadReceiptsTest {
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

  static long send(String from, String group, String text, int setting) {
    Http.Res r = http.post("/message/send", new JsonObject().put("from_uid", from).put("channel_id", group)
        .put("channel_type", 2).put("setting", setting).put("payload", Base64.getEncoder().encodeToString(
            ("{\"type\":1,\"content\":\"" + text + "\"}").getBytes(StandardCharsets.UTF_8))));
    assertEquals(200, r.status(), r.toString());
    return r.json().getLong("message_seq");
  }

  static JsonObject readed(String uid, String group, long upTo) {
    Http.Res r = http.post("/message/readed", new JsonObject().put("uid", uid).put("channel_id", group)
        .put("channel_type", 2).put("message_seq", upTo));
    assertEquals(200, r.status(), r.toString());
    return r.json();
  }

  static JsonObject bySeq(String login, String group, long seq) {
    JsonArray ms = http.post("/channel/messagesync", new JsonObject().put("login_uid", login)
        .put("channel_id", group).put("channel_type", 2).put("limit", 100)).json().getJsonArray("messages");
    for (Object o : ms) {
      if (((JsonObject) o).getLong("message_seq") == seq) {
        return (JsonObject) o;
      }
    }
    return null;
  }

  /** The same on Redis: the reads a channel's owner plans together are applied as one after another there too. */
  @Test
  void concurrentReadersAreCountedOnceEachOnRedis() throws Exception {
    Http rocks = http;
    try (io.jindou.support.RedisServer redis = io.jindou.support.RedisServer.start();
        TestNode onRedis = new TestNode(java.util.Map.of("store", "redis", "redis_url", redis.url()))) {
      http = onRedis.http;
      concurrentReadersAreCountedOnceEach();
    } finally {
      http = rocks;
    }
  }

  @Test
  void concurrentReadersAreCountedOnceEach() throws Exception {
    int readers = 120;
    List<String> members = new ArrayList<>(List.of("sender"));
    for (int i = 0; i < readers; i++) {
      members.add("r" + i);
    }
    assertEquals(200, http.post("/channel", new JsonObject().put("channel_id", "rc1").put("channel_type", 2)
        .put("subscribers", new JsonArray(members))).status());
    long first = send("sender", "rc1", "please read", 0x80);
    long plain = send("sender", "rc1", "no receipt", 0);
    long third = send("sender", "rc1", "also read", 0x80);
    JsonObject before = bySeq("sender", "rc1", first);
    assertEquals(0, before.getLong("readed_count"));
    assertEquals(readers, before.getLong("unread_count"), "every member but the sender may read it");

    List<CompletableFuture<Http.Res>> calls = new ArrayList<>();
    for (int round = 0; round < 2; round++) { // every reader twice, all at once: the second changes nothing
      for (int i = 0; i < readers; i++) {
        calls.add(http.postAsync("/message/readed", new JsonObject().put("uid", "r" + i).put("channel_id", "rc1")
            .put("channel_type", 2).put("message_seq", third).encode().getBytes(StandardCharsets.UTF_8)));
      }
    }
    for (CompletableFuture<Http.Res> c : calls) {
      Http.Res r = c.get();
      assertEquals(200, r.status(), r.toString());
    }
    JsonObject seen = bySeq("sender", "rc1", first);
    assertEquals(readers, seen.getLong("readed_count"), seen.encode());
    assertEquals(0, seen.getLong("unread_count"));
    assertEquals(readers, bySeq("sender", "rc1", third).getLong("readed_count"));
    assertFalse(bySeq("sender", "rc1", plain).containsKey("readed_count"), "no receipt asked, none counted");
    assertNull(bySeq("r1", "rc1", first).getValue("readed_count"), "counts are the sender's to see");
    assertEquals(0, readed("r1", "rc1", third).getInteger("changed"), "already read");

    JsonObject list = http.post("/message/receipt/list", new JsonObject().put("login_uid", "sender")
        .put("channel_id", "rc1").put("channel_type", 2).put("message_seq", first)).json();
    assertEquals(readers, list.getLong("readed_count"));
    assertEquals(100, list.getJsonArray("readers").size(), "the reader list is bounded");
    assertEquals(0, list.getInteger("readers_complete"));

    JsonObject changes = http.post("/message/extra/sync", new JsonObject().put("login_uid", "sender")
        .put("channel_id", "rc1").put("channel_type", 2).put("extra_version", 0).put("limit", 10)).json();
    assertEquals(2, changes.getJsonArray("messages").size(), "only the receipt messages changed: " + changes);
    assertEquals(readers, changes.getJsonArray("messages").getJsonObject(0).getLong("readed_count"));
  }

  @Test
  void aReadCountsOnlyWhatLiesBetweenTheCursorAndTheNewSeq() {
    assertEquals(200, http.post("/channel", new JsonObject().put("channel_id", "rc2").put("channel_type", 2)
        .put("subscribers", new JsonArray().add("s").add("a").add("b"))).status());
    long one = send("s", "rc2", "1", 0x80);
    long two = send("s", "rc2", "2", 0x80);
    assertEquals(1, readed("a", "rc2", one).getInteger("changed"));
    assertEquals(1, readed("a", "rc2", two + 50).getInteger("changed"), "a seq past the end reads to the end");
    assertEquals(1, bySeq("s", "rc2", one).getLong("readed_count"));
    assertEquals(1, bySeq("s", "rc2", two).getLong("readed_count"));
    assertEquals(1, bySeq("s", "rc2", two).getLong("unread_count"), "b has not read it");
    readed("s", "rc2", two);
    assertEquals(1, bySeq("s", "rc2", two).getLong("readed_count"), "the sender's own read counts nothing");
    Http.Res stranger = http.post("/message/readed", new JsonObject().put("uid", "zz").put("channel_id", "rc2")
        .put("channel_type", 2).put("message_seq", two));
    assertEquals(403, stranger.status(), stranger.toString());
    Http.Res noSeq = http.post("/message/readed", new JsonObject().put("uid", "a").put("channel_id", "rc2")
        .put("channel_type", 2));
    assertEquals(400, noSeq.status(), noSeq.toString());
    assertTrue(http.post("/message/receipt/list", new JsonObject().put("login_uid", "a").put("channel_id", "rc2")
        .put("channel_type", 2).put("message_seq", 99)).json().getInteger("status") == 404);
  }
}
