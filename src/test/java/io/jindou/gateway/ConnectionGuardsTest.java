package io.jindou.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.proto.Flags;
import io.jindou.proto.SendPacket;
import io.jindou.proto.SendackPacket;
import io.jindou.proto.Setting;
import io.jindou.proto.WkEncoder;
import io.jindou.support.RawWs;
import io.jindou.support.TestNode;
import io.jindou.support.WkClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The connection-level guards of issue 17: {@code max_connections_per_ip} on the gateway (TCP and WebSocket
 * together) and on the HTTP port, counted at accept and given back at close; CONNECTs from an address that keeps
 * failing are slowed down; every connection gets its own X25519 key; and {@code refuse_noencrypt_send} refuses a
 * plaintext SEND on an encrypted session with reason 8.
 */
class ConnectionGuardsTest {
  static final Duration AT_ONCE = Duration.ofSeconds(2);

  @Test
  void gatewayCapsConnectionsPerAddressOverTcpAndWebSocketTogether() throws Exception {
    try (TestNode node = new TestNode(Map.of("max_connections_per_ip", 3))) {
      node.token("ip-user", "t", 0);
      List<Socket> held = new ArrayList<>();
      try {
        held.add(PreAuthLimitsTest.tcp(node.tcpPort));
        held.add(PreAuthLimitsTest.tcp(node.tcpPort));
        awaitConnections(node, 2); // accepted on the server's side, not only connected on ours
        try (RawWs ws = RawWs.open(node.wsPort)) { // the third connection from 127.0.0.1, on the other port
          try (Socket fourth = PreAuthLimitsTest.tcp(node.tcpPort)) {
            assertTrue(PreAuthLimitsTest.closedWithin(fourth, AT_ONCE), "a 4th TCP connection must be closed at once");
          }
          RawWs fifth = RawWs.connectOnly(node.wsPort);
          assertTrue(fifth.awaitClosedRaw(AT_ONCE), "a 4th connection on the WebSocket port must be closed at accept");
          fifth.close();
          assertFalse(ws.closed(), "the connections under the cap stay");
        }
        // the WebSocket's place is given back when it closes: a client may connect again
        WkClient c = awaitConnect(node, "ip-user");
        assertEquals(1, c.connack.reasonCode());
        c.close();
      } finally {
        for (Socket s : held) {
          s.close();
        }
      }
    }
  }

  static void awaitConnections(TestNode node, long n) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (node.http.get("/varz").json().getLong("connections") < n && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }

