package io.jindou.cluster;

import io.jindou.model.ClusterSight;
import java.util.List;

/**
 * Membership of a single-node cluster: the ring contains this node once it has announced ready, and nothing
 * else. The routing path is the same as in a multi-node cluster; only the member set is fixed. It must
 * never be used when cluster mode is on.
 */
public final class LocalMembership implements Membership {
  private final int nodeId;
  private final int shards;
  private final int virtualNodes;
  private volatile ChannelRing ring;

  public LocalMembership(int nodeId, int shards, int virtualNodes) {
    this.nodeId = nodeId;
    this.shards = shards;
    this.virtualNodes = virtualNodes;
    this.ring = new ChannelRing(List.of(), virtualNodes);
  }

  @Override
  public int localNodeId() {
    return nodeId;
  }

  @Override
  public int shards() {
    return shards;
  }

  @Override
  public ChannelRing ring() {
    return ring;
  }

  @Override
  public long version() {
    return 0; // a single node's ring never changes after it is ready
  }

  @Override
  public void announceReady() {
    ring = new ChannelRing(List.of(nodeId), virtualNodes);
  }

  @Override
  public ClusterSight sight() {
    return new ClusterSight(1, 1, ring.members()); // alone, a node is the whole cluster
  }

  @Override
  public boolean hasMajority() {
    return true;
  }
}
