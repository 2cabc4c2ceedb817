package io.jindou.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.proto.RecvPacket;
import io.jindou.proto.SendackPacket;
import io.jindou.support.ChildNode;
import io.jindou.support.Http;
import io.jindou.support.RedisServer;
import io.jindou.support.TestNode;
import io.jindou.support.WkClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Cluster mode with real processes: three Jindou JVMs (node ids 1..3) over Hazelcast on loopback and a
 * private redis-server, then a kill -9 of a channel owner under load, a fourth node joining, a restart
 * with the same id, and the refusals (duplicate node id, RocksDB with cluster mode).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTest {
  static final Duration WAIT = Duration.ofSeconds(15);
  static RedisServer redis;
  static final Map<Integer, ChildNode> nodes = new HashMap<>();
  static final Map<Integer, Integer> hzPorts = new HashMap<>();
  static final Map<Integer, Integer> httpPorts = new HashMap<>();
  static final List<Path> dirs = new ArrayList<>();
  static String members;

  @BeforeAll
  static void startCluster() throws Exception {
    redis = RedisServer.start();
    List<String> m = new ArrayList<>();
    for (int id = 1; id <= 4; id++) {
      hzPorts.put(id, TestNode.freePort());
      httpPorts.put(id, TestNode.freePort());
      m.add("127.0.0.1:" + hzPorts.get(id));
    }
    members = String.join(",", m.subList(0, 3));
    for (int id = 1; id <= 3; id++) { // one node alone is not ready: it sees 1 of the 3 expected members
      Path dir = Files.createTempDirectory("jindou-cluster");
      dirs.add(dir);
      nodes.put(id, ChildNode.start(dir, httpPorts.get(id), env(id), false));
    }
    for (ChildNode n : nodes.values()) {
      n.awaitReadyz(200, Duration.ofSeconds(60));
    }
  }

  static Map<String, String> env(int id) {
    return Map.of("JINDOU_CLUSTER", "on", "JINDOU_NODE_ID", Integer.toString(id), "JINDOU_REDIS_URL", redis.url(),
        "JINDOU_CLUSTER_PORT", Integer.toString(hzPorts.get(id)), "JINDOU_CLUSTER_MEMBERS", members,
        "JINDOU_CLUSTER_HEARTBEAT_TIMEOUT_SECONDS", "5", "JINDOU_OWNER_SEND_TIMEOUT_MS", "2000",
        "JINDOU_OWNER_RETRIES", "6");
  }

  static ChildNode start(int id) throws Exception {
    Path dir = Files.createTempDirectory("jindou-cluster");
    dirs.add(dir);
    return ChildNode.start(dir, httpPorts.get(id), env(id));
  }

  @AfterAll
  static void stopCluster() throws Exception {
    for (ChildNode n : nodes.values()) {
      n.close();
    }
    if (redis != null) {
      redis.close();
    }
    for (Path d : dirs) {
      TestNode.deleteTree(d);
    }
  }

  static Http http(int id) {
    return new Http(httpPorts.get(id));
  }

  static WkClient client(int id, String uid) throws Exception {
    http(1).post("/user/token", new JsonObject().put("uid", uid).put("token", "t").put("device_flag", 1));
    WkClient c = WkClient.connect(nodes.get(id).tcpPort, 6, uid, "t");
    assertEquals(1, c.connack.reasonCode());
    assertEquals(id, c.connack.nodeId(), "CONNACK names the node");
    return c;
  }

  @Test
  @Order(0)
  void aGroupMessageSentThroughOneNodeReachesMembersOnTheOthers() throws Exception {
    assertEquals(200, http(1).post("/channel", new JsonObject().put("channel_id", "xg").put("channel_type", 2)
        .put("subscribers", new JsonArray().add("on1").add("on2").add("on3"))).status());
    try (WkClient c1 = client(1, "on1"); WkClient c2 = client(2, "on2"); WkClient c3 = client(3, "on3")) {
      Thread.sleep(500); // presence events reach the other nodes
      Http.Res r = http(1).post("/message/send", new JsonObject().put("from_uid", "____system").put("channel_id", "xg")
          .put("channel_type", 2).put("payload", "aGVsbG8gY2x1c3Rlcg=="));
      assertEquals(200, r.status(), r.toString());
      for (WkClient c : List.of(c1, c2, c3)) {
        RecvPacket p = c.await(RecvPacket.class, WAIT);
        assertEquals("hello cluster", WkClient.text(p));
        c.recvack(p);
      }
      c2.send(1, "on3", 1, "node 2 to node 3");
      assertEquals(1, c2.await(SendackPacket.class, WAIT).reasonCode());
      RecvPacket p = c3.await(RecvPacket.class, WAIT);
      assertEquals("node 2 to node 3", WkClient.text(p));
      assertEquals("on2", p.channelId());
    }
    JsonArray a = http(1).post("/conversation/sync", new JsonObject().put("uid", "on3").put("msg_count", 5)).array();
    assertEquals(2, a.size());
    for (int id = 2; id <= 3; id++) {
      assertEquals(a, http(id).post("/conversation/sync", new JsonObject().put("uid", "on3").put("msg_count", 5))
          .array(), "conversation sync on node " + id + " gives the same answer");
    }
  }

  @Test
  @Order(1)
  void adminEndpointsAndRoutesCoverTheWholeCluster() throws Exception {
    try (WkClient a = client(2, "adm-a"); WkClient b = client(3, "adm-b")) {
      JsonArray online = http(1).raw("/user/onlinestatus", "[\"adm-a\",\"adm-b\",\"adm-nobody\"]").array();
      Set<String> seen = new HashSet<>();
      online.forEach(o -> seen.add(((JsonObject) o).getString("uid")));
      assertEquals(Set.of("adm-a", "adm-b"), seen, "online status asks every node: " + online);

      JsonObject connz = http(1).get("/connz?node_id=2&uid=adm-a").json();
      assertEquals(1, connz.getInteger("total"), connz.encode());
      JsonObject conn = connz.getJsonArray("connections").getJsonObject(0);
      assertEquals(2, conn.getInteger("node_id"));
      assertEquals("3", http(1).get("/varz?node_id=3").json().getString("server_id"), "varz forwarded to node 3");
      assertEquals(400, http(1).get("/connz?node_id=9").status(), "an unknown node is the caller's mistake");

      assertEquals(200, http(1).post("/conn/kick", new JsonObject().put("uid", "adm-a")
          .put("conn_id", conn.getLong("id")).put("node_id", 2)).status());
      assertEquals(12, a.await(io.jindou.proto.DisconnectPacket.class, WAIT).reasonCode());
      assertTrue(a.awaitClosed(WAIT), "the kicked connection on node 2 is closed");

      assertEquals(200, http(1).post("/user/device_quit", new JsonObject().put("uid", "adm-b").put("device_flag", 1))
          .status());
      assertEquals(12, b.await(io.jindou.proto.DisconnectPacket.class, WAIT).reasonCode());
      assertTrue(b.awaitClosed(WAIT), "device_quit on node 1 closes the device on node 3");
      assertEquals(0, http(2).raw("/user/onlinestatus", "[\"adm-a\",\"adm-b\"]").array().size());
    }

    // /route spreads uids over the ready nodes, answers the same on every node, and honours node_id
    Map<Integer, Integer> tcpToNode = new HashMap<>();
    nodes.forEach((id, n) -> tcpToNode.put(n.tcpPort, id));
    Set<Integer> routed = new HashSet<>();
    for (int i = 0; i < 30; i++) {
      String q = "/route?uid=r" + i;
      JsonObject r1 = http(1).get(q).json();
      assertEquals(r1, http(2).get(q).json(), "every node routes uid r" + i + " the same way");
      routed.add(tcpToNode.get(Integer.parseInt(r1.getString("tcp_addr").split(":")[1])));
    }
    assertEquals(Set.of(1, 2, 3), routed, "30 uids land on all three nodes");
    assertEquals("127.0.0.1:" + nodes.get(3).tcpPort, http(1).get("/route?node_id=3").json().getString("tcp_addr"));
    assertEquals("ws://127.0.0.1:" + nodes.get(2).wsPort, http(3).get("/route?nodeId=2").json().getString("ws_addr"));
    assertEquals(400, http(1).get("/route?node_id=9").status());
    JsonArray batch = http(1).raw("/route/batch", "[\"r0\",\"r1\",\"r2\",\"r3\",\"r4\",\"r5\"]").array();
    int total = 0;
    for (Object o : batch) {
      JsonObject part = (JsonObject) o;
      total += part.getJsonArray("uids").size();
      for (Object uid : part.getJsonArray("uids")) {
        assertEquals(http(1).get("/route?uid=" + uid).json().getString("tcp_addr"), part.getString("tcp_addr"));
      }
    }
    assertEquals(6, total);

    // a command fetched with /message/sync on one node is acknowledged on another
    assertEquals(200, http(1).post("/channel", new JsonObject().put("channel_id", "cmdg").put("channel_type", 2)
        .put("subscribers", new JsonArray().add("cmd-off"))).status());
    for (int i = 0; i < 2; i++) {
      assertEquals(200, http(1).post("/message/send", new JsonObject().put("from_uid", "____system")
          .put("channel_id", "cmdg").put("channel_type", 2).put("header", new JsonObject().put("sync_once", 1))
          .put("payload", "e30=")).status());
    }
    assertEquals(2, http(2).post("/message/sync", new JsonObject().put("uid", "cmd-off")).array().size());
    assertEquals(200, http(3).post("/message/syncack", new JsonObject().put("uid", "cmd-off")
        .put("last_message_seq", 2)).status());
    assertEquals(0, http(1).post("/message/sync", new JsonObject().put("uid", "cmd-off")).array().size(),
        "the ack on node 3 committed what node 2's sync returned");
  }

  @Test
  @Order(2)
  void killingTheBusiestOwnerLosesNoAcknowledgedMessage() throws Exception {
    String channel = "busy-x";
    int owner = new ChannelRing(List.of(1, 2, 3), 128).ownerOf("2:" + channel);
    int via = owner == 1 ? 2 : 1;
    assertEquals(200, http(via).post("/channel", new JsonObject().put("channel_id", channel).put("channel_type", 2)
        .put("subscribers", new JsonArray().add("w"))).status());
    long[] killedAt = new long[1];
    Map<String, Long> acked = sendWithRetries(via, channel, 300, () -> {
      try {
        killedAt[0] = System.nanoTime();
        nodes.get(owner).kill9();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    System.out.printf("failover: kill -9 of owner node %d -> first acknowledged send on the moved channel after %d ms%n",
        owner, (firstSuccessAfter(killedAt[0]) - killedAt[0]) / 1_000_000);
    assertEquals(300, acked.size(), "every send eventually succeeds (retries with the same client_msg_no)");
    assertContiguousAndComplete(via, channel, acked);
    nodes.remove(owner);
    nodes.put(owner, start(owner)); // restart with the same node id
    assertEquals(200, http(owner).get("/readyz").status());
    assertContiguousAndComplete(owner, channel, acked);
  }

  @Test
  @Order(3)
  void aFourthNodeJoinsUnderLoad() throws Exception {
    String channel = "join-x";
    assertEquals(200, http(1).post("/channel", new JsonObject().put("channel_id", channel).put("channel_type", 2)
        .put("subscribers", new JsonArray().add("w"))).status());
    AtomicBoolean started = new AtomicBoolean();
    Map<String, Long> acked = sendWithRetries(1, channel, 300, () -> {
      try {
        nodes.put(4, start(4));
        started.set(true);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    assertTrue(started.get());
    assertEquals(300, acked.size());
    assertContiguousAndComplete(4, channel, acked);
  }

  @Test
  @Order(7)
  void aHungNodeIsDetectedByHeartbeatsAndItsChannelsMove() throws Exception {
    String channel = "hang-x";
    List<Integer> live = new ArrayList<>(nodes.keySet());
    live.sort(null);
    int owner = new ChannelRing(live, 128).ownerOf("2:" + channel);
    int via = live.stream().filter(id -> id != owner).findFirst().orElseThrow();
    assertEquals(200, http(via).post("/channel", new JsonObject().put("channel_id", channel).put("channel_type", 2)
        .put("subscribers", new JsonArray().add("w"))).status());
    long[] stoppedAt = new long[1];
    Map<String, Long> acked = sendWithRetries(via, channel, 60, () -> {
      try {
        stoppedAt[0] = System.nanoTime();
        new ProcessBuilder("kill", "-STOP", Long.toString(nodes.get(owner).pid())).start().waitFor();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    System.out.printf("hang: SIGSTOP of owner node %d -> first acknowledged send on the moved channel after %d ms%n",
        owner, (firstSuccessAfter(stoppedAt[0]) - stoppedAt[0]) / 1_000_000);
    assertEquals(60, acked.size());
    assertContiguousAndComplete(via, channel, acked);
    nodes.remove(owner).kill9();
  }

  @Test
  @Order(4)
  void aSecondNodeWithATakenIdRefusesToStart() throws Exception {
    Path dir = Files.createTempDirectory("jindou-dup");
    dirs.add(dir);
    Map<String, String> env = new HashMap<>(env(2));
    env.put("JINDOU_CLUSTER_PORT", Integer.toString(TestNode.freePort()));
    ChildNode.Exit exit = ChildNode.runToExit(dir, TestNode.freePort(), env);
    assertEquals(1, exit.code(), exit.stderr());
    assertTrue(exit.stderr().contains("node id 2 is already in the cluster"), exit.stderr());
  }

  @Test
  @Order(5)
  void rocksDbWithClusterModeIsRefused() throws Exception {
    Path dir = Files.createTempDirectory("jindou-rocks");
    dirs.add(dir);
    ChildNode.Exit exit = ChildNode.runToExit(dir, TestNode.freePort(), Map.of("JINDOU_CLUSTER", "on",
        "JINDOU_STORE", "rocksdb"));
    assertEquals(1, exit.code());
    assertTrue(exit.stderr().contains("cluster mode needs the shared Redis store"), exit.stderr());
  }

  static final List<Long> successTimes = java.util.Collections.synchronizedList(new ArrayList<>());

  static long firstSuccessAfter(long t) {
    synchronized (successTimes) {
      return successTimes.stream().filter(x -> x > t).min(Long::compare).orElse(t);
    }
  }

  @Test
  @Order(6)
  void aConsumerInAnotherJvmGetsEventsAndSendsThroughTheEventBusApi() throws Exception {
    List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), "io.jindou.eventbus.EventConsumerMain",
        Integer.toString(TestNode.freePort()), members);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    java.util.concurrent.LinkedBlockingQueue<String> lines = new java.util.concurrent.LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()))) {
        String l;
        while ((l = r.readLine()) != null) {
          lines.add(l);
        }
      } catch (java.io.IOException e) {
        // process ended
      }
    });
    reader.setDaemon(true);
    reader.start();
    try (WkClient c2 = client(2, "eb-target")) {
      awaitLine(lines, l -> l.equals("READY"));
      Thread.sleep(1000); // the consumer's registration propagates to every node
      assertEquals(200, http(1).post("/message/send", new JsonObject().put("from_uid", "biz").put("channel_id", "x1")
          .put("channel_type", 1).put("payload", "ZXZlbnQ=").put("client_msg_no", "ev-1")).status());
      String event = awaitLine(lines, l -> l.startsWith("EVENT ") && l.contains("ev-1"));
      assertEquals("ZXZlbnQ=", new JsonObject(event.substring(6)).getString("payload"));
      java.io.Writer w = new java.io.OutputStreamWriter(p.getOutputStream());
      w.write("SEND " + new JsonObject().put("from_uid", "service").put("channel_id", "eb-target").put("channel_type", 1)
          .put("payload", "ZnJvbSB0aGUgYnVz").encode() + "\n");
      w.flush();
      String reply = awaitLine(lines, l -> l.startsWith("REPLY ") || l.startsWith("FAIL "));
      assertTrue(reply.startsWith("REPLY "), reply);
      RecvPacket r = c2.await(RecvPacket.class, WAIT);
      assertEquals("from the bus", WkClient.text(r));
    } finally {
      p.destroy();
      p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
      p.destroyForcibly();
    }
  }

  static String awaitLine(java.util.concurrent.BlockingQueue<String> lines, java.util.function.Predicate<String> p)
      throws InterruptedException {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
    List<String> seen = new ArrayList<>();
    while (System.nanoTime() < deadline) {
      String l = lines.poll(1, java.util.concurrent.TimeUnit.SECONDS);
      if (l != null) {
        seen.add(l);
        if (p.test(l)) {
          return l;
        }
      }
    }
    throw new AssertionError("no matching line from the consumer; saw " + seen);
  }

  /** Sends n messages through node {@code via}, retrying each failure with the same client_msg_no; runs
   * {@code disruption} concurrently from a third of the way on. Returns client_msg_no → acknowledged seq. */
  static Map<String, Long> sendWithRetries(int via, String channel, int n, Runnable disruption) throws Exception {
    Map<String, Long> acked = new HashMap<>();
    Http http = http(via);
    Thread t = new Thread(disruption, "disruption");
    for (int i = 0; i < n; i++) {
      if (i == n / 3) {
        t.start(); // the disruption runs while the sends go on
      }
      String cmn = channel + "-" + i;
      JsonObject body = new JsonObject().put("from_uid", "w").put("channel_id", channel).put("channel_type", 2)
          .put("client_msg_no", cmn).put("payload", "eA==");
      for (int attempt = 0; ; attempt++) {
        Http.Res r;
        try {
          r = http.post("/message/send", body);
        } catch (RuntimeException e) {
          r = null;
        }
        if (r != null && r.status() == 200) {
          successTimes.add(System.nanoTime());
          acked.put(cmn, r.json().getLong("message_seq"));
          break;
        }
        assertTrue(attempt < 60, "send " + cmn + " kept failing: " + r);
        Thread.sleep(250);
      }
    }
    t.join(180_000);
    return acked;
  }

  static void assertContiguousAndComplete(int via, String channel, Map<String, Long> acked) {
    JsonArray ms = http(via).post("/channel/messagesync", new JsonObject().put("login_uid", "w")
        .put("channel_id", channel).put("channel_type", 2).put("start_message_seq", 1).put("pull_mode", 1)
        .put("limit", 10000)).json().getJsonArray("messages");
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < ms.size(); i++) {
      JsonObject m = ms.getJsonObject(i);
      assertEquals(i + 1L, m.getLong("message_seq"), "contiguous sequence");
      assertTrue(seen.add(m.getString("client_msg_no")), "duplicate " + m.getString("client_msg_no"));
    }
    assertEquals(acked.size(), ms.size(), "no extra messages");
    for (Map.Entry<String, Long> e : acked.entrySet()) {
      assertTrue(seen.contains(e.getKey()), "acknowledged " + e.getKey() + " is stored");
    }
  }
}
