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

  /** Published for every committed message (at-most-once; JSON). */
  public static final String EVENT_MESSAGE = "jindou.event.message";
  /** Published when a device session opens / closes (JSON: uid, device_flag, device_id, node, conn_id). */
  public static final String EVENT_USER_ONLINE = "jindou.event.user.online";
  public static final String EVENT_USER_OFFLINE = "jindou.event.user.offline";

  /** The delivery inbox of node {@code nodeId}'s gateway (one batch per node per message). */
  public static String deliver(int nodeId) {
    return "jindou.deliver." + nodeId;
  }
}
