package io.jindou.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.cluster.ChannelRing;
import io.jindou.support.ChildNode;
import io.jindou.support.Http;
import io.jindou.support.RedisServer;
import io.jindou.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A stream in a three-node cluster (real JVMs, one Redis) survives {@code kill -9} of its channel's owner: the
 * producer, talking to another node, retries each event it was not answered with the same event_id until the
 * channel's new owner takes it, and the finished anchor holds every delta exactly once, in order.
 */
class StreamClusterTest {

  @Test
  void theOwnerDiesMidStreamAndTheProducersRetriesContinueTheSameStream() throws Exception {
    Map<Integer, ChildNode> nodes = new HashMap<>();
    List<Path> dirs = new ArrayList<>();
    try (RedisServer redis = RedisServer.start()) {
      Map<Integer, Integer> hz = new HashMap<>();
      Map<Integer, Integer> httpPorts = new HashMap<>();
      List<String> members = new ArrayList<>();
      for (int id = 1; id <= 3; id++) {
        hz.put(id, TestNode.freePort());
        httpPorts.put(id, TestNode.freePort());
        members.add("127.0.0.1:" + hz.get(id));
      }
      for (int id = 1; id <= 3; id++) {
        Path dir = Files.createTempDirectory("jindou-stream-cluster");
        dirs.add(dir);
        nodes.put(id, ChildNode.start(dir, httpPorts.get(id), Map.of("JINDOU_CLUSTER", "on", "JINDOU_NODE_ID",
            Integer.toString(id), "JINDOU_REDIS_URL", redis.url(), "JINDOU_CLUSTER_PORT", Integer.toString(hz.get(id)),
            "JINDOU_CLUSTER_MEMBERS", String.join(",", members), "JINDOU_CLUSTER_HEARTBEAT_TIMEOUT_SECONDS", "5",
            "JINDOU_OWNER_SEND_TIMEOUT_MS", "2000", "JINDOU_OWNER_RETRIES", "6"), false)); // no majority alone
      }
      for (ChildNode n : nodes.values()) {
        n.awaitReadyz(200, java.time.Duration.ofSeconds(120));
      }
      String channel = "stream-x";
      int owner = new ChannelRing(List.of(1, 2, 3), 128).ownerOf("2:" + channel);
      int via = owner == 1 ? 2 : 1;
      Http http = new Http(httpPorts.get(via));
      assertEquals(200, http.post("/channel", new JsonObject().put("channel_id", channel).put("channel_type", 2)
          .put("subscribers", new JsonArray().add("bot").add("u"))).status());
      assertEquals(200, http.post("/message/send", new JsonObject().put("from_uid", "bot").put("channel_id", channel)
          .put("channel_type", 2).put("client_msg_no", "ai").put("is_stream", 1)
          .put("payload", Base64.getEncoder().encodeToString("{}".getBytes()))).status());
      assertEquals(200, http.post("/user/token", new JsonObject().put("uid", "u").put("token", "t")
          .put("device_flag", 1)).status());
      io.jindou.support.WkClient reader = io.jindou.support.WkClient.connect(nodes.get(via).tcpPort, 6, "u", "t");
      int n = 200;
      StringBuilder want = new StringBuilder();
      for (int i = 1; i <= n + 1; i++) {
        if (i == n / 2) {
          nodes.remove(owner).kill9(); // the owner dies mid-stream
        }
        boolean fin = i == n + 1;
        JsonObject body = new JsonObject().put("channel_id", channel).put("channel_type", 2)
            .put("client_msg_no", "ai").put("event_id", fin ? "fin" : "d" + i)
            .put("event_type", fin ? "stream.finish" : "stream.delta");
        if (!fin) {
          body.put("payload", new JsonObject().put("kind", "text").put("delta", "t" + i + " "));
          want.append("t").append(i).append(' ');
        }
        for (int attempt = 0; ; attempt++) { // the producer retries with the same event_id
          Http.Res r;
          try {
            r = http.post("/message/event", body);
          } catch (RuntimeException e) {
            r = null;
          }
          if (r != null && r.status() == 200) {
            assertEquals((long) i, r.json().getJsonObject("data").getLong("msg_event_seq"), "the same stream");
            break;
          }
          assertTrue(attempt < 120, "event " + i + " kept failing: " + r);
          Thread.sleep(250);
        }
      }
      io.jindou.proto.EventPacket first = reader.await(io.jindou.proto.EventPacket.class,
          java.time.Duration.ofSeconds(10));
      assertEquals("d1", first.id(), "the owner's node pushed the event to the reader's node");
      reader.close();
      JsonObject m = http.post("/channel/messagesync", new JsonObject().put("login_uid", "u")
          .put("channel_id", channel).put("channel_type", 2).put("limit", 10)).json().getJsonArray("messages")
          .getJsonObject(0);
      assertEquals(1, m.getInteger("end"));
      assertEquals(want.toString(), new String(Base64.getDecoder().decode(m.getString("stream_data")),
          StandardCharsets.UTF_8), "every delta once, in order, across the owner's death");
      assertEquals(n + 1L, m.getJsonObject("event_meta").getLong("event_count"));
    } finally {
      for (ChildNode node : nodes.values()) {
        node.close();
      }
      for (Path d : dirs) {
        TestNode.deleteTree(d);
      }
    }
  }
}
