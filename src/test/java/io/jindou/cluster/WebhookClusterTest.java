package io.jindou.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.support.Http;
import io.jindou.support.RedisServer;
import io.jindou.support.ThreeNodes;
import io.jindou.support.WebhookReceiver;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Webhooks in a three-node cluster on the shared Redis (issue 15): each message's outbox entry belongs to its
 * channel's owner; when the owner of a busy channel is killed ({@code kill -9}) with its events undelivered, a live
 * node takes its outbox over and every acknowledged message's {@code msg.notify} arrives.
 */
class WebhookClusterTest {

  @Test
  void aKilledOwnersUndeliveredEventsArePostedByALiveNode() throws Exception {
    try (RedisServer redis = RedisServer.start(); WebhookReceiver rx = new WebhookReceiver()) {
      rx.down();
      try (ThreeNodes nodes = ThreeNodes.start(redis.url(), false, Map.of("JINDOU_OWNER_RETRIES", "3",
          "JINDOU_WEBHOOK_URL", rx.url(), "JINDOU_WEBHOOK_EVENTS", "msg.notify",
          "JINDOU_WEBHOOK_RETRY_BACKOFF_MAX_MS", "300"))) {
        aKilledOwnersEventsArePosted(nodes, rx);
      }
    }
  }

  private static void aKilledOwnersEventsArePosted(ThreeNodes nodes, WebhookReceiver rx) throws Exception {
    Http one = nodes.http(1);
    WebhookReceiver.await("a ring of three", Duration.ofSeconds(30), () -> IntStream.rangeClosed(1, 3)
        .allMatch(id -> nodes.http(id).get("/readyz").status() == 200));
    Set<Long> acked = new HashSet<>();
    assertEquals(200, one.post("/channel", new JsonObject().put("channel_id", "busy").put("channel_type", 2)
        .put("subscribers", new JsonArray().add("u").add("v"))).status());
    for (int i = 0; i < 100; i++) { // one busy channel: its owner holds every event
      Http.Res r = one.post("/message/send", new JsonObject().put("from_uid", "u").put("channel_id", "busy")
          .put("channel_type", 2).put("payload", "aGk="));
      assertEquals(200, r.status(), r.toString());
      acked.add(r.json().getLong("message_id"));
    }
    int owner = 0;
    for (int id = 1; id <= 3; id++) {
      if (nodes.http(id).get("/webhook/status").json().getLong("lag") > 0) {
        owner = id;
      }
    }
    assertTrue(owner > 0, "the owner holds the channel's undelivered events");
    nodes.node(owner).kill9();
    rx.up();
    WebhookReceiver.await("every acknowledged message notified", Duration.ofSeconds(60),
        () -> rx.notifiedIds().containsAll(acked));
    List<Long> seqs = rx.delivered("msg.notify").stream()
        .flatMap(p -> new JsonArray(p.text()).stream()).map(o -> ((JsonObject) o).getLong("message_seq"))
        .distinct().toList();
    assertEquals(seqs.stream().sorted().toList(), seqs, "in commit order");
  }
}
