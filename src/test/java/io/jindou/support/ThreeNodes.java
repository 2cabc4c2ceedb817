package io.jindou.support;

import io.jindou.cluster.ChannelRing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Jindou cluster of three real JVM processes ({@link ChildNode}, node ids 1 to 3) on a shared Redis, standalone
 * or Redis Cluster: free HTTP and cluster ports, one data folder per node, a short heartbeat timeout, and every
 * node ready (it sees a majority) before {@link #start} returns. {@link #restartAll} stops the three and starts
 * them again on the same ports and folders, with more settings, so no owner holds any channel in memory
 * afterwards. {@link #close()} stops the processes and deletes the folders (the Redis belongs to the caller).
 */
public final class ThreeNodes implements AutoCloseable {
  private static final ChannelRing RING = new ChannelRing(List.of(1, 2, 3), 128);

  private final Map<String, String> base = new HashMap<>();
  private final Map<Integer, Integer> httpPorts = new HashMap<>();
  private final Map<Integer, Integer> hzPorts = new HashMap<>();
  private final Map<Integer, Path> dirs = new HashMap<>();
  private final Map<Integer, ChildNode> nodes = new HashMap<>();

  private ThreeNodes() {
  }

  /**
   * Starts the three nodes on {@code redisUrl} (a comma-separated seed list with {@code redisCluster}), with
   * {@code extra} environment variables on top of the cluster settings.
   */
  public static ThreeNodes start(String redisUrl, boolean redisCluster, Map<String, String> extra)
      throws Exception {
    ThreeNodes c = new ThreeNodes();
    try {
      List<String> members = new ArrayList<>();
      for (int id = 1; id <= 3; id++) {
        c.httpPorts.put(id, TestNode.freePort());
        c.hzPorts.put(id, TestNode.freePort());
        c.dirs.put(id, Files.createTempDirectory("jindou-three-nodes"));
        members.add("127.0.0.1:" + c.hzPorts.get(id));
      }
      c.base.putAll(Map.of("JINDOU_CLUSTER", "on", "JINDOU_REDIS_URL", redisUrl, "JINDOU_CLUSTER_MEMBERS",
          String.join(",", members), "JINDOU_CLUSTER_HEARTBEAT_TIMEOUT_SECONDS", "5", "JINDOU_OWNER_SEND_TIMEOUT_MS",
          "2000", "JINDOU_OWNER_RETRIES", "6"));
      if (redisCluster) {
        c.base.put("JINDOU_REDIS_TYPE", "cluster");
      }
      c.base.putAll(extra);
      c.startAll(Map.of());
      return c;
    } catch (Exception | Error e) {
      c.close();
      throw e;
    }
  }

  /** The node (1 to 3) whose shard owns the channel. */
  public static int ownerOf(String channelId, int channelType) {
    return RING.ownerOf(channelType + ":" + channelId);
  }

  public Http http(int id) {
    return new Http(httpPorts.get(id));
  }

  public ChildNode node(int id) {
    return nodes.get(id);
  }

  /** Stops the three nodes, then starts them again with {@code extra} on top of their settings. */
  public void restartAll(Map<String, String> extra) throws Exception {
    stopAll();
    base.putAll(extra);
    startAll(Map.of());
  }

  private void startAll(Map<String, String> extra) throws Exception {
    for (int id = 1; id <= 3; id++) {
      Map<String, String> env = new HashMap<>(base);
      env.putAll(extra);
      env.put("JINDOU_NODE_ID", Integer.toString(id));
      env.put("JINDOU_CLUSTER_PORT", Integer.toString(hzPorts.get(id)));
      nodes.put(id, ChildNode.start(dirs.get(id), httpPorts.get(id), env, false));
    }
    for (ChildNode n : nodes.values()) { // a node alone is no majority: all three start, then each is ready
      n.awaitReadyz(200, Duration.ofSeconds(120));
    }
  }

  private void stopAll() throws InterruptedException {
    for (ChildNode n : nodes.values()) {
      n.close();
    }
    nodes.clear();
  }

  @Override
  public void close() throws InterruptedException {
    stopAll();
    for (Path d : dirs.values()) {
      try {
        TestNode.deleteTree(d);
      } catch (java.io.IOException e) {
        // a temporary folder left behind is harmless
      }
    }
  }
}
