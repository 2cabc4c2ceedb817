package io.jindou.access.http;

import io.jindou.cluster.Connections;
import io.jindou.cluster.Membership;
import io.jindou.model.JindouException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * The connection administration of the whole cluster. Every node serves its own connections at
 * {@code jindou.node.<id>} (online status, device quit, kick/remove, the connz and varz views, its client
 * addresses); the admin endpoints use this class to ask every ready node (online status, device quit) or the
 * one named by {@code node_id} (kicks, connz, varz, /route). A call to this node runs in place, so a
 * single node takes the same path without the bus. A node that does not answer within the timeout is left
 * out of cluster-wide answers (a dead node's connections are gone anyway). It adapts; it never decides who
 * may connect and never touches a socket itself.
 */
public final class NodeAdmin {
  private static final Logger LOG = Logger.getLogger(NodeAdmin.class.getName());
  private final Vertx vertx;
  private final Membership membership;
  private final Connections local;
  private final ConnViews views;
  private final JsonObject ownAddresses;
  private final DeliveryOptions options;
  private final Map<Integer, JsonObject> addresses = new ConcurrentHashMap<>();
  private volatile long addressesVersion = -1;

  /**
   * @param advertiseHost the host clients should dial for this node ("" = whatever host the client asked)
   */
  public NodeAdmin(Vertx vertx, Membership membership, Connections local, String advertiseHost, int tcpPort,
      int wsPort, int timeoutMs) {
    this.vertx = vertx;
    this.membership = membership;
    this.local = local;
    this.views = new ConnViews(local, membership.localNodeId(), ":" + tcpPort, ":" + wsPort);
    this.ownAddresses = new JsonObject().put("host", advertiseHost == null ? "" : advertiseHost)
        .put("tcp_port", tcpPort).put("ws_port", wsPort);
    this.options = new DeliveryOptions().setSendTimeout(timeoutMs);
  }

  /** Starts serving this node's part at {@code jindou.node.<id>}. */
  public Future<Void> start() {
    return vertx.eventBus().<JsonObject>consumer(io.jindou.cluster.Addresses.node(membership.localNodeId()), this::serve)
        .completion();
  }

  private void serve(Message<JsonObject> m) {
    try {
      m.reply(local(m.body()));
    } catch (RuntimeException e) {
      if (!(e instanceof JindouException)) {
        LOG.warning("node admin request " + m.body().getString("op") + " failed: " + e);
      }
      io.jindou.model.Failures.reply(m, e);
    }
  }

  private Object local(JsonObject req) {
    JsonObject args = req.getJsonObject("args", new JsonObject());
    Function<String, String> param = name -> args.getValue(name) == null ? null : args.getValue(name).toString();
    return switch (req.getString("op", "")) {
      case "online" -> {
        List<String> uids = new ArrayList<>();
        args.getJsonArray("uids").forEach(u -> uids.add((String) u));
        JsonArray out = new JsonArray();
        local.of(uids).forEach(c -> out.add(new JsonObject().put("uid", c.uid()).put("device_flag", c.deviceFlag())
            .put("online", 1)));
        yield out;
      }
      case "quit" -> local.quit(args.getString("uid"), args.getInteger("device_flag"));
      case "close" -> local.close(args.getLong("conn_id"), args.getBoolean("kick"));
      case "connz" -> views.connz(param);
      case "varz" -> views.varz(param);
      case "addresses" -> ownAddresses;
      default -> throw JindouException.invalid("unknown node admin op " + req.getString("op"));
    };
  }

  /** The ready nodes, ascending. */
  public List<Integer> nodes() {
    return membership.ring().members();
  }

  public int localNodeId() {
    return membership.localNodeId();
  }

  /** Runs {@code op} on node {@code node} (0 or this node's id: here); an unknown node is the caller's 400. */
  @SuppressWarnings("unchecked")
  <T> Future<T> call(int node, String op, JsonObject args) {
    JsonObject req = new JsonObject().put("op", op).put("args", args);
    if (node == 0 || node == membership.localNodeId()) {
      try {
        return Future.succeededFuture((T) local(req));
      } catch (RuntimeException e) {
        return Future.failedFuture(e);
      }
    }
    if (!nodes().contains(node)) {
      return Future.failedFuture(JindouException.invalid("node not found: " + node + " (ready nodes: " + nodes()
          + ")"));
    }
    return vertx.eventBus().<Object>request(io.jindou.cluster.Addresses.node(node), req, options).recover(err -> {
      JindouException refused = io.jindou.model.Failures.remote(err);
      return Future.failedFuture(refused != null ? refused
          : JindouException.unavailable("node " + node + " did not answer: " + err.getMessage()));
    }).map(r -> (T) r.body());
  }

  /** Runs {@code op} on every ready node; nodes that fail or time out are left out (one warning each). */
  <T> Future<List<T>> everywhere(String op, JsonObject args) {
    List<Integer> nodes = nodes().isEmpty() ? List.of(membership.localNodeId()) : nodes();
    List<Future<T>> calls = new ArrayList<>();
    for (int node : nodes) {
      calls.add(this.<T>call(node, op, args).onFailure(e -> LOG.warning("node " + node + " left out of " + op + ": "
          + e.getMessage())));
    }
    return Future.join(calls).transform(ar -> {
      List<T> out = new ArrayList<>();
      for (Future<T> f : calls) {
        if (f.succeeded()) {
          out.add(f.result());
        }
      }
      return Future.succeededFuture(out);
    });
  }

  /** The client addresses of {@code node} ({@code host}, {@code tcp_port}, {@code ws_port}); cached per ring. */
  Future<JsonObject> addresses(int node) {
    if (node == 0 || node == membership.localNodeId()) {
      return Future.succeededFuture(ownAddresses);
    }
    if (addressesVersion != membership.version()) {
      addresses.clear();
      addressesVersion = membership.version();
    }
    JsonObject known = addresses.get(node);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    return this.<JsonObject>call(node, "addresses", new JsonObject()).onSuccess(a -> addresses.put(node, a));
  }

  /** The node a client of {@code uid} is sent to by /route: spread over the ready nodes, stable per ring. */
  int routeNode(String uid) {
    return nodes().isEmpty() ? membership.localNodeId() : membership.ring().ownerOf("route:" + uid);
  }
}
