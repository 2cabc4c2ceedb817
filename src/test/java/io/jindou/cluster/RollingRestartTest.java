package io.jindou.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.support.ChildNode;
import io.jindou.support.Http;
import io.jindou.support.RedisServer;
import io.jindou.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Graceful drain with real processes: three Jindou JVMs under a steady sender that, like a load balancer, sends
 * only to nodes whose {@code /readyz} it last saw 200 (polled every 100 ms) and never retries. Each node in turn
 * gets SIGTERM (it answers 503, leaves the ring, keeps serving for cluster_drain_seconds, answers what is in
 * flight, flushes, exits) and is started again; not one send fails, and every channel holds exactly the
 * acknowledged messages, contiguous.
 */
class RollingRestartTest {
  static final int CHANNELS = 6;

  @Test
  void aRollingRestartOfAllThreeNodesFailsNoSend() throws Exception {
    Path dir = Files.createTempDirectory("jindou-rolling");
    Map<Integer, ChildNode> nodes = new ConcurrentHashMap<>();
    Map<Integer, Integer> http = new HashMap<>();
    List<String> members = new ArrayList<>();
    for (int id = 1; id <= 3; id++) {
      http.put(id, TestNode.freePort());
      members.add("127.0.0.1:" + TestNode.freePort());
    }
    AtomicBoolean stop = new AtomicBoolean();
    try (RedisServer redis = RedisServer.start()) {
      Map<Integer, Map<String, String>> env = new HashMap<>();
      for (int id = 1; id <= 3; id++) {
        Map<String, String> e = new HashMap<>(Map.of("JINDOU_CLUSTER", "on", "JINDOU_NODE_ID", Integer.toString(id),
            "JINDOU_REDIS_URL", redis.url(), "JINDOU_CLUSTER_PORT", members.get(id - 1).split(":")[1],
            "JINDOU_CLUSTER_MEMBERS", String.join(",", members), "JINDOU_CLUSTER_HEARTBEAT_TIMEOUT_SECONDS", "5",
            "JINDOU_OWNER_SEND_TIMEOUT_MS", "2000", "JINDOU_OWNER_RETRIES", "6", "JINDOU_CLUSTER_DRAIN_SECONDS", "2"));
        e.put("JINDOU_TCP_PORT", Integer.toString(TestNode.freePort())); // the same ports after a restart
        e.put("JINDOU_WS_PORT", Integer.toString(TestNode.freePort()));
        env.put(id, e);
        nodes.put(id, ChildNode.start(dir.resolve("n" + id), http.get(id), env.get(id), false));
      }
      for (ChildNode n : nodes.values()) {
        n.awaitReadyz(200, Duration.ofSeconds(60));
      }
      for (int c = 0; c < CHANNELS; c++) {
        assertEquals(200, new Http(http.get(1)).post("/channel", new JsonObject().put("channel_id", "roll-" + c)
            .put("channel_type", 2).put("subscribers", new JsonArray().add("rr"))).status());
      }

      Map<Integer, Boolean> ready = new ConcurrentHashMap<>(Map.of(1, true, 2, true, 3, true));
      Thread poller = new Thread(() -> {
        while (!stop.get()) {
          nodes.forEach((id, n) -> ready.put(id, n.readyz() == 200));
          try {
            Thread.sleep(100);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "readiness-poller");
      poller.start();
      Map<String, Integer> acked = new ConcurrentHashMap<>();
      List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
      AtomicInteger sent = new AtomicInteger();
      Thread sender = new Thread(() -> {
        Map<Integer, Http> clients = new HashMap<>();
        http.forEach((id, port) -> clients.put(id, new Http(port)));
        int i = 0;
        while (!stop.get()) {
          List<Integer> up = ready.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).sorted()
              .toList();
          if (up.isEmpty()) {
            failures.add("no node ready");
            return;
          }
          int via = up.get(i % up.size());
          String channel = "roll-" + (i % CHANNELS);
          String cmn = channel + "-" + i;
          try {
            Http.Res r = clients.get(via).post("/message/send", new JsonObject().put("from_uid", "rr")
                .put("channel_id", channel).put("channel_type", 2).put("client_msg_no", cmn).put("payload", "eA=="));
            if (r.status() == 200) {
              acked.put(cmn, via);
            } else {
              failures.add("send " + cmn + " via node " + via + ": " + r);
            }
          } catch (RuntimeException e) {
            failures.add("send " + cmn + " via node " + via + ": " + e);
          }
          sent.incrementAndGet();
          i++;
          try {
            Thread.sleep(5);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "steady-sender");
      sender.start();
      Thread.sleep(1000);
      for (int id = 1; id <= 3; id++) {
        nodes.get(id).terminate();
        String out = nodes.get(id).output();
        assertTrue(out.contains("node " + id + " draining"), out);
        nodes.put(id, ChildNode.start(dir.resolve("n" + id), http.get(id), env.get(id)));
        Thread.sleep(1500);
      }
      stop.set(true);
      sender.join(30_000);
      poller.join(5_000);
      System.out.printf("rolling restart: %d sends, %d acknowledged, %d failed%n", sent.get(), acked.size(),
          failures.size());
      assertEquals(List.of(), failures.subList(0, Math.min(10, failures.size())), "no send fails");
      assertTrue(acked.size() > 100, "the sender kept sending: " + acked.size());
      for (int c = 0; c < CHANNELS; c++) {
        String channel = "roll-" + c;
        JsonArray ms = new Http(http.get(2)).post("/channel/messagesync", new JsonObject().put("login_uid", "rr")
            .put("channel_id", channel).put("channel_type", 2).put("start_message_seq", 1).put("pull_mode", 1)
            .put("limit", 10000)).json().getJsonArray("messages");
        long expected = acked.keySet().stream().filter(k -> k.startsWith(channel + "-")).count();
        assertEquals(expected, ms.size(), channel + " holds exactly the acknowledged messages");
        for (int i = 0; i < ms.size(); i++) {
          assertEquals(i + 1L, ms.getJsonObject(i).getLong("message_seq"), channel + " is contiguous");
        }
      }
    } finally {
      stop.set(true);
      for (ChildNode n : nodes.values()) {
        n.close();
      }
      TestNode.deleteTree(dir);
    }
  }
}
