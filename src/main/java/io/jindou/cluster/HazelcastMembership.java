package io.jindou.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import io.jindou.model.ClusterSight;
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
 *
 * <p>It also watches the majority: a node that sees fewer than half of {@code expected} members (itself
 * included) is on the minority side of a partition, so it must not own channels (the majority side has taken
 * them over); {@link #sight()} says so, and the transition is logged once each way. When the partition heals
 * Hazelcast merges the minority back (the member may come back under a new member id): the node then enters
 * its claim and ready entries again under its current member id.
 */
public final class HazelcastMembership implements Membership {
  private static final Logger LOG = Logger.getLogger(HazelcastMembership.class.getName());
  private final HazelcastInstance hz;
  private final int nodeId;
  private final int shards;
  private final int virtualNodes;
  private final IMap<Integer, String> claims;
  private final IMap<Integer, String> ready;
  private final int expected;
  private volatile String self;
  private final AtomicLong version = new AtomicLong();
  private volatile ChannelRing ring;
  private volatile boolean closed;
  private volatile boolean announced;
  private volatile int seen;
  private volatile Boolean majority; // null until first looked at

  /** {@code expected}: members the operator configured; a majority of them is needed to own channels. */
  public HazelcastMembership(HazelcastInstance hz, int nodeId, int shards, int virtualNodes, int expected) {
    this.hz = hz;
    this.expected = Math.max(1, expected);
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
    watchMajority();
    hz.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent e) {
        watchMajority();
        rebuild();
      }

      @Override
      public void memberRemoved(MembershipEvent e) {
        watchMajority();
        forget(e.getMember().getUuid().toString());
        rebuild();
      }
    });
    hz.getLifecycleService().addLifecycleListener(e -> {
      if (e.getState() == LifecycleEvent.LifecycleState.MERGED) {
        LOG.info("node " + nodeId + " merged back into the cluster; entering the ring again");
        watchMajority();
      }
    });
    ready.addEntryListener((com.hazelcast.map.listener.EntryAddedListener<Integer, String>) e -> rebuild(), false);
    ready.addEntryListener((com.hazelcast.map.listener.EntryRemovedListener<Integer, String>) e -> rebuild(), false);
    ready.addEntryListener((com.hazelcast.map.listener.EntryUpdatedListener<Integer, String>) e -> rebuild(), false);
    Thread t = new Thread(() -> {
      while (!closed) {
        try {
          Thread.sleep(1000);
          watchMajority();
          reenter();
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

  /** Counts the members this node sees and logs when it loses or regains the majority. */
  private synchronized void watchMajority() {
    if (closed) {
      return;
    }
    int n = hz.getCluster().getMembers().size();
    seen = n;
    ClusterSight now = new ClusterSight(n, expected, List.of());
    Boolean before = majority;
    majority = now.majority();
    if (before == null && !now.majority()) {
      LOG.info("node " + nodeId + " sees " + n + " of " + expected + " expected cluster members; it owns no"
          + " channel and is not ready until it sees " + now.needed());
    } else if (Boolean.TRUE.equals(before) && !now.majority()) {
      LOG.warning("node " + nodeId + " lost the majority: it sees " + n + " of " + expected + " expected cluster"
          + " members (needs " + now.needed() + "); refusing writes for the channels it owns and answering /readyz"
          + " 503 until it sees a majority again");
    } else if (!Boolean.TRUE.equals(before) && now.majority()) {
      LOG.info("node " + nodeId + " sees " + n + " of " + expected + " expected cluster members (a majority):"
          + " owning channels");
    }
  }

  /**
   * After a merge the member id may have changed, and the other side has forgotten this node's entries: enter
   * them again under the current id (never over an entry of another live member).
   */
  private void reenter() {
    String now = hz.getCluster().getLocalMember().getUuid().toString();
    if (!now.equals(self)) {
      LOG.info("node " + nodeId + " has a new cluster member id " + now + " (was " + self + ")");
      self = now;
    }
    if (!announced || closed || !Boolean.TRUE.equals(majority)) {
      return;
    }
    Set<String> alive = alive();
    String claim = claims.get(nodeId);
    if (!now.equals(claim) && (claim == null || !alive.contains(claim))) {
      claims.put(nodeId, now);
    }
    String entry = ready.get(nodeId);
    if (!now.equals(entry) && (entry == null || !alive.contains(entry))) {
      ready.put(nodeId, now);
    }
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
    announced = true;
    ready.put(nodeId, self);
    rebuild();
  }

  @Override
  public ClusterSight sight() {
    return new ClusterSight(seen, expected, ring.members());
  }

  /** Whether this node sees a majority of the expected members (read on every write: a volatile read). */
  public boolean hasMajority() {
    return Boolean.TRUE.equals(majority);
  }

  /**
   * Leaves the ring (graceful stop): other nodes take this node's channels at once, and this node's own ring no
   * longer names it, so what it still serves goes to the new owners too.
   */
  public void leave() {
    announced = false;
    try {
      ready.remove(nodeId, self);
      claims.remove(nodeId, self);
      rebuild();
    } catch (RuntimeException e) {
      LOG.fine("leaving the ring: " + e);
    }
    closed = true;
  }
}
