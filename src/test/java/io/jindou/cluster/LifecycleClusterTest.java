package io.jindou.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.support.Http;
import io.jindou.support.RedisCluster;
import io.jindou.support.ThreeNodes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Message lifecycle in a three-node cluster (real JVM processes) on a real three-master Redis Cluster, where the
 * pass over the stored channels must visit every master: {@code /user/erase} on one node erases the user's
 * payloads in channels owned by the others, a group it left (no conversation row) included; and after a restart
 * of every node (so no owner holds any channel in memory) the default retention trims channels spread over every
 * owner and every Redis master, seen through the API of every node.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LifecycleClusterTest {
  static RedisCluster redis;
  static ThreeNodes nodes;

  @BeforeAll
  static void start() throws Exception {
    redis = RedisCluster.start(3);
    nodes = ThreeNodes.start(redis.urls(), true, Map.of("JINDOU_RETENTION_INTERVAL_SECONDS", "1"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (nodes != null) {
      nodes.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  static void send(Http via, String from, String channel, int type, String text) {
    Http.Res r = via.post("/message/send", new JsonObject().put("from_uid", from).put("channel_id", channel)
        .put("channel_type", type).put("payload", b64(text)));
    assertEquals(200, r.status(), r.toString());
  }

  static JsonArray sync(Http via, String login, String channel, int type) {
    Http.Res r = via.post("/channel/messagesync", new JsonObject().put("login_uid", login).put("channel_id", channel)
        .put("channel_type", type).put("limit", 100));
    assertEquals(200, r.status(), r.toString());
    return r.json().getJsonArray("messages");
  }

  /** The first group id {@code prefix<i>} owned by {@code owner} whose keys live on a Redis master not in {@code used}. */
  static String groupOwnedBy(String prefix, int owner, Set<Integer> usedMasters) throws Exception {
    for (int i = 0; i < 10_000; i++) {
      String id = prefix + i;
      int master = redis.ownerOf("{2:" + id + "}:m:head").port();
      if (ThreeNodes.ownerOf(id, 2) == owner && (usedMasters.size() >= 3 || !usedMasters.contains(master))) {
        usedMasters.add(master);
        return id;
      }
    }
    throw new AssertionError("no group id for owner " + owner);
  }

  @Test
  @Order(1)
  void eraseOnOneNodeReachesChannelsOwnedByTheOthers() throws Exception {
    Set<Integer> masters = new HashSet<>();
    String kept = groupOwnedBy("eg", 2, masters);
    String left = groupOwnedBy("el", 3, masters);
    Http two = nodes.http(2);
    for (String g : List.of(kept, left)) {
      assertEquals(200, two.post("/channel", new JsonObject().put("channel_id", g).put("channel_type", 2)
          .put("subscribers", new JsonArray().add("victim").add("other"))).status());
      send(two, "victim", g, 2, "SECRET in " + g);
      send(two, "other", g, 2, "keep me in " + g);
    }
    // the victim leaves one group: it has no conversation row there, only its message
    assertEquals(200, two.post("/channel/subscriber_remove", new JsonObject().put("channel_id", left)
        .put("channel_type", 2).put("subscribers", new JsonArray().add("victim"))).status());
    int erasing = 1;
    Http.Res erased = nodes.http(erasing).post("/user/erase", new JsonObject().put("uid", "victim")
        .put("operator", "dpo"));
    assertEquals(200, erased.status(), erased.toString());
    assertEquals(1, erased.json().getInteger("channels"), "the group it is in: " + erased);
    JsonObject audit = auditEntry(nodes.http(erasing));
    assertEquals(1, audit.getInteger("other_channels"), "the group it left, found by the pass: " + audit);
    assertTrue(audit.getBoolean("complete"), audit.encode());
    for (int id = 1; id <= 3; id++) {
      for (String g : List.of(kept, left)) {
        JsonArray ms = sync(nodes.http(id), "other", g, 2);
        assertEquals(2, ms.size(), ms.encode());
        assertEquals("", ms.getJsonObject(0).getString("payload"), "node " + id + ", " + g + ": " + ms.encode());
        assertEquals(1, ms.getJsonObject(0).getInteger("is_deleted"), ms.encode());
        assertEquals(b64("keep me in " + g), ms.getJsonObject(1).getString("payload"), "others' messages stay");
      }
    }
  }

  /** The audit entry, stored once the background pass over the other channels has ended. */
  static JsonObject auditEntry(Http http) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    while (true) {
      Http.Res r = http.get("/channel/last_message?channel_id=____audit&channel_type=2");
      if (r.status() == 200 && r.json().getString("payload") != null) {
        return new JsonObject(new String(Base64.getDecoder().decode(r.json().getString("payload")),
            StandardCharsets.UTF_8));
      }
      assertTrue(System.currentTimeMillis() < deadline, "no audit entry after 30 s: " + r);
      Thread.sleep(100);
    }
  }

  @Test
  @Order(2)
  void afterARestartTheSweepTrimsChannelsOfEveryOwnerOnEveryMaster() throws Exception {
    List<String> groups = new ArrayList<>();
    Set<Integer> masters = new HashSet<>();
    for (int owner = 1; owner <= 3; owner++) {
      groups.add(groupOwnedBy("rg" + owner + "x", owner, masters));
      groups.add(groupOwnedBy("rg" + owner + "y", owner, masters));
    }
    assertEquals(3, masters.size(), "the groups' keys are on all three Redis masters");
    Http one = nodes.http(1);
    for (String g : groups) {
      assertEquals(200, one.post("/channel", new JsonObject().put("channel_id", g).put("channel_type", 2)
          .put("subscribers", new JsonArray().add("a").add("b"))).status());
      for (int i = 1; i <= 6; i++) {
        send(one, "a", g, 2, g + " m" + i);
      }
    }
    // no owner holds a channel after this, and nothing below sends to them: only the sweep can find them
    nodes.restartAll(Map.of("JINDOU_RETENTION_MAX_MESSAGES", "2"));
    long deadline = System.currentTimeMillis() + 60_000;
    List<String> untrimmed = groups;
    while (!untrimmed.isEmpty() && System.currentTimeMillis() < deadline) {
      Thread.sleep(250); // read Redis itself: an API read could load the channel into its owner
      List<String> left = new ArrayList<>();
      for (String g : untrimmed) {
        String key = "{2:" + g + "}:m:msg";
        if (!"2".equals(redis.ownerOf(key).command("HLEN", key))) {
          left.add(g);
        }
      }
      untrimmed = left;
    }
    assertEquals(List.of(), untrimmed, "channels the sweep did not trim within 60 s");
    for (int id = 1; id <= 3; id++) {
      for (String g : groups) {
        JsonArray ms = sync(nodes.http(id), "b", g, 2);
        assertEquals(List.of(5L, 6L), ms.stream().map(o -> ((JsonObject) o).getLong("message_seq")).toList(),
            "node " + id + ", " + g + ": " + ms.encode());
        assertEquals(b64(g + " m6"), ms.getJsonObject(1).getString("payload"));
      }
    }
  }
}
