package io.jindou.cluster;

import io.jindou.model.ConnzQuery;
import io.jindou.model.Failures;
import io.jindou.model.JindouException;
import io.jindou.model.NodeCall;
import io.jindou.model.VarzQuery;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Typed RPC between the nodes for connection administration. Every node serves its own connections at
 * {@link Addresses#node} ({@link NodeCall}s: online devices, device quit, kick/remove, the connz page, the varz
 * figures, its client addresses); callers ask one node ({@link #call}) or every ready node ({@link #everywhere}).
 * A call to this node runs in place, so a single node takes the same path without the bus. A node that does
 * not answer within the timeout fails the call (UNAVAILABLE) and is left out of cluster-wide answers (a dead
 * node's connections are gone anyway). Refusals cross the bus through {@link Failures}. It never decides who
 * may connect and never renders anything.
 */
public final class NodeRpc {
  private static final Logger LOG = Logger.getLogger(NodeRpc.class.getName());
  private final Vertx vertx;
  private final Membership membership;
  private final Connections local;
  private final NodeCall.ClientAddresses own;
  private final DeliveryOptions options;
  private final Map<Integer, NodeCall.ClientAddresses> addresses = new ConcurrentHashMap<>();
  private volatile long addressesVersion = -1;

  /** {@code own}: where clients reach this node ({@code host} "" = whatever host the client asked). */
  public NodeRpc(Vertx vertx, Membership membership, Connections local, NodeCall.ClientAddresses own,
      int timeoutMs) {
    this.vertx = vertx;
    this.membership = membership;
    this.local = local;
    this.own = own;
    this.options = new DeliveryOptions().setSendTimeout(timeoutMs);
  }

  /** What this node sees of the cluster (members seen and expected, its ring). */
  public io.jindou.model.ClusterSight sight() {
    return membership.sight();
  }

  /** Starts serving this node's part at {@link Addresses#node}. */
  public Future<Void> start() {
    return vertx.eventBus().<NodeCall<?>>consumer(Addresses.node(membership.localNodeId()), this::serve)
        .completion();
  }

  private void serve(Message<NodeCall<?>> m) {
    try {
      m.reply(local(m.body()));
    } catch (RuntimeException e) {
      if (!(e instanceof JindouException)) {
        LOG.warning("node request " + m.body() + " failed: " + e);
      }
      Failures.reply(m, e);
    }
  }

  /** Runs {@code call} on this node. */
  @SuppressWarnings("unchecked")
  private <R> R local(NodeCall<R> call) {
    int node = membership.localNodeId();
    Object reply;
    if (call instanceof NodeCall.Online q) {
      reply = new NodeCall.Devices(local.of(q.uids()).stream()
          .map(c -> new NodeCall.Device(c.uid(), c.deviceFlag())).toList());
    } else if (call instanceof NodeCall.Quit q) {
      reply = local.quit(q.uid(), q.deviceFlag());
    } else if (call instanceof NodeCall.Close q) {
      reply = local.close(q.connId(), q.kick());
    } else if (call instanceof ConnzQuery q) {
      reply = ConnzPages.page(q, local.all(), System.currentTimeMillis(), node);
    } else if (call instanceof VarzQuery q) {
      reply = NodeFigures.of(local, q, node, own.tcpPort(), own.wsPort());
    } else if (call instanceof NodeCall.AddressQuery) {
      reply = own;
    } else {
      throw new IllegalArgumentException("unknown node call " + call);
    }
    return (R) reply;
  }

  /** The ready nodes, ascending. */
  public List<Integer> nodes() {
    return membership.ring().members();
  }

  public int localNodeId() {
    return membership.localNodeId();
  }

  /** Runs {@code call} on node {@code node} (0 or this node's id: here); an unknown node is the caller's 400. */
  public <R> Future<R> call(int node, NodeCall<R> call) {
    if (node == 0 || node == membership.localNodeId()) {
      try {
        return Future.succeededFuture(local(call));
      } catch (RuntimeException e) {
        return Future.failedFuture(e);
      }
    }
    if (!nodes().contains(node)) {
      return Future.failedFuture(JindouException.invalid("node not found: " + node + " (ready nodes: " + nodes()
          + ")"));
    }
    return vertx.eventBus().<R>request(Addresses.node(node), call, options).recover(err -> {
      JindouException refused = Failures.remote(err);
      return Future.failedFuture(refused != null ? refused
          : JindouException.unavailable("node " + node + " did not answer: " + err.getMessage()));
    }).map(Message::body);
  }

  /** Runs {@code call} on every ready node; nodes that fail or time out are left out (one warning each). */
  public <R> Future<List<R>> everywhere(NodeCall<R> call) {
    List<Integer> nodes = nodes().isEmpty() ? List.of(membership.localNodeId()) : nodes();
    List<Future<R>> calls = new ArrayList<>();
    for (int node : nodes) {
      calls.add(call(node, call).onFailure(e -> LOG.warning("node " + node + " left out of " + call + ": "
          + e.getMessage())));
    }
    return Future.join(calls).transform(ar -> {
      List<R> out = new ArrayList<>();
      for (Future<R> f : calls) {
        if (f.succeeded()) {
          out.add(f.result());
        }
      }
      return Future.succeededFuture(out);
    });
  }

  /** The client addresses of {@code node} (0 = this one); cached until the ring changes. */
  public Future<NodeCall.ClientAddresses> addresses(int node) {
    if (node == 0 || node == membership.localNodeId()) {
      return Future.succeededFuture(own);
    }
    if (addressesVersion != membership.version()) {
      addresses.clear();
      addressesVersion = membership.version();
    }
    NodeCall.ClientAddresses known = addresses.get(node);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    return call(node, new NodeCall.AddressQuery(node)).onSuccess(a -> addresses.put(node, a));
  }

  /** The node a client of {@code uid} is sent to by /route: spread over the ready nodes, stable per ring. */
  public int routeNode(String uid) {
    return nodes().isEmpty() ? membership.localNodeId() : membership.ring().ownerOf("route:" + uid);
  }
}
