package io.jindou.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.support.Http;
import io.jindou.support.RedisServer;
import io.jindou.support.ThreeNodes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Message changes in a three-node cluster (real JVM processes, one redis-server): the owner of a channel is killed
 * with {@code kill -9} while reactions are being added to its messages through another node. Every reaction is
 * retried until it succeeds, and each ends up applied exactly once: one entry per (uid, emoji) and the channel's
 * extra versions contiguous, one per change — a change is applied once or not at all, never twice.
 */
class MessageChangesClusterTest {
  static RedisServer redis;
  static ThreeNodes nodes;

  @BeforeAll
  static void startCluster() throws Exception {
    redis = RedisServer.start();
    nodes = ThreeNodes.start(redis.url(), false, Map.of());
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (nodes != null) {
      nodes.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  @Test
  void reactionsWhileTheOwnerDiesAreAppliedOnceEach() throws Exception {
    String channel = "mx-cluster";
    int owner = ThreeNodes.ownerOf(channel, 2);
    int via = owner == 1 ? 2 : 1;
    Http http = nodes.http(via);
    int n = 60;
    JsonArray subs = new JsonArray().add("s");
    for (int i = 0; i < n; i++) {
      subs.add("r" + i);
    }
    assertEquals(200, http.post("/channel", new JsonObject().put("channel_id", channel).put("channel_type", 2)
        .put("subscribers", subs)).status());
    for (int i = 1; i <= n; i++) {
      assertEquals(200, http.post("/message/send", new JsonObject().put("from_uid", "s").put("channel_id", channel)
          .put("channel_type", 2).put("client_msg_no", "m" + i).put("payload", "eA==")).status());
    }
    Thread killer = null;
    for (int i = 0; i < n; i++) {
      if (i == n / 3) {
        killer = new Thread(() -> {
          try {
            nodes.node(owner).kill9();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }, "kill-owner");
        killer.start(); // the owner dies while the changes go on
      }
      JsonObject body = new JsonObject().put("from_uid", "r" + i).put("channel_id", channel).put("channel_type", 2)
          .put("message_seq", i + 1).put("emoji", "ok");
      for (int attempt = 0; ; attempt++) {
        Http.Res r;
        try {
          r = http.post("/message/reaction", body);
        } catch (RuntimeException e) {
          r = null;
        }
        if (r != null && r.status() == 200) {
          break;
        }
        assertTrue(attempt < 80, "reaction " + i + " kept failing: " + r);
        Thread.sleep(250);
      }
    }
    killer.join(60_000);
    JsonObject all = http.post("/message/extra/sync", new JsonObject().put("login_uid", "s").put("channel_id", channel)
        .put("channel_type", 2).put("extra_version", 0).put("limit", 1000)).json();
    JsonArray ms = all.getJsonArray("messages");
    assertEquals(n, ms.size(), all.encode());
    Set<Long> versions = new HashSet<>();
    for (int i = 0; i < n; i++) {
      JsonObject m = ms.getJsonObject(i);
      versions.add(m.getLong("extra_version"));
      JsonArray reactions = m.getJsonArray("reactions");
      assertEquals(1, reactions.size(), m.encode());
      assertEquals(1, reactions.getJsonObject(0).getInteger("count"), "applied once: " + m.encode());
      assertEquals("r" + (m.getLong("message_seq") - 1),
          reactions.getJsonObject(0).getJsonArray("uids").getString(0));
    }
    assertEquals(n, versions.size());
    assertEquals((long) n, all.getLong("extra_version"), "one extra_version per change, none lost or doubled");
  }
}
