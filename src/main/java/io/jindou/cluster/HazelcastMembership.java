package io.jindou.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * Membership over Hazelcast: a node claims its configured id in {@code jindou.nodes} at start (refusing to
 * start when a live member holds it), and joins the ring only after its owners are registered, by entering
 * {@code jindou.ready}. The ring is built from ready entries whose Hazelcast member is alive, so every node
 * computes the same owners; it is rebuilt on every member or map change and once a second. A departed
 * member's entries are removed by whichever node notices first. Thread-safe; it never routes requests.
 */
public final class HazelcastMembership implements Membership {
  private static final Logger LOG = Logger.getLogger(HazelcastMembership.class.getName());
  private final HazelcastInstance hz;
  private final int nodeId;
  private final int shards;
  private final int virtualNodes;
  private final IMap<Integer, String> claims;
  private final IMap<Integer, String> ready;
  private final String self;
  private final AtomicLong version = new AtomicLong();
  private volatile ChannelRing ring;
  private volatile boolean closed;

  public HazelcastMembership(HazelcastInstance hz, int nodeId, int shards, int virtualNodes) {
    this.hz = hz;
    this.nodeId = nodeId;
    this.shards = shards;
    this.virtualNodes = virtualNodes;
    this.claims = hz.getMap("jindou.nodes");
    this.ready = hz.getMap("jindou.ready");
    this.self = hz.getCluster().getLocalMember().getUuid().toString();
    this.ring = new ChannelRing(List.of(), virtualNodes);
  }

  /** Claims this node's id; throws {@link IllegalStateException} when a live member already holds it. */
  public void claim() {
    String other = claims.putIfAbsent(nodeId, self);
    if (other != null && !other.equals(self)) {
      if (alive().contains(other)) {
        throw new IllegalStateException("node id " + nodeId + " is already in the cluster (member " + other
            + "); give every node its own node_id");
      }
      if (!claims.replace(nodeId, other, self)) {
        throw new IllegalStateException("node id " + nodeId + " was claimed by another starting node");
      }
    }
    hz.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent e) {
        rebuild();
      }

      @Override
      public void memberRemoved(MembershipEvent e) {
        forget(e.getMember().getUuid().toString());
        rebuild();
      }
    });
    ready.addEntryListener((com.hazelcast.map.listener.EntryAddedListener<Integer, String>) e -> rebuild(), false);
    ready.addEntryListener((com.hazelcast.map.listener.EntryRemovedListener<Integer, String>) e -> rebuild(), false);
    ready.addEntryListener((com.hazelcast.map.listener.EntryUpdatedListener<Integer, String>) e -> rebuild(), false);
    Thread t = new Thread(() -> {
      while (!closed) {
        try {
          Thread.sleep(1000);
          rebuild();
        } catch (InterruptedException e) {
          return;
        } catch (RuntimeException e) {
          if (!closed) {
            LOG.fine("ring reconcile: " + e);
          }
        }
      }
    }, "jindou-ring-reconcile");
    t.setDaemon(true);
    t.start();
  }

  private Set<String> alive() {
    Set<String> out = new HashSet<>();
    for (Member m : hz.getCluster().getMembers()) {
      out.add(m.getUuid().toString());
    }
    return out;
  }

  private void forget(String uuid) {
    for (Map.Entry<Integer, String> e : ready.entrySet()) {
      if (e.getValue().equals(uuid)) {
        ready.remove(e.getKey(), uuid);
      }
    }
    for (Map.Entry<Integer, String> e : claims.entrySet()) {
      if (e.getValue().equals(uuid)) {
        claims.remove(e.getKey(), uuid);
      }
    }
  }

  private synchronized void rebuild() {
    if (closed) {
      return;
    }
    Set<String> alive = alive();
    List<Integer> members = new ArrayList<>();
    for (Map.Entry<Integer, String> e : ready.entrySet()) {
      if (alive.contains(e.getValue())) {
        members.add(e.getKey());
      }
    }
    members.sort(null);
    if (!members.equals(ring.members())) {
      ring = new ChannelRing(members, virtualNodes);
      version.incrementAndGet();
      LOG.info("ring of node " + nodeId + " is now " + members);
    }
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
    return version.get();
  }

  @Override
  public void announceReady() {
    ready.put(nodeId, self);
    rebuild();
  }

  /** Leaves the ring (graceful stop): other nodes take this node's channels at once. */
  public void leave() {
    closed = true;
    try {
      ready.remove(nodeId, self);
      claims.remove(nodeId, self);
    } catch (RuntimeException e) {
      LOG.fine("leaving the ring: " + e);
    }
  }
}
