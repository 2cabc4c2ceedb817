package io.jindou.support;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real multi-master Redis Cluster for one test class: {@code n} private {@link RedisServer} processes in cluster
 * mode, the 16384 slots split into {@code n} contiguous ranges ({@code CLUSTER ADDSLOTSRANGE}), joined with
 * {@code CLUSTER MEET}, and returned once every node reports {@code cluster_state:ok} and knows all the others.
 * No replicas. {@link #close()} kills every process and deletes their folders. It never touches the system Redis.
 */
public final class RedisCluster implements AutoCloseable {
  private static final long JOIN_TIMEOUT_MS = 20_000;
  private static final int SLOTS = 16384;

  private final List<RedisServer> masters = new ArrayList<>();

  private RedisCluster() {
  }

  /** Starts {@code n} masters (n ≥ 1), each owning about 16384 / n slots. */
  public static RedisCluster start(int n) throws IOException, InterruptedException {
    RedisCluster c = new RedisCluster();
    try {
      for (int i = 0; i < n; i++) {
        c.masters.add(RedisServer.startClusterNode());
      }
      for (int i = 0; i < n; i++) {
        int from = i * SLOTS / n;
        int to = (i + 1) * SLOTS / n - 1;
        c.masters.get(i).command("CLUSTER", "ADDSLOTSRANGE", Integer.toString(from), Integer.toString(to));
      }
      RedisServer first = c.masters.get(0);
      for (int i = 1; i < n; i++) {
        first.command("CLUSTER", "MEET", "127.0.0.1", Integer.toString(c.masters.get(i).port()));
      }
      c.awaitJoined();
      return c;
    } catch (IOException | InterruptedException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  public List<RedisServer> masters() {
    return List.copyOf(masters);
  }

  /** The seed list for a cluster client: every master's {@code redis://127.0.0.1:<port>}, comma-separated. */
  public String urls() {
    return String.join(",", masters.stream().map(RedisServer::url).toList());
  }

  /** The master that owns {@code key}'s hash slot. */
  public RedisServer ownerOf(String key) throws IOException {
    int slot = Integer.parseInt(masters.get(0).command("CLUSTER", "KEYSLOT", key));
    return masters.get(indexOfSlot(slot));
  }

  private int indexOfSlot(int slot) {
    int n = masters.size();
    for (int i = 0; i < n; i++) {
      if (slot >= i * SLOTS / n && slot <= (i + 1) * SLOTS / n - 1) {
        return i;
      }
    }
    throw new IllegalArgumentException("slot " + slot);
  }

  @Override
  public void close() {
    for (RedisServer s : masters) {
      s.close();
    }
  }

  private void awaitJoined() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(JOIN_TIMEOUT_MS);
    String last = "";
    while (System.nanoTime() < deadline) {
      boolean ok = true;
      for (RedisServer s : masters) {
        last = s.command("CLUSTER", "INFO");
        if (last == null || !last.contains("cluster_state:ok") || !last.contains("cluster_known_nodes:"
            + masters.size() + "\r") || !last.contains("cluster_slots_ok:" + SLOTS + "\r")) {
          ok = false;
          break;
        }
      }
      if (ok) {
        return;
      }
      Thread.sleep(50);
    }
    throw new IOException("the " + masters.size() + "-master cluster did not become ok: " + last);
  }
}
