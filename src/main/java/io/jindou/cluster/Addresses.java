package io.jindou.cluster;

/**
 * Every event-bus address Jindou uses, in one place. Node-scoped addresses carry the configured node id
 * (stable across restarts), never the Vert.x/Hazelcast member UUID.
 */
public final class Addresses {
  private Addresses() {
  }

  /** The channel-owner shard {@code shard} on node {@code nodeId}. */
  public static String owner(int nodeId, int shard) {
    return "jindou.owner." + nodeId + "." + shard;
  }

  /** The delivery inbox of node {@code nodeId}'s gateway (one batch per node per message). */
  public static String deliver(int nodeId) {
    return "jindou.deliver." + nodeId;
  }
}
