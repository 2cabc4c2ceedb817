package io.jindou.cluster;

import io.jindou.model.ClusterSight;

/**
 * Which nodes are ready to own channels, and the ring built over them. The ring is swapped atomically on
 * every change and read lock-free by any thread. Implementations: {@link LocalMembership} (a single-node
 * cluster) and, in cluster mode, a Hazelcast-backed one. It never routes requests itself.
 */
public interface Membership {

  /** This node's configured id. */
  int localNodeId();

  /** Shards (owner verticles) per node; identical on every node. */
  int shards();

  /** The current ring over ready members. */
  ChannelRing ring();

  /** Increases whenever the ring changes; owners drop cached channel state when it moves. */
  long version();

  /** Announces this node ready (its owners are registered) so it joins the ring. */
  void announceReady();

  /**
   * What this node sees of the cluster now: members reachable, members expected, its ring. Without a
   * majority the node refuses to own channels (writes fail with UNAVAILABLE) and is not ready.
   */
  ClusterSight sight();

  /** Whether this node sees a majority of the expected members: may it own channels now? */
  default boolean hasMajority() {
    return sight().majority();
  }
}
