package io.jindou.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.support.ChildNode;
import io.jindou.support.Http;
import io.jindou.support.TestNode;
import io.jindou.support.WebhookReceiver;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Webhooks across {@code kill -9} of a real Jindou process (issue 15): the receiver is down while messages are
 * sent and the process is killed mid-stream; after a restart every acknowledged message's {@code msg.notify} and
 * {@code msg.offline} arrive.
 */
class WebhookCrashTest {

  @Test
  void everyAcknowledgedSendsEventsArriveAfterKill9AndARestart() throws Exception {
    Path data = Files.createTempDirectory("jindou-webhook-crash");
    int port = TestNode.freePort();
    Set<Long> acked = ConcurrentHashMap.newKeySet();
    try (WebhookReceiver rx = new WebhookReceiver()) {
      rx.down();
      Map<String, String> env = Map.of("JINDOU_WEBHOOK_URL", rx.url(), "JINDOU_WEBHOOK_RETRY_BACKOFF_MAX_MS", "300",
          "JINDOU_WEBHOOK_TIMEOUT_MS", "1000");
      try (ChildNode node = ChildNode.start(data, port, env)) {
        Http http = new Http(port);
        assertEquals(200, http.post("/channel", new JsonObject().put("channel_id", "crash-g").put("channel_type", 2)
            .put("subscribers", new JsonArray().add("u").add("away"))).status());
        List<CompletableFuture<Http.Res>> calls = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
          byte[] body = new JsonObject().put("from_uid", "u").put("channel_id", "crash-g").put("channel_type", 2)
              .put("client_msg_no", "k" + i).put("payload", "cGF5bG9hZA==").encode()
              .getBytes(StandardCharsets.UTF_8);
          CompletableFuture<Http.Res> call = http.postAsync("/message/send", body);
          call.thenAccept(r -> {
            if (r.status() == 200) {
              acked.add(r.json().getLong("message_id"));
            }
          });
          calls.add(call);
          if (i == 149) {
            CompletableFuture.allOf(calls.toArray(new CompletableFuture[0])).join();
          }
        }
        while (acked.size() < 170) {
          Thread.sleep(1);
        }
        node.kill9();
      }
      Thread.sleep(200); // let the client record answers that arrived just before the kill
      Set<Long> mustArrive = Set.copyOf(acked);
      assertTrue(mustArrive.size() >= 170);
      rx.up();
      try (ChildNode again = ChildNode.start(data, port, env)) {
        WebhookTest.await("every acknowledged message's msg.notify and msg.offline", Duration.ofSeconds(60), () -> {
          Set<Long> notified = WebhookTest.notified(rx).stream().map(m -> m.getLong("message_id"))
              .collect(Collectors.toSet());
          Set<Long> offline = rx.delivered("msg.offline").stream().map(p -> new JsonObject(p.text())
              .getLong("message_id")).collect(Collectors.toSet());
          return notified.containsAll(mustArrive) && offline.containsAll(mustArrive);
        });
        JsonObject some = new JsonObject(rx.delivered("msg.offline").get(0).text());
        assertEquals(List.of("away"), some.getJsonArray("to_uids").getList());
        assertEquals(7, some.getInteger("source_id"));
      }
    } finally {
      TestNode.deleteTree(data);
    }
  }
}
