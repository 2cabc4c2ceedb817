package io.jindou.usecase;

import io.jindou.model.ConnzPage;
import io.jindou.model.ConnzQuery;
import io.jindou.model.NodeCall;
import io.jindou.cluster.ConnzPages;
import io.jindou.cluster.NodeRpc;
import io.jindou.model.VarzFigures;
import io.jindou.model.VarzQuery;
import io.jindou.model.JindouException;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Client connections across the cluster (spec http-api §1.1, §1.3, §1.4): which devices of some uids are online
 * (every ready node), kicking or closing one connection, a node's connz page and varz figures, and where a client
 * should connect ({@code /route}), and the cluster's nodes for the manager console. Online status covers every
 * node; the rest acts on the node named (0 = this one). It never touches a socket: {@link NodeRpc} carries each
 * request to the node that holds the connections.
 */
public final class NodeOps {
  /** A node of the cluster as the console lists it: its id, whether it is ready, whether it is this node. */
  public record NodeStatus(int nodeId, boolean ready, boolean local) {
  }

  /** The uids routed to one node, and where clients reach it. */
  public record RouteGroup(NodeCall.ClientAddresses addresses, List<String> uids) {
  }

  /** The bytes of one connection in a {@code /connz} answer beyond its uid and device id. */
  static final int CONNECTION_BYTES = 400;
  private final NodeRpc nodes;
  private final int connectionsMax;

  /**
   * {@code limits}: {@code response_max_bytes} caps how many connections one page lists, each counted at the most
   * it can take (uid and device id of {@code id_max_length} characters, 3 bytes each in UTF-8).
   */
  public NodeOps(NodeRpc nodes, Limits limits) {
    this.nodes = nodes;
    this.connectionsMax = Math.max(1, limits.responseMaxBytes() / (CONNECTION_BYTES + 6 * limits.idMaxLength()));
  }

  /** One entry per open connection of these uids, on any node (duplicates in the request are ignored). */
  public Future<List<NodeCall.Device>> onlineStatus(List<String> uids) {
    List<String> wanted = List.copyOf(new LinkedHashSet<>(uids));
    return nodes.everywhere(new NodeCall.Online(wanted)).map(parts -> {
      List<NodeCall.Device> out = new ArrayList<>();
      parts.forEach(p -> out.addAll(p.devices()));
      return out;
    });
  }

  /**
   * Kicks ({@code kick}: DISCONNECT 12, then close) or closes connection {@code connId} (0 = not given) on
   * {@code node}; {@code opNode} names the node when {@code node} is 0.
   */
  public Future<Void> close(long connId, int node, int opNode, boolean kick) {
    if (connId <= 0) {
      throw JindouException.invalid("conn_id is required");
    }
    return nodes.call(opNode != 0 && node == 0 ? opNode : node, new NodeCall.Close(connId, kick)).mapEmpty();
  }

  /**
   * One page of {@code node}'s connections, at most as many as {@code response_max_bytes} holds (the answer's
   * {@code limit} says how many were asked for; a client pages on by {@code offset}); an unknown sort is refused
   * before anything is asked.
   */
  public Future<ConnzPage> connz(int node, ConnzQuery q) {
    ConnzPages.order(q.sort());
    return nodes.call(node, q.limit() <= connectionsMax ? q
        : new ConnzQuery(q.offset(), connectionsMax, q.sort(), q.uid()));
  }

  /** {@code node}'s figures, listing at most as many connections as {@code response_max_bytes} holds. */
  public Future<VarzFigures> varz(int node, VarzQuery q) {
    return nodes.call(node, q.connLimit() <= connectionsMax ? q : new VarzQuery(q.showConns(), connectionsMax));
  }

  /**
   * The nodes of the ring (every one ready) plus this node when it is not one of them, ascending; this node is
   * ready when it is in the ring and {@code localReady} (what {@code /readyz} says).
   */
  public List<NodeStatus> members(boolean localReady) {
    TreeSet<Integer> ids = new TreeSet<>(nodes.nodes());
    int local = nodes.localNodeId();
    boolean inRing = ids.contains(local);
    ids.add(local);
    List<NodeStatus> out = new ArrayList<>(ids.size());
    for (int id : ids) {
      out.add(id == local ? new NodeStatus(id, inRing && localReady, true) : new NodeStatus(id, true, false));
    }
    return out;
  }

  /** What this node sees of its cluster, for {@code /readyz}. */
  public io.jindou.model.ClusterSight sight() {
    return nodes.sight();
  }

  /** This node's id (what node 0 means). */
  public int localNode() {
    return nodes.localNodeId();
  }

  /**
   * Where a client connects: node {@code node} when given (above 0), else the node picked from {@code uid} (spread
   * over the ready nodes, the same on every node), else this node.
   */
  public Future<NodeCall.ClientAddresses> route(int node, String uid) {
    int target = node > 0 ? node : uid == null || uid.isEmpty() ? nodes.localNodeId() : nodes.routeNode(uid);
    return nodes.addresses(target);
  }

  /** The uids grouped by the node each is routed to, ascending by node (this node alone when there are none). */
  public Future<List<RouteGroup>> routeBatch(List<String> uids) {
    Map<Integer, List<String>> byNode = new TreeMap<>();
    for (String uid : uids) {
      byNode.computeIfAbsent(nodes.routeNode(uid), k -> new ArrayList<>()).add(uid);
    }
    if (byNode.isEmpty()) {
      byNode.put(nodes.localNodeId(), new ArrayList<>());
    }
    List<Future<RouteGroup>> parts = new ArrayList<>();
    byNode.forEach((node, ids) -> parts.add(nodes.addresses(node).map(a -> new RouteGroup(a, ids))));
    return Future.all(parts).map(done -> parts.stream().map(Future::result).toList());
  }
}
