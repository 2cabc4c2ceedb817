package io.jindou.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.proto.RecvPacket;
import io.jindou.proto.SendackPacket;
import io.jindou.support.Http;
import io.jindou.support.TestNode;
import io.jindou.support.WkClient;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rate limits (reason 22 / HTTP 429), the manager token (401) and slow clients. */
class LimitsTest {

  static Http.Res send(Http http, String from) {
    return http.post("/message/send", new JsonObject().put("from_uid", from).put("channel_id", "peer")
        .put("channel_type", 1).put("payload", "eA=="));
  }

  @Test
  void perUidSendRateIsRefusedWith429AndSystemSendersAreExempt() throws Exception {
    try (TestNode node = new TestNode(Map.of("rate_send_per_uid", 5, "rate_send_burst_per_uid", 5))) {
      int ok = 0;
      int limited = 0;
      for (int i = 0; i < 20; i++) {
        Http.Res r = send(node.http, "chatty");
        if (r.status() == 200) {
          ok++;
        } else {
          assertEquals(429, r.status(), r.toString());
          assertEquals(22, r.json().getInteger("reason"));
          limited++;
        }
      }
      assertTrue(ok >= 5 && ok < 20 && limited > 0, "ok=" + ok + " limited=" + limited);
      for (int i = 0; i < 20; i++) {
        assertEquals(200, send(node.http, "____system").status());
      }
      assertEquals(200, send(node.http, "someone-else").status(), "limits are per uid");
      Thread.sleep(1100);
      assertEquals(200, send(node.http, "chatty").status(), "the bucket refills");
    }
  }

  @Test
  void perConnectionPacketRateRefusesSendsWithoutDisconnecting() throws Exception {
    try (TestNode node = new TestNode(Map.of("rate_packets_per_conn", 5, "rate_packets_burst_per_conn", 5))) {
      node.token("flooder", "t", 0);
      try (WkClient c = WkClient.connect(node.tcpPort, 6, "flooder", "t")) {
        for (int i = 1; i <= 30; i++) {
          c.send(i, "victim", 1, "spam " + i);
        }
        int limited = 0;
        for (int i = 1; i <= 30; i++) {
          SendackPacket a = c.await(SendackPacket.class, Duration.ofSeconds(10));
          assertEquals(i, a.clientSeq(), "SENDACKs stay in order");
          if (a.reasonCode() == 22) {
            limited++;
          } else {
            assertEquals(1, a.reasonCode());
          }
        }
        assertTrue(limited >= 20, "limited " + limited);
        assertFalse(c.closedByServer(), "a client over its rate is slowed, not disconnected");
        Thread.sleep(1100);
        c.send(99, "victim", 1, "later");
        assertEquals(1, c.await(SendackPacket.class, Duration.ofSeconds(10)).reasonCode());
      }
    }
  }

  @Test
  void acknowledgementsOfPushedMessagesAreNeverRateLimited() throws Exception {
    try (TestNode node = new TestNode(Map.of("rate_packets_per_conn", 5, "rate_packets_burst_per_conn", 5,
        "recv_retry_interval_ms", 300, "recv_retry_max", 100))) {
      node.token("busy", "t", 0);
      try (WkClient c = WkClient.connect(node.tcpPort, 6, "busy", "t")) {
        for (int i = 0; i < 30; i++) {
          assertEquals(200, node.http.post("/message/send", new JsonObject().put("from_uid", "sender" + i)
              .put("channel_id", "busy").put("channel_type", 1).put("payload", "eA==")).status());
        }
        // On a slow host the 30 sends can outlast one retry interval, so an early RECV may legitimately come
        // twice before its RECVACK lands: acknowledge every copy, and count distinct messages.
        Set<Long> seen = new HashSet<>();
        while (seen.size() < 30) {
          RecvPacket r = c.await(RecvPacket.class, Duration.ofSeconds(10));
          seen.add(r.messageId());
          c.recvack(r);
        }
        // Legitimate repeats stop once every RECVACK has landed. A dropped RECVACK would bring its RECV back
        // every 300 ms until the limiter let it through (5 acks/s for 30 messages), so the line would not go quiet.
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos(); // a limited ack would take 5 s to pass
        RecvPacket again;
        while ((again = c.poll(RecvPacket.class, Duration.ofMillis(1500))) != null) {
          c.recvack(again);
          assertTrue(System.nanoTime() < deadline, "an acknowledged message keeps being pushed again");
        }
        assertFalse(c.closedByServer());
      }
    }
  }

  @Test
  void managerTokenGuardsTheApiButNotProbes() throws Exception {
    try (TestNode node = new TestNode(Map.of("manager_token", "s3cret"))) {
      Http.Res r = send(node.http, "u");
      assertEquals(401, r.status());
      assertTrue(r.json().getString("msg").contains("token"));
      HttpClient client = HttpClient.newHttpClient();
      HttpResponse<String> withToken = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort
              + "/message/send")).header("token", "s3cret").POST(HttpRequest.BodyPublishers.ofString(
                  new JsonObject().put("from_uid", "u").put("channel_id", "v").put("channel_type", 1)
                      .put("payload", "eA==").encode())).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, withToken.statusCode(), withToken.body());
      HttpResponse<String> wrong = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort
          + "/user/systemuids")).header("token", "nope").GET().build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(401, wrong.statusCode());
      assertEquals(200, node.http.get("/readyz").status());
      assertEquals(200, node.http.get("/route").status());
    }
  }

  @Test
  void slowHttpClientsAreCutOffAndCannotStarveOthers() throws Exception {
    try (TestNode node = new TestNode(Map.of("http_request_timeout_seconds", 1))) {
      List<Socket> slow = new ArrayList<>();
      try {
        for (int i = 0; i < 200; i++) {
          Socket s = new Socket("127.0.0.1", node.httpPort);
          OutputStream out = s.getOutputStream();
          out.write("POST /message/send HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
          out.flush();
          slow.add(s);
        }
        assertEquals(200, send(node.http, "patient").status(), "normal requests still get through");
        Thread.sleep(3000);
        for (Socket s : slow) {
          s.setSoTimeout(2000);
          InputStream in = s.getInputStream();
          assertEquals(-1, readToEnd(in), "a dribbling client is disconnected");
        }
      } finally {
        for (Socket s : slow) {
          s.close();
        }
      }
    }
  }

  static int readToEnd(InputStream in) throws Exception {
    int b;
    do {
      b = in.read();
    } while (b != -1);
    return b;
  }
}
