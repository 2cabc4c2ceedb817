package io.jindou.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.support.ChildNode;
import io.jindou.support.Http;
import io.jindou.support.RedisServer;
import io.jindou.support.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A cluster configured the way containers are: every node has its own address and is named by a host name
 * ({@code cluster_host} and {@code cluster_members} are names, not addresses). Three JVMs resolve the names
 * through a hosts file of their own ({@code -Djdk.net.hosts.file}) that maps them to 127.0.0.1, 127.0.0.2 and
 * 127.0.0.3; they must bind their own address and form one cluster. Before ClusterBoot resolved names, the
 * first node exited ("'jd-node1' is not an IP address! Removing from interface list") and, with addresses as
 * cluster_host, Hazelcast dropped the members whose address was not this node's, so each formed a cluster
 * of one.
 */
class ClusterHostNamesTest {
  @Test
  void nodesNamedByHostNameOnDistinctAddressesFormOneCluster() throws Exception {
    Path dir = Files.createTempDirectory("jindou-names");
    Path hosts = dir.resolve("hosts");
    Files.writeString(hosts, "127.0.0.1 localhost\n127.0.0.1 jd-node1\n127.0.0.2 jd-node2\n127.0.0.3 jd-node3\n");
    Map<Integer, ChildNode> nodes = new HashMap<>();
    Map<Integer, Integer> http = new HashMap<>();
    List<String> members = new ArrayList<>();
    for (int id = 1; id <= 3; id++) {
      http.put(id, TestNode.freePort());
      members.add("jd-node" + id + ":" + TestNode.freePort());
    }
    try (RedisServer redis = RedisServer.start()) {
      for (int id = 1; id <= 3; id++) {
        Map<String, String> env = new HashMap<>(Map.of("JINDOU_CLUSTER", "on", "JINDOU_NODE_ID", Integer.toString(id),
            "JINDOU_REDIS_URL", redis.url(), "JINDOU_CLUSTER_HOST", "jd-node" + id,
            "JINDOU_CLUSTER_PORT", members.get(id - 1).split(":")[1],
            "JINDOU_CLUSTER_MEMBERS", String.join(",", members),
            "JINDOU_CLUSTER_RESOLVE_TIMEOUT_SECONDS", "5",
            "JAVA_TOOL_OPTIONS", "-Djdk.net.hosts.file=" + hosts));
        nodes.put(id, ChildNode.start(dir.resolve("n" + id), http.get(id), env, false));
      }
      for (ChildNode n : nodes.values()) { // ready once each sees a majority of the three
        n.awaitReadyz(200, java.time.Duration.ofSeconds(60));
      }
      // every node's ring lists every node: /varz?node_id=N on node M answers for N only when N is in M's ring
      long deadline = System.nanoTime() + 30_000_000_000L;
      String last = "";
      boolean whole = false;
      while (!whole && System.nanoTime() < deadline) {
        whole = true;
        for (int from = 1; from <= 3 && whole; from++) {
          for (int about = 1; about <= 3 && whole; about++) {
            Http.Res r = new Http(http.get(from)).get("/varz?node_id=" + about);
            if (r.status() != 200 || !Integer.toString(about).equals(r.json().getString("server_id"))) {
              whole = false;
              last = "node " + from + " asked about node " + about + ": " + r;
            }
          }
        }
        if (!whole) {
          Thread.sleep(200);
        }
      }
      assertTrue(whole, "one cluster of three within 30 s; last answer: " + last + "\nnode 1's log:\n"
          + nodes.get(1).output());
      assertTrue(nodes.get(2).output().contains("joined cluster as jd-node2 (127.0.0.2)"), nodes.get(2).output());

      // a cluster_host that never resolves: one line, exit 1, after the bounded wait
      ChildNode.Exit exit = ChildNode.runToExit(dir.resolve("n9"), TestNode.freePort(), Map.of("JINDOU_CLUSTER", "on",
          "JINDOU_NODE_ID", "9", "JINDOU_REDIS_URL", redis.url(), "JINDOU_CLUSTER_HOST", "jd-nowhere",
          "JINDOU_CLUSTER_MEMBERS", String.join(",", members), "JINDOU_CLUSTER_RESOLVE_TIMEOUT_SECONDS", "1",
          "JAVA_TOOL_OPTIONS", "-Djdk.net.hosts.file=" + hosts));
      assertEquals(1, exit.code());
      List<String> lines = exit.stderr().lines().filter(l -> l.startsWith("jindou:")).toList();
      assertEquals(1, lines.size(), exit.stderr());
      assertTrue(lines.get(0).startsWith("jindou: cannot start: cluster_host 'jd-nowhere' does not resolve to an address"),
          exit.stderr());
    } finally {
      for (ChildNode n : nodes.values()) {
        n.close();
      }
      TestNode.deleteTree(dir);
    }
  }
}
