package io.jindou.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.proto.PongPacket;
import io.jindou.proto.RecvPacket;
import io.jindou.support.TestNode;
import io.jindou.support.WkClient;
import io.jindou.support.WsClient;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Idle and handshake timeouts close silent connections; a pinging client stays. */
class IdleTimeoutTest {
  @Test
  void silentConnectionsAreClosedAndPingingOnesStay() throws Exception {
    try (TestNode node = new TestNode(Map.of("idle_timeout_seconds", 2, "auth_timeout_ms", 1000))) {
      node.token("idle", "t", 0);
      node.token("alive", "t", 0);
      try (WkClient silentBeforeConnect = WkClient.raw(node.tcpPort);
          WkClient idle = WkClient.connect(node.tcpPort, 5, "idle", "t");
          WkClient alive = WkClient.connect(node.tcpPort, 5, "alive", "t")) {
        assertEquals(1, idle.connack.reasonCode());
        assertTrue(silentBeforeConnect.awaitClosed(Duration.ofSeconds(5)), "no CONNECT within the auth timeout");
        for (int i = 0; i < 8; i++) {
          alive.ping();
          alive.await(PongPacket.class, Duration.ofSeconds(5));
          Thread.sleep(500);
        }
        assertTrue(idle.closedByServer(), "idle for 4 s with a 2 s timeout");
        assertFalse(alive.closedByServer());
      }
    }
  }
  /**
   * The idle timeout is the gateway's periodic tick, not a timer per connection: a silent WebSocket is closed like
   * a silent TCP connection, and a connection the server keeps writing to (RECVs it never acknowledges) stays, as
   * it did when Vert.x's idle handler counted writes.
   */
  @Test
  void anIdleWebSocketIsClosedAndAConnectionThatOnlyReceivesStays() throws Exception {
    try (TestNode node = new TestNode(Map.of("idle_timeout_seconds", 2))) {
      node.token("ws-idle", "t", 0);
      node.token("receiver", "t", 0);
      try (WsClient idle = WsClient.wkproto(node.wsPort, 5, "ws-idle", "t");
          WkClient receiver = WkClient.connect(node.tcpPort, 5, "receiver", "t")) {
        assertEquals(1, receiver.connack.reasonCode());
        for (int i = 0; i < 8; i++) {
          assertEquals(200, node.http.post("/message/send", new JsonObject().put("from_uid", "sender")
              .put("channel_id", "receiver").put("channel_type", 1)
              .put("payload", Base64.getEncoder().encodeToString(("m" + i).getBytes()))).status());
          receiver.await(RecvPacket.class, Duration.ofSeconds(5));
          Thread.sleep(500);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!idle.closedByServer() && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        assertTrue(idle.closedByServer(), "a silent WebSocket is closed after the 2 s idle timeout");
        assertFalse(receiver.closedByServer(), "written to every 0.5 s for 4 s: not idle");
      }
    }
  }
}
