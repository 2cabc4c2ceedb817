package io.jindou.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.support.ChildNode;
import io.jindou.support.Http;
import io.jindou.support.TestNode;
import io.jindou.support.WebhookReceiver;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code msg.stream} and {@code msg.extra} across {@code kill -9} of a real Jindou process: with the receiver down,
 * producers append stream deltas to several anchors and react to messages while the process is killed; after a
 * restart every acknowledged delta's and every acknowledged reaction's webhook arrives (their outbox entries were
 * written in the same atomic write as the delta or the change).
 */
class WebhookFactsCrashTest {

  @Test
  void everyAcknowledgedDeltaAndChangeArrivesAfterKill9AndARestart() throws Exception {
    Path data = Files.createTempDirectory("jindou-webhook-facts-crash");
    int port = TestNode.freePort();
    Set<String> ackedEvents = ConcurrentHashMap.newKeySet();
    Set<Long> ackedChanges = ConcurrentHashMap.newKeySet();
    try (WebhookReceiver rx = new WebhookReceiver()) {
      rx.down();
      Map<String, String> env = Map.of("JINDOU_WEBHOOK_URL", rx.url(), "JINDOU_WEBHOOK_RETRY_BACKOFF_MAX_MS", "300",
          "JINDOU_WEBHOOK_TIMEOUT_MS", "1000");
      try (ChildNode node = ChildNode.start(data, port, env)) {
        Http http = new Http(port);
        assertEquals(200, http.post("/channel", new JsonObject().put("channel_id", "fc-g").put("channel_type", 2)
            .put("subscribers", new JsonArray().add("bot").add("u1"))).status());
        for (int a = 0; a < 3; a++) {
          assertEquals(200, http.post("/message/send", new JsonObject().put("from_uid", "bot").put("channel_id",
              "fc-g").put("channel_type", 2).put("client_msg_no", "fa" + a).put("is_stream", 1)
              .put("payload", WebhookFactsTest.b64("{\"type\":1}"))).status());
        }
        List<Long> targets = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
          targets.add(WebhookFactsTest.send(http, "bot", "fc-g", "m" + i));
        }
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> producers = new ArrayList<>();
        for (int a = 0; a < 3; a++) {
          String cmn = "fa" + a;
          producers.add(started(() -> {
            for (int i = 0; !stop.get(); i++) {
              String id = cmn + "-e" + i;
              try {
                Http.Res r = http.post("/message/event", new JsonObject().put("channel_id", "fc-g")
                    .put("channel_type", 2).put("client_msg_no", cmn).put("event_id", id)
                    .put("event_type", "stream.delta").put("payload", new JsonObject().put("kind", "text")
                        .put("delta", "d" + i)));
                if (r.status() != 200) {
                  return;
                }
                ackedEvents.add(id);
              } catch (RuntimeException e) {
                return; // the process is gone
              }
            }
          }));
        }
        producers.add(started(() -> {
          for (long seq : targets) {
            if (stop.get()) {
              return;
            }
            try {
              Http.Res r = http.post("/message/reaction", new JsonObject().put("channel_id", "fc-g")
                  .put("channel_type", 2).put("message_seq", seq).put("from_uid", "u1").put("emoji", "ok"));
              if (r.status() != 200) {
                return;
              }
              ackedChanges.add(seq);
            } catch (RuntimeException e) {
              return;
            }
          }
        }));
        while (ackedEvents.size() < 150 || ackedChanges.size() < 60) {
          Thread.sleep(1);
        }
        node.kill9();
        stop.set(true);
        for (Thread t : producers) {
          t.join(10_000);
        }
      }
      Set<String> eventsMustArrive = Set.copyOf(ackedEvents);
      Set<Long> changesMustArrive = Set.copyOf(ackedChanges);
      assertTrue(eventsMustArrive.size() >= 150 && changesMustArrive.size() >= 60);
      rx.up();
      try (ChildNode again = ChildNode.start(data, port, env)) {
        WebhookTest.await("every acknowledged delta's msg.stream and change's msg.extra", Duration.ofSeconds(60),
            () -> {
              Set<String> streamed = WebhookFactsTest.items(rx, "msg.stream").stream()
                  .map(o -> o.getString("event_id")).collect(Collectors.toSet());
              Set<Long> changed = WebhookFactsTest.items(rx, "msg.extra").stream()
                  .filter(o -> !o.getJsonArray("reactions", new JsonArray()).isEmpty())
                  .map(o -> o.getLong("message_seq")).collect(Collectors.toSet());
              return streamed.containsAll(eventsMustArrive) && changed.containsAll(changesMustArrive);
            });
        // per anchor, the deltas arrived in msg_event_seq order
        for (int a = 0; a < 3; a++) {
          String cmn = "fa" + a;
          List<Long> seqs = WebhookFactsTest.items(rx, "msg.stream").stream()
              .filter(o -> o.getString("client_msg_no").equals(cmn)).map(o -> o.getLong("msg_event_seq"))
              .distinct().toList();
          assertEquals(seqs.stream().sorted().toList(), seqs, cmn);
        }
      }
    } finally {
      TestNode.deleteTree(data);
    }
  }

  private static Thread started(Runnable r) {
    Thread t = new Thread(r, "webhook-facts-producer");
    t.setDaemon(true);
    t.start();
    return t;
  }
}
