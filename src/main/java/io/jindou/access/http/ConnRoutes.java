package io.jindou.access.http;

import io.jindou.access.json.Body;
import io.jindou.cluster.ConnzQuery;
import io.jindou.cluster.NodeCall;
import io.jindou.cluster.NodeRpc;
import io.jindou.cluster.VarzQuery;
import io.jindou.model.JindouException;
import io.jindou.user.UserService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Connection endpoints (spec http-api §1.3, §1.4, §1.1): device quit, kick/remove, online status, and the
 * {@code /connz} and {@code /varz} monitoring views. Online status and device quit cover every node of the
 * cluster; kicks, connz and varz act on the node named by {@code node_id} (default: this one). Adapts HTTP
 * to {@link NodeRpc}; it never touches a socket.
 */
final class ConnRoutes {
  private final NodeRpc nodes;
  private final UserService users;
  private final int idMax;

  ConnRoutes(NodeRpc nodes, UserService users, int idMax) {
    this.nodes = nodes;
    this.users = users;
    this.idMax = idMax;
  }

  void register(Endpoints r) {
    r.post("/user/device_quit", b -> {
      String uid = b.id("uid", idMax, false);
      int flag = (int) b.integer("device_flag", 0, -1, 255);
      List<Integer> flags = flag < 0 ? List.of(0, 1, 2) : List.of(flag);
      List<Future<Void>> cleared = new ArrayList<>();
      flags.forEach(f -> cleared.add(users.removeToken(uid, f)));
      return Future.all(cleared).compose(v -> nodes.everywhere(new NodeCall.Quit(uid, flag))).mapEmpty();
    });
    r.post("/conn/kick", b -> closeConn(b, true));
    r.post("/conn/remove", b -> closeConn(b, false));
    r.postArray("/user/onlinestatus", uids -> {
      if (uids.isEmpty()) {
        return Future.succeededFuture(null);
      }
      Set<String> wanted = new LinkedHashSet<>();
      for (int i = 0; i < uids.size(); i++) {
        if (!(uids.getValue(i) instanceof String s)) {
          throw JindouException.invalid("body must be an array of uid strings; element " + i + " is not a string");
        }
        wanted.add(s);
      }
      return nodes.everywhere(new NodeCall.Online(List.copyOf(wanted))).map(parts -> {
        JsonArray out = new JsonArray();
        parts.forEach(p -> p.devices().forEach(d -> out.add(new JsonObject().put("uid", d.uid())
            .put("device_flag", d.deviceFlag()).put("online", 1))));
        return out;
      });
    });
    r.get("/connz", rc -> {
      Function<String, String> param = params(rc);
      int offset = ConnViews.number(param, "offset", 0, 0, Integer.MAX_VALUE);
      int limit = ConnViews.number(param, "limit", 20, 0, 10_000);
      ConnzQuery.order(param.apply("sort"));
      int node = ConnViews.number(param, "node_id", 0, 0, 1023);
      return nodes.call(node, new ConnzQuery(offset, limit, param.apply("sort"), param.apply("uid")))
          .map(ConnViews::connz);
    });
    r.get("/varz", rc -> {
      Function<String, String> param = params(rc);
      int connLimit = ConnViews.number(param, "conn_limit", 20, 0, 10_000);
      int node = ConnViews.number(param, "node_id", 0, 0, 1023);
      return nodes.call(node, new VarzQuery("conn".equals(param.apply("show")), connLimit)).map(ConnViews::varz);
    });
  }

  /** {@code conn_id} on {@code node_id} (0 = this node); {@code op_node_id}, when set, must name the same node. */
  private Future<Void> closeConn(Body b, boolean kick) {
    long connId = b.requiredInteger("conn_id", 1, Long.MAX_VALUE);
    int node = (int) b.integer("node_id", 0, 0, 1023);
    int opNode = (int) b.integer("op_node_id", 0, 0, 1023);
    return nodes.call(opNode != 0 && node == 0 ? opNode : node, new NodeCall.Close(connId, kick)).mapEmpty();
  }

  /** The query parameters by name (the first value of each). */
  private static Function<String, String> params(RoutingContext rc) {
    Map<String, String> params = new java.util.HashMap<>();
    Api.query(rc).forEach(e -> params.putIfAbsent(e.getKey(), e.getValue()));
    return params::get;
  }
}
