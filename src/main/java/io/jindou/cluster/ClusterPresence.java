package io.jindou.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Presence across the cluster: this node's sessions (from the gateway registry) plus a copy of which uids
 * are online on every other node, kept by events each node publishes when a uid's first session opens or its
 * last one closes, seeded from the other nodes' snapshots at start, and purged for nodes that leave the ring.
 * Lookups are local memory reads, so fan-out never waits on the network. Eventually consistent: a device
 * that has just connected elsewhere may miss a push and catches up by sync. It never delivers anything.
 */
public final class ClusterPresence implements Presence {
  private static final Logger LOG = Logger.getLogger(ClusterPresence.class.getName());

  private final Vertx vertx;
  private final int nodeId;
  private final Presence local;
  private final Supplier<Collection<String>> localUids;
  private final Membership membership;
  private final Map<String, Set<Integer>> remote = new ConcurrentHashMap<>();
  private volatile long seenVersion = -1;

  public ClusterPresence(Vertx vertx, int nodeId, Presence local, Supplier<Collection<String>> localUids,
      Membership membership) {
    this.vertx = vertx;
    this.nodeId = nodeId;
    this.local = local;
    this.localUids = localUids;
    this.membership = membership;
  }

  /** Starts listening and pulls the other ready nodes' snapshots. */
  public Future<Void> start() {
    vertx.eventBus().<JsonObject>consumer(Addresses.PRESENCE, m -> {
      JsonObject e = m.body();
      int node = e.getInteger("node");
      if (node != nodeId) {
        apply(e.getString("uid"), node, e.getBoolean("on"));
      }
    });
    Future<Void> registered = vertx.eventBus().<Object>consumer(Addresses.presenceSnapshot(nodeId),
        m -> m.reply(new JsonArray(new ArrayList<>(localUids.get())))).completion();
    return registered.compose(v -> {
      List<Future<?>> pulls = new ArrayList<>();
      for (int node : membership.ring().members()) {
        if (node == nodeId) {
          continue;
        }
        pulls.add(vertx.eventBus().<JsonArray>request(Addresses.presenceSnapshot(node), "",
                new DeliveryOptions().setSendTimeout(5000))
            .onSuccess(r -> r.body().forEach(uid -> apply((String) uid, node, true)))
            .onFailure(e -> LOG.warning("presence snapshot of node " + node + " failed: " + e.getMessage())));
      }
      return Future.join(pulls).mapEmpty();
    });
  }

  /** Called by the local gateway when a uid's first session opens ({@code online}) or its last one closes. */
  public void changed(String uid, boolean online) {
    vertx.eventBus().publish(Addresses.PRESENCE, new JsonObject().put("node", nodeId).put("uid", uid).put("on", online));
  }

  private void apply(String uid, int node, boolean online) {
    if (online) {
      remote.computeIfAbsent(uid, k -> ConcurrentHashMap.newKeySet()).add(node);
    } else {
      remote.computeIfPresent(uid, (k, nodes) -> {
        nodes.remove(node);
        return nodes.isEmpty() ? null : nodes;
      });
    }
  }

  private void purgeDeparted() {
    long v = membership.version();
    if (v == seenVersion) {
      return;
    }
    seenVersion = v;
    Set<Integer> live = Set.copyOf(membership.ring().members());
    remote.replaceAll((uid, nodes) -> {
      nodes.removeIf(n -> !live.contains(n));
      return nodes;
    });
    remote.values().removeIf(Set::isEmpty);
  }

  /**
   * Master sessions on this node as {@code local} knows them; on other nodes any session (their device levels are
   * not shared), so a uid with only a slave device on another node counts as online there.
   */
  @Override
  public Set<String> withMaster(Collection<String> uids) {
    purgeDeparted();
    Set<String> out = new java.util.HashSet<>(local.withMaster(uids));
    for (String uid : uids) {
      if (remote.containsKey(uid)) {
        out.add(uid);
      }
    }
    return out;
  }

  @Override
  public Map<Integer, List<String>> locate(Collection<String> uids) {
    purgeDeparted();
    Map<Integer, List<String>> out = new HashMap<>(local.locate(uids));
    if (remote.isEmpty()) {
      return out;
    }
    boolean walkOnline = uids instanceof Set<?> set && set.size() > remote.size();
    for (String uid : walkOnline ? remote.keySet() : uids) {
      if (walkOnline && !uids.contains(uid)) {
        continue;
      }
      Set<Integer> nodes = remote.get(uid);
      if (nodes != null) {
        for (int n : nodes) {
          out.computeIfAbsent(n, k -> new ArrayList<>()).add(uid);
        }
      }
    }
    return out;
  }
}
