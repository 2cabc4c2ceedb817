package io.jindou.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.proto.RecvPacket;
import io.jindou.proto.SendackPacket;
import io.jindou.support.Http;
import io.jindou.support.TestNode;
import io.jindou.support.WkClient;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /metrics} over real HTTP: the Prometheus text moves after sends (HTTP and WKProto), deliveries, a
 * RECV retry and rate-limit refusals; every stage of a send has a histogram; labels never name a uid or a
 * channel; the endpoint is behind the manager token, and absent with {@code metrics_enabled=false}.
 */
class MetricsTest {
  static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void theMetersMoveWithSendsAndDeliveries() throws Exception {
    try (TestNode node = new TestNode(Map.of("recv_retry_interval_ms", 300, "recv_retry_max", 3,
        "rate_send_per_uid", 1, "rate_send_burst_per_uid", 2))) {
      String before = scrape(node.httpPort, null);
      assertTrue(before.contains("# TYPE jindou_send_stage_seconds histogram"), before);
      double stored0 = value(before, "jindou_sends_total", "result=\"stored\"", "reason=\"1\"");

      node.token("mx-alice", "t-a", 0);
      node.token("mx-bob", "t-b", 0);
      try (WkClient a = WkClient.connect(node.tcpPort, 5, "mx-alice", "t-a");
          WkClient b = WkClient.connect(node.tcpPort, 6, "mx-bob", "t-b")) {
        a.send(1, "mx-bob", 1, "one");
        assertEquals(1, a.await(SendackPacket.class, WAIT).reasonCode());
        RecvPacket first = b.await(RecvPacket.class, WAIT);
        b.recvack(first);
        assertEquals(200, node.http.post("/message/send", new JsonObject().put("from_uid", "mx-carol")
            .put("channel_id", "mx-bob").put("channel_type", 1).put("payload", "eA==")).status());
        b.await(RecvPacket.class, WAIT); // not acknowledged: sent again after 300 ms
        b.await(RecvPacket.class, WAIT);
        int refused = 0;
        for (int i = 0; i < 5; i++) {
          refused += node.http.post("/message/send", new JsonObject().put("from_uid", "mx-spam")
              .put("channel_id", "mx-bob").put("channel_type", 1).put("payload", "eA==")).status() == 429 ? 1 : 0;
        }
        assertTrue(refused >= 2, "the per-uid rate refused some of 5 quick sends: " + refused);

        String after = scrape(node.httpPort, null);
        assertTrue(value(after, "jindou_sends_total", "result=\"stored\"", "reason=\"1\"") >= stored0 + 2, after);
        assertTrue(value(after, "jindou_sends_total", "result=\"refused\"", "reason=\"22\"") >= refused, after);
        assertTrue(value(after, "jindou_rate_limited_total", "scope=\"send\"") >= refused, after);
        assertTrue(value(after, "jindou_deliveries_total") >= 2, after);
        assertTrue(value(after, "jindou_recv_retries_total") >= 1, after);
        for (String stage : new String[] {"accept_to_owner", "owner_queue", "store_commit", "fanout", "socket_write",
            "end_to_end"}) {
          assertTrue(value(after, "jindou_send_stage_seconds_count", "stage=\"" + stage + "\"") >= 1,
              "stage " + stage + " recorded:\n" + after);
          assertTrue(after.contains("jindou_send_stage_seconds_bucket{") && after.contains("stage=\"" + stage + "\""));
        }
        assertEquals(1, value(after, "jindou_connections", "transport=\"tcp\"", "protocol=\"wkproto\"",
            "version=\"5\""), after);
        assertEquals(1, value(after, "jindou_connections", "transport=\"tcp\"", "version=\"6\""), after);
        assertTrue(value(after, "jindou_recvack_seconds_count") >= 1, after);
        assertEquals(2, value(after, "jindou_online_users"), after);
        assertEquals(1, value(after, "jindou_cluster_members_seen"), after);
        assertTrue(value(after, "jindou_store_batch_jobs_count") >= 2, after);
        assertTrue(value(after, "jindou_channels_cached") >= 1, after);
        assertTrue(after.contains("jindou_event_loop_lag_seconds{"), after);
        assertTrue(after.contains("jvm_memory_used_bytes{"), after);
        assertFalse(after.contains("mx-"), "no uid or channel in any label");
      }
    }
  }

  @Test
  void theEndpointIsAdminOnlyAndCanBeTurnedOff() throws Exception {
    try (TestNode node = new TestNode(Map.of("manager_token", "s3cret"))) {
      assertEquals(401, get(node.httpPort, "/metrics", null).statusCode());
      HttpResponse<String> ok = get(node.httpPort, "/metrics", "s3cret");
      assertEquals(200, ok.statusCode());
      assertTrue(ok.headers().firstValue("content-type").orElse("").startsWith("text/plain"), ok.headers().toString());
    }
    try (TestNode node = new TestNode(Map.of("metrics_enabled", false))) {
      assertEquals(404, get(node.httpPort, "/metrics", null).statusCode());
    }
  }

  static String scrape(int port, String token) throws Exception {
    HttpResponse<String> r = get(port, "/metrics", token);
    assertEquals(200, r.statusCode(), r.body());
    return r.body();
  }

  static HttpResponse<String> get(int port, String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10));
    if (token != null) {
      b.header("token", token);
    }
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The sum of the samples of {@code name} whose labels include every one of {@code labels} (0 when none). */
  static double value(String text, String name, String... labels) {
    double sum = 0;
    for (String line : text.split("\n")) {
      if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
        continue;
      }
      boolean all = true;
      for (String l : labels) {
        all &= line.contains(l);
      }
      if (all) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }
}
