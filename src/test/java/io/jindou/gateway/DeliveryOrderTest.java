package io.jindou.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.proto.RecvPacket;
import io.jindou.support.Http;
import io.jindou.support.TestNode;
import io.jindou.support.WkClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Many concurrent sends to one channel reach every device in sequence order: what the owner committed as
 * seq n+1 is never delivered before seq n (clients on both event loops, sends through both HTTP loops), with
 * the connections on the node's loops and on event loops of their own ({@code gateway_event_loops}).
 */
class DeliveryOrderTest {
  @Test
  void concurrentSendsArriveInSequenceOrderOnEveryDeviceOnTheNodesLoops() throws Exception {
    assertEquals(0, value(sendsArriveInOrder(Map.of("gateway_event_loops", -1)), "jindou_writes_refused_total"));
  }

  @Test
  void inSequenceOrderWithTheConnectionsOnLoopsOfTheirOwn() throws Exception {
    sendsArriveInOrder(Map.of("gateway_event_loops", 2));
  }

  /**
   * With a delivery backlog bound of 3 (each send is 6 deliveries), every send but the first finds the gate shut:
   * the owner holds it until the gateway's loops have written the previous one, and the order still holds.
   */
  @Test
  void inSequenceOrderWhenTheOwnersWaitForTheDeliveryBacklog() throws Exception {
    String metrics = sendsArriveInOrder(Map.of("gateway_event_loops", 2, "delivery_backlog_max", 3));
    assertTrue(value(metrics, "jindou_writes_held_total") > 0, "the owners held writes:\n" + metrics);
    assertEquals(0, value(metrics, "jindou_writes_refused_total"), metrics);
  }

  /** The value of the Prometheus line {@code name} (the only one of that name). */
  static double value(String text, String name) {
    for (String line : text.split("\n")) {
      if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    throw new AssertionError(name + " not in:\n" + text);
  }

  /** Runs the scenario on a node with {@code config}; returns the node's metrics at the end. */
  private static String sendsArriveInOrder(Map<String, Object> config) throws Exception {
    try (TestNode node = new TestNode(config)) {
      Http http = node.http;
      JsonArray subs = new JsonArray();
      for (int i = 0; i < 6; i++) {
        subs.add("ord" + i);
      }
      assertEquals(200, http.post("/channel", new JsonObject().put("channel_id", "ordered").put("channel_type", 2)
          .put("subscribers", subs)).status());
      List<WkClient> clients = new ArrayList<>();
      try {
        for (int i = 0; i < 6; i++) {
          node.token("ord" + i, "t", 0);
          clients.add(WkClient.connect(node.tcpPort, 6, "ord" + i, "t"));
        }
        int n = 400;
        List<CompletableFuture<Http.Res>> calls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          calls.add(http.postAsync("/message/send", new JsonObject().put("from_uid", "____system")
              .put("channel_id", "ordered").put("channel_type", 2).put("payload", "eA==").encode()
              .getBytes(StandardCharsets.UTF_8)));
        }
        for (CompletableFuture<Http.Res> c : calls) {
          assertEquals(200, c.join().status());
        }
        for (WkClient c : clients) {
          for (long expected = 1; expected <= n; expected++) {
            RecvPacket r = c.await(RecvPacket.class, Duration.ofSeconds(20));
            assertEquals(expected, r.messageSeq(), c.uid + " received out of order");
            c.recvack(r);
          }
        }
        // and a device's own SEND is answered from its loop and reaches the others after the HTTP sends
        WkClient first = clients.get(0);
        first.send(1, "ordered", 2, "from a device");
        assertEquals(io.jindou.proto.ReasonCode.SUCCESS, first.await(io.jindou.proto.SendackPacket.class,
            Duration.ofSeconds(20)).reasonCode(), "SENDACK");
        RecvPacket last = clients.get(1).await(RecvPacket.class, Duration.ofSeconds(20));
        assertEquals(n + 1, last.messageSeq());
        String metrics = http.get("/metrics").body();
        for (int i = 0; i < 100 && value(metrics, "jindou_delivery_backlog") > 0; i++) {
          Thread.sleep(50); // the last fan-out's other deliveries may still be in their slice
          metrics = http.get("/metrics").body();
        }
        assertEquals(0, value(metrics, "jindou_delivery_backlog"), "nothing is left waiting:\n" + metrics);
        return metrics;
      } finally {
        for (WkClient c : clients) {
          c.close();
        }
      }
    }
  }
}
