package io.jindou.access.http;

import io.jindou.model.ConnzQuery;
import io.jindou.model.VarzQuery;
import io.jindou.usecase.NodeOps;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The monitoring endpoints {@code GET /connz} and {@code GET /varz} (spec http-api §1.1), for the node named by
 * {@code node_id} (absent or 0: this one): the query parameters read and checked here, the request carried by
 * {@link NodeOps}, the answer rendered by {@link ConnViews}. It never touches a socket.
 */
final class ConnRoutes {
  private ConnRoutes() {
  }

  static void register(Router r, NodeOps nodes) {
    Api.get(r, "/connz", rc -> {
      Function<String, String> param = params(rc);
      int offset = ConnViews.number(param, "offset", 0, 0, Integer.MAX_VALUE);
      int limit = ConnViews.number(param, "limit", 20, 0, 10_000);
      int node = ConnViews.number(param, "node_id", 0, 0, 1023);
      return nodes.connz(node, new ConnzQuery(offset, limit, param.apply("sort"), param.apply("uid")))
          .map(ConnViews::connz);
    });
    Api.get(r, "/varz", rc -> {
      Function<String, String> param = params(rc);
      int connLimit = ConnViews.number(param, "conn_limit", 20, 0, 10_000);
      int node = ConnViews.number(param, "node_id", 0, 0, 1023);
      return nodes.varz(node, new VarzQuery("conn".equals(param.apply("show")), connLimit)).map(ConnViews::varz);
    });
  }

  /** The query parameters by name (the first value of each). */
  private static Function<String, String> params(RoutingContext rc) {
    Map<String, String> params = new HashMap<>();
    Api.query(rc).forEach(e -> params.putIfAbsent(e.getKey(), e.getValue()));
    return params::get;
  }
}
