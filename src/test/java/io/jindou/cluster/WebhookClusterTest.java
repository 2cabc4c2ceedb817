package io.jindou.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.support.ChildNode;
import io.jindou.support.Http;
import io.jindou.support.RedisServer;
import io.jindou.support.TestNode;
import io.jindou.support.WebhookReceiver;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Webhooks in a cluster on the shared Redis (issue 15): each message's outbox entry belongs to its channel's
 * owner; when an owner is killed ({@code kill -9}) with events undelivered, a live node takes its outbox over and
 * every acknowledged message's {@code msg.notify} arrives.
 */
class WebhookClusterTest {

  @Test
  void aKilledOwnersUndeliveredEventsArePostedByALiveNode() throws Exception {
    List<Path> dirs = new ArrayList<>();
    Map<Integer, ChildNode> nodes = new HashMap<>();
    try (RedisServer redis = RedisServer.start(); WebhookReceiver rx = new WebhookReceiver()) {
      rx.down();
      Map<Integer, Integer> hz = Map.of(1, TestNode.freePort(), 2, TestNode.freePort());
      Map<Integer, Integer> http = Map.of(1, TestNode.freePort(), 2, TestNode.freePort());
      String members = "127.0.0.1:" + hz.get(1) + ",127.0.0.1:" + hz.get(2);
      for (int id = 1; id <= 2; id++) {
        Path dir = Files.createTempDirectory("jindou-webhook-cluster");
        dirs.add(dir);
        nodes.put(id, ChildNode.start(dir, http.get(id), Map.ofEntries(Map.entry("JINDOU_CLUSTER", "on"),
            Map.entry("JINDOU_NODE_ID", Integer.toString(id)), Map.entry("JINDOU_REDIS_URL", redis.url()),
            Map.entry("JINDOU_CLUSTER_PORT", Integer.toString(hz.get(id))),
            Map.entry("JINDOU_CLUSTER_MEMBERS", members), Map.entry("JINDOU_CLUSTER_HEARTBEAT_TIMEOUT_SECONDS", "5"),
            Map.entry("JINDOU_OWNER_SEND_TIMEOUT_MS", "2000"), Map.entry("JINDOU_WEBHOOK_URL", rx.url()),
            Map.entry("JINDOU_WEBHOOK_EVENTS", "msg.notify"),
            Map.entry("JINDOU_WEBHOOK_RETRY_BACKOFF_MAX_MS", "300"))));
      }
      Http one = new Http(http.get(1));
      WebhookReceiver.await("a ring of two", Duration.ofSeconds(30), () -> one.get("/webhook/status").status() == 200
          && new Http(http.get(2)).get("/readyz").status() == 200);
      Set<Long> acked = new HashSet<>();
      for (int c = 0; c < 20; c++) { // channels spread over both owners
        String ch = "whc-" + c;
        assertEquals(200, one.post("/channel", new JsonObject().put("channel_id", ch).put("channel_type", 2)
            .put("subscribers", new JsonArray().add("u").add("v"))).status());
        for (int i = 0; i < 5; i++) {
          Http.Res r = one.post("/message/send", new JsonObject().put("from_uid", "u").put("channel_id", ch)
              .put("channel_type", 2).put("payload", "aGk="));
          assertEquals(200, r.status(), r.toString());
          acked.add(r.json().getLong("message_id"));
        }
      }
      JsonObject second = new Http(http.get(2)).get("/webhook/status").json();
      assertTrue(second.getLong("lag") > 0, "node 2 owns some channels and holds their events: " + second);
      nodes.get(2).kill9();
      rx.up();
      WebhookReceiver.await("every acknowledged message notified", Duration.ofSeconds(60),
          () -> rx.notifiedIds().containsAll(acked));
    } finally {
      for (ChildNode n : nodes.values()) {
        n.close();
      }
      for (Path d : dirs) {
        TestNode.deleteTree(d);
      }
    }
  }
}
