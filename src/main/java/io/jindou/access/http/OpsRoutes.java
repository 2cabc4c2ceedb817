package io.jindou.access.http;

import io.jindou.access.json.UserJson;
import io.jindou.model.NodeCall;
import io.jindou.usecase.NodeOps;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.function.BooleanSupplier;

/**
 * Liveness, readiness, connection-address discovery ({@code /health}, {@code /healthz}, {@code /readyz},
 * {@code /route}, {@code /route/batch}) and the API's own description ({@code /docs/openapi.json}, the
 * {@code openapi.json} packaged in the jar). {@code /route} names a ready node for the client: the one asked
 * for with {@code node_id}, else one picked from the uid (spreading clients over the cluster, stable while the
 * ring is), else this node. Readiness comes from the composition root; this class never decides it, and
 * {@code /readyz} shows what the node sees of its cluster (members seen and expected, the ring).
 */
final class OpsRoutes {
  private final BooleanSupplier ready;
  private final NodeOps nodes;

  OpsRoutes(BooleanSupplier ready, NodeOps nodes) {
    this.ready = ready;
    this.nodes = nodes;
  }

  /** The OpenAPI document of the HTTP API, read once from the jar. */
  private static final Buffer OPENAPI = openApi();

  private static Buffer openApi() {
    try (java.io.InputStream in = OpsRoutes.class.getResourceAsStream("/openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi.json is missing from the classpath");
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot read openapi.json", e);
    }
  }

  void register(Router r) {
    r.get("/docs/openapi.json").handler(rc -> rc.response().putHeader("content-type", "application/json")
        .end(OPENAPI));
    r.get("/health").handler(rc -> health(rc, new JsonObject().put("status", "ok"),
        new JsonObject().put("status", "error").put("message", "not ready")));
    r.get("/healthz").handler(rc -> json(rc, 200, new JsonObject().put("status", "ok")));
    r.get("/readyz").handler(this::readyz);
    Api.get(r, "/route", rc -> {
      String node = firstParam(rc, "node_id", "nodeId", "nodeID");
      int asked = node == null || node.isEmpty() ? 0 : ConnViews.number(name -> node, "node_id", 0, 1, 1023);
      return nodes.route(asked, Api.param(rc, "uid")).map(a -> view(rc, a));
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
    return nodes.routeBatch(UserJson.uidArray(uids)).map(groups -> {
      JsonArray out = new JsonArray();
      groups.forEach(g -> out.add(view(rc, g.addresses()).put("uids", new JsonArray(new ArrayList<>(g.uids())))));
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

  /** 200 or 503, and what this node sees of its cluster either way. */
  private void readyz(RoutingContext rc) {
    boolean up = ready.getAsBoolean();
    io.jindou.model.ClusterSight s = nodes.sight();
    JsonObject body = new JsonObject().put("ready", up);
    if (!up) {
      body.put("reason", s.majority() ? "node has not joined the ring or storage is down"
          : "node sees " + s.seen() + " of " + s.expected() + " expected cluster members; a majority needs "
          + s.needed() + ": it refuses writes until it sees one");
    }
    body.put("node_id", nodes.localNode()).put("cluster", new JsonObject().put("members_seen", s.seen())
        .put("members_expected", s.expected()).put("majority_needed", s.needed()).put("majority", s.majority())
        .put("ring", new JsonArray(new ArrayList<>(s.ring()))));
    json(rc, up ? 200 : 503, body);
  }

  private void health(RoutingContext rc, JsonObject ok, JsonObject notOk) {
    boolean up = ready.getAsBoolean();
    json(rc, up ? 200 : rc.request().path().equals("/health") ? 500 : 503, up ? ok : notOk);
  }

  private static void json(RoutingContext rc, int status, JsonObject body) {
    rc.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.toBuffer());
  }

  /**
   * Where a client reaches a node. A node without {@code advertise_host} is reached on the address this request
   * came in on (the listener's own address for this connection, never the client's {@code Host} header, which
   * anyone can set); with TLS on the gateway the WebSocket address is {@code wss://} and also given as
   * {@code wss_addr}.
   */
  private static JsonObject view(RoutingContext rc, NodeCall.ClientAddresses a) {
    boolean intranet = "1".equals(Api.param(rc, "intranet"));
    String host = a.host().isEmpty() ? localHost(rc) : a.host();
    String ws = (a.tls() ? "wss://" : "ws://") + host + ":" + a.wsPort();
    return new JsonObject().put("tcp_addr", host + ":" + a.tcpPort()).put("ws_addr", intranet ? "" : ws)
        .put("wss_addr", a.tls() && !intranet ? ws : "");
  }

  /** The local address of the request's connection, bracketed when IPv6. */
  private static String localHost(RoutingContext rc) {
    io.vertx.core.net.SocketAddress local = rc.request().connection().localAddress();
    String ip = local == null ? null : local.hostAddress();
    if (ip == null || ip.isEmpty()) {
      return "127.0.0.1";
    }
    return ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip;
  }
}