  /** Retries while the server is still releasing the places of connections the test just closed. */
  static WkClient awaitConnect(TestNode node, String uid) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (true) {
      try {
        WkClient c = WkClient.connect(node.tcpPort, 6, uid, "t");
        if (c.connack != null) {
          return c;
        }
        c.close();
      } catch (Exception | AssertionError e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
      }
      Thread.sleep(50);
    }
  }

  @Test
  void httpPortCapsConnectionsPerAddressAtAccept() throws Exception {
    try (TestNode node = new TestNode(Map.of("max_connections_per_ip", 2))) {
      Socket a = PreAuthLimitsTest.tcp(node.httpPort);
      Socket b = PreAuthLimitsTest.tcp(node.httpPort);
      // answered requests prove both were accepted (two event loops may accept in any order)
      assertEquals(200, get(a, node.httpPort, "/healthz"));
      assertEquals(200, get(b, node.httpPort, "/healthz"));
      try (Socket c = PreAuthLimitsTest.tcp(node.httpPort)) {
        assertTrue(PreAuthLimitsTest.closedWithin(c, AT_ONCE), "a 3rd idle HTTP connection must be closed at accept");
      }
      assertEquals(200, get(a, node.httpPort, "/healthz"), "connections under the cap are still served");
      a.close();
      b.close();
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      int status = 0;
      while (status != 200 && System.nanoTime() < deadline) {
        try (Socket again = PreAuthLimitsTest.tcp(node.httpPort)) {
          status = get(again, node.httpPort, "/healthz");
        } catch (IOException e) {
          Thread.sleep(50); // the two places are given back when the server sees the closes
        }
      }
      assertEquals(200, status, "closed connections give their places back");
    }
  }

  /** One keep-alive GET on {@code s}; reads the whole answer (status line, headers, body) and returns the status. */
  static int get(Socket s, int port, String path) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    s.setSoTimeout(5000);
    InputStream in = s.getInputStream();
    String status = line(in);
    if (status.isEmpty()) {
      throw new IOException("closed without an answer");
    }
    int length = 0;
    for (String h = line(in); !h.isEmpty(); h = line(in)) {
      if (h.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(h.substring(15).trim());
      }
    }
    in.readNBytes(length);
    return Integer.parseInt(status.split(" ")[1]);
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    int ch;
    while ((ch = in.read()) >= 0 && ch != '\n') {
      if (ch != '\r') {
        sb.append((char) ch);
      }
    }
    return sb.toString();
  }

  @Test
  void repeatedConnectFailuresFromOneAddressAreSlowedDown() throws Exception {
    try (TestNode node = new TestNode(Map.of("auth_fail_threshold", 2, "auth_fail_delay_max_ms", 1000))) {
      node.token("slow-user", "right", 0);
      long[] ms = new long[6];
      for (int i = 0; i < ms.length; i++) {
        long t0 = System.nanoTime();
        try (WkClient c = WkClient.connect(node.tcpPort, 6, "slow-user", "wrong-" + i)) {
          assertEquals(2, c.connack.reasonCode());
        }
        ms[i] = (System.nanoTime() - t0) / 1_000_000;
      }
      // up to 2 failures cost nothing; after the 3rd a CONNECT waits 100 ms, then 200, 400, 800 (the cap is 1000)
      assertTrue(ms[3] >= 100 && ms[4] >= 200 && ms[5] >= 400, "CONNECT times " + java.util.Arrays.toString(ms)
          + " ms");
      long t0 = System.nanoTime();
      try (WkClient c = WkClient.connect(node.tcpPort, 6, "slow-user", "right")) {
        assertEquals(1, c.connack.reasonCode(), "the right token still connects, after the address's delay");
      }
      assertTrue((System.nanoTime() - t0) / 1_000_000 >= 800, "a CONNECT from the failing address waits too");
    }
  }

  @Test
  void eachConnectionGetsItsOwnServerKey() throws Exception {
    try (TestNode node = new TestNode()) {
      node.token("key-user", "t", 0);
      try (WkClient a = WkClient.connect(node.tcpPort, 6, "key-user", "t", 1, "dev-a");
          WkClient b = WkClient.connect(node.tcpPort, 6, "key-user", "t", 1, "dev-b")) {
        assertNotEquals(a.connack.serverKey(), b.connack.serverKey(), "one X25519 key pair per connection");
        a.send(1, "key-peer", 1, "sealed with a's key");
        assertEquals(1, a.await(SendackPacket.class, Duration.ofSeconds(5)).reasonCode());
        b.send(2, "key-peer", 1, "sealed with b's key");
        assertEquals(1, b.await(SendackPacket.class, Duration.ofSeconds(5)).reasonCode());
      }
    }
  }

  @Test
  void plaintextSendOnAnEncryptedSessionIsRefusedWithReason8WhenConfigured() throws Exception {
    SendPacket plain = new SendPacket(Flags.NONE, Setting.of(Setting.NO_ENCRYPT), 7, "plain-1", "", "ne-peer", 1, 0, "",
        "", "not encrypted".getBytes(StandardCharsets.UTF_8));
    try (TestNode strict = new TestNode(Map.of("refuse_noencrypt_send", true))) {
      strict.token("ne-user", "t", 0);
      try (WkClient c = WkClient.connect(strict.tcpPort, 6, "ne-user", "t")) {
        c.write(WkEncoder.encode(plain, 6));
        SendackPacket ack = c.await(SendackPacket.class, Duration.ofSeconds(5));
        assertEquals(8, ack.reasonCode(), "refused like a SEND whose msgKey does not verify");
        assertEquals(7, ack.clientSeq());
        c.send(8, "ne-peer", 1, "encrypted");
        assertEquals(1, c.await(SendackPacket.class, Duration.ofSeconds(5)).reasonCode(), "encrypted SENDs pass");
      }
    }
    try (TestNode lenient = new TestNode()) { // the default keeps what WuKongIM SDKs may rely on
      lenient.token("ne-user", "t", 0);
      try (WkClient c = WkClient.connect(lenient.tcpPort, 6, "ne-user", "t")) {
        c.write(WkEncoder.encode(plain, 6));
        assertEquals(1, c.await(SendackPacket.class, Duration.ofSeconds(5)).reasonCode());
      }
    }
  }
}
