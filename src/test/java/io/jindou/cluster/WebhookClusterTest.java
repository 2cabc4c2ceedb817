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
 * channel's owner (and so do its stream events' and changes' entries); when the owner of a busy channel is killed
 * ({@code kill -9}) with its events undelivered, a live node takes its outbox over and every acknowledged message's
 * {@code msg.notify}, stream event's {@code msg.stream} and change's {@code msg.extra} arrives.
 */
class WebhookClusterTest {

  @Test
  void aKilledOwnersUndeliveredEventsArePostedByALiveNode() throws Exception {
    try (RedisServer redis = RedisServer.start(); WebhookReceiver rx = new WebhookReceiver()) {
      rx.down();
      try (ThreeNodes nodes = ThreeNodes.start(redis.url(), false, Map.of("JINDOU_OWNER_RETRIES", "3",
          "JINDOU_WEBHOOK_URL", rx.url(), "JINDOU_WEBHOOK_EVENTS", "msg.notify,msg.stream,msg.extra",
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
    // a stream and changes of the same channel: their entries are the owner's too, and are taken over
    Http.Res anchor = one.post("/message/send", new JsonObject().put("from_uid", "u").put("channel_id", "busy")
        .put("channel_type", 2).put("client_msg_no", "busy-stream").put("is_stream", 1).put("payload", "e30="));
    assertEquals(200, anchor.status(), anchor.toString());
    acked.add(anchor.json().getLong("message_id"));
    Set<String> events = new HashSet<>();
    for (int i = 0; i < 10; i++) {
      Http.Res r = one.post("/message/event", new JsonObject().put("channel_id", "busy").put("channel_type", 2)
          .put("client_msg_no", "busy-stream").put("event_id", "be" + i).put("event_type", "stream.delta")
          .put("payload", new JsonObject().put("kind", "text").put("delta", "d" + i)));
      assertEquals(200, r.status(), r.toString());
      events.add("be" + i);
    }
    for (long seq = 1; seq <= 5; seq++) {
      Http.Res r = one.post("/message/reaction", new JsonObject().put("channel_id", "busy").put("channel_type", 2)
          .put("message_seq", seq).put("from_uid", "v").put("emoji", "ok"));
      assertEquals(200, r.status(), r.toString());
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
    WebhookReceiver.await("every stream event and change posted", Duration.ofSeconds(60), () -> {
      Set<String> streamed = new HashSet<>();
      Set<Long> changed = new HashSet<>();
      rx.delivered("msg.stream").forEach(p -> new JsonArray(p.text()).forEach(o -> streamed.add(((JsonObject) o)
          .getString("event_id"))));
      rx.delivered("msg.extra").forEach(p -> new JsonArray(p.text()).forEach(o -> changed.add(((JsonObject) o)
          .getLong("message_seq"))));
      return streamed.containsAll(events) && changed.containsAll(Set.of(1L, 2L, 3L, 4L, 5L));
    });
    List<Long> seqs = rx.delivered("msg.notify").stream()
        .flatMap(p -> new JsonArray(p.text()).stream()).map(o -> ((JsonObject) o).getLong("message_seq"))
        .distinct().toList();
    assertEquals(seqs.stream().sorted().toList(), seqs, "in commit order");
  }
}
