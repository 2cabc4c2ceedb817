package io.jindou.access.http;

import io.jindou.cluster.NodeRpc;
import io.jindou.model.JindouException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/**
 * Liveness, readiness and connection-address discovery ({@code /health}, {@code /healthz}, {@code /readyz},
 * {@code /route}, {@code /route/batch}). {@code /route} names a ready node for the client: the one asked
 * for with {@code node_id}, else one picked from the uid (spreading clients over the cluster, stable while the
 * ring is), else this node. Readiness comes from the composition root; this class never decides it.
 */
final class OpsRoutes {
  private final BooleanSupplier ready;
  private final NodeRpc nodes;

  OpsRoutes(BooleanSupplier ready, NodeRpc nodes) {
    this.ready = ready;
    this.nodes = nodes;
  }

  void register(Router r) {
    r.get("/health").handler(rc -> health(rc, new JsonObject().put("status", "ok"),
        new JsonObject().put("status", "error").put("message", "not ready")));
    r.get("/healthz").handler(rc -> json(rc, 200, new JsonObject().put("status", "ok")));
    r.get("/readyz").handler(rc -> health(rc, new JsonObject().put("ready", true),
        new JsonObject().put("ready", false).put("reason", "node has not joined the ring or storage is down")));
    Api.get(r, "/route", rc -> {
      String node = firstParam(rc, "node_id", "nodeId", "nodeID");
      String uid = Api.param(rc, "uid");
      int target;
      if (node != null && !node.isEmpty()) {
        target = ConnViews.number(name -> node, "node_id", 0, 1, 1023);
      } else {
        target = uid == null || uid.isEmpty() ? nodes.localNodeId() : nodes.routeNode(uid);
      }
      return addresses(rc, target);
    });
    r.post("/route/batch").handler(rc -> {
      Future<JsonArray> answer;
      try {
        answer = batch(rc, Api.arrayBody(rc));
      } catch (RuntimeException e) {
        answer = Future.failedFuture(e);
      }
      answer.onSuccess(out -> rc.response().putHeader("content-type", "application/json").end(out.toBuffer()))
          .onFailure(e -> Api.fail(rc, e));
    });
  }

  /** One element per node the uids are routed to (a single node: always one element, as WuKongIM answers). */
  private Future<JsonArray> batch(RoutingContext rc, JsonArray uids) {
    Map<Integer, JsonArray> byNode = new TreeMap<>();
    for (int i = 0; i < uids.size(); i++) {
      if (!(uids.getValue(i) instanceof String uid)) {
        throw JindouException.invalid("body must be an array of uid strings; element " + i + " is not a string");
      }
      byNode.computeIfAbsent(nodes.routeNode(uid), k -> new JsonArray()).add(uid);
    }
    if (byNode.isEmpty()) {
      byNode.put(nodes.localNodeId(), new JsonArray());
    }
    List<Future<JsonObject>> parts = new ArrayList<>();
    byNode.forEach((node, ids) -> parts.add(addresses(rc, node).map(a -> a.put("uids", ids))));
    return Future.all(parts).map(done -> {
      JsonArray out = new JsonArray();
      parts.forEach(p -> out.add(p.result()));
      return out;
    });
  }

  private static String firstParam(RoutingContext rc, String... names) {
    for (String n : names) {
      String v = Api.param(rc, n);
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  private void health(RoutingContext rc, JsonObject ok, JsonObject notOk) {
    boolean up = ready.getAsBoolean();
    json(rc, up ? 200 : rc.request().path().equals("/health") ? 500 : 503, up ? ok : notOk);
  }

  private static void json(RoutingContext rc, int status, JsonObject body) {
    rc.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.toBuffer());
  }

  /** Node {@code node}'s client addresses; a node without advertise_host is reached by the host the client used. */
  private Future<JsonObject> addresses(RoutingContext rc, int node) {
    boolean intranet = "1".equals(Api.param(rc, "intranet"));
    String asked = rc.request().authority() != null ? rc.request().authority().host() : "127.0.0.1";
    return nodes.addresses(node).map(a -> {
      String host = a.host().isEmpty() ? asked : a.host();
      return new JsonObject().put("tcp_addr", host + ":" + a.tcpPort())
          .put("ws_addr", intranet ? "" : "ws://" + host + ":" + a.wsPort()).put("wss_addr", "");
    });
  }
}
