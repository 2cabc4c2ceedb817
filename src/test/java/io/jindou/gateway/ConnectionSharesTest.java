package io.jindou.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.proto.RecvPacket;
import io.jindou.support.Http;
import io.jindou.support.TestNode;
import io.jindou.support.WkClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The node-wide bound on what client connections have not taken yet ({@code outbound_total_bytes}): each connection
 * may hold its share of it, not the whole per-connection {@code outbound_queue_bytes}. Here one connection alone may
 * queue 64 MiB, but the node has 512 KiB for all five, so four clients that stop reading are closed as slow
 * consumers once the socket buffers on both sides are full and 64 KiB more wait (about 90 messages of 60 KB on this
 * machine; with 16 MiB each and no node-wide bound it took 306, at 64 MiB it would take over 900, and the test stops
 * at {@value #MESSAGES_MAX}), while the client that reads gets every message and stays connected.
 */
class ConnectionSharesTest {
  static final Duration WAIT = Duration.ofSeconds(10);
  static final int MESSAGES_MAX = 300;
  static TestNode node;
  static Http http;

  @BeforeAll
  static void start() throws Exception {
    node = new TestNode(Map.of("outbound_queue_bytes", 64 << 20, "outbound_total_bytes", 512 << 10));
    http = node.http;
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }

  static WkClient client(String uid) throws Exception {
    node.token(uid, "tok-" + uid, 0);
    return WkClient.connect(node.tcpPort, 6, uid, "tok-" + uid);
  }

  static boolean online(String uid) {
    return !http.raw("/user/onlinestatus", "[\"" + uid + "\"]").array().isEmpty();
  }

  @Test
  void connectionsThatStopReadingAreClosedAtTheirShareOfTheNodeBudget() throws Exception {
    List<String> slowUids = List.of("share-slow-1", "share-slow-2", "share-slow-3", "share-slow-4");
    JsonArray members = new JsonArray().add("share-sender").add("share-reader");
    slowUids.forEach(members::add);
    assertEquals(200, http.post("/channel", new JsonObject().put("channel_id", "shares").put("channel_type", 2)
        .put("subscribers", members)).status());
    List<WkClient> slow = new ArrayList<>();
    try (WkClient reader = client("share-reader")) {
      for (String uid : slowUids) {
        WkClient c = client(uid);
        c.pauseReading();
        slow.add(c);
      }
      String big = Base64.getEncoder().encodeToString(new byte[60_000]);
      int sent = 0;
      while (sent < MESSAGES_MAX && slowUids.stream().anyMatch(ConnectionSharesTest::online)) {
        assertEquals(200, http.post("/message/send", new JsonObject().put("from_uid", "share-sender")
            .put("channel_id", "shares").put("channel_type", 2).put("payload", big)).status());
        sent++;
        RecvPacket r = reader.await(RecvPacket.class, WAIT);
        assertTrue(r != null, "the reading client got message " + sent);
        reader.recvack(r);
      }
      for (String uid : slowUids) {
        assertTrue(!online(uid), uid + " stopped reading and is still connected after " + sent + " messages of 60 KB");
      }
      assertTrue(online("share-reader"), "the client that reads must stay connected");
      assertTrue(http.get("/varz").json().getLong("slow_clients") >= slowUids.size());
      long stored = http.get("/channel/max_message_seq?channel_id=shares&channel_type=2&login_uid=share-reader")
          .json().getLong("message_seq");
      assertEquals(sent, stored, "every message is stored for the closed clients to sync");
    } finally {
      slow.forEach(WkClient::close);
    }
  }
}
