package io.jindou.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.proto.PongPacket;
import io.jindou.support.TestNode;
import io.jindou.support.WkClient;
import java.time.Duration;
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
}
