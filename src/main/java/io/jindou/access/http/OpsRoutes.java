package io.jindou.access.http;

import io.jindou.model.JindouException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.BooleanSupplier;

/**
 * Liveness, readiness and connection-address discovery ({@code /health}, {@code /healthz}, {@code /readyz},
 * {@code /route}, {@code /route/batch}). Readiness comes from the composition root; this class never
 * decides it.
 */
final class OpsRoutes {
  private final BooleanSupplier ready;
  private final String advertiseHost;
  private final int tcpPort;
  private final int wsPort;

  OpsRoutes(BooleanSupplier ready, String advertiseHost, int tcpPort, int wsPort) {
    this.ready = ready;
    this.advertiseHost = advertiseHost;
    this.tcpPort = tcpPort;
    this.wsPort = wsPort;
  }

  void register(Router r) {
    r.get("/health").handler(rc -> health(rc, new JsonObject().put("status", "ok"),
        new JsonObject().put("status", "error").put("message", "not ready")));
    r.get("/healthz").handler(rc -> json(rc, 200, new JsonObject().put("status", "ok")));
    r.get("/readyz").handler(rc -> health(rc, new JsonObject().put("ready", true),
        new JsonObject().put("ready", false).put("reason", "node has not joined the ring or storage is down")));
    Api.get(r, "/route", rc -> Future.succeededFuture(addresses(rc)));
    r.post("/route/batch").handler(rc -> {
      try {
        JsonArray uids = Api.arrayBody(rc);
        for (int i = 0; i < uids.size(); i++) {
          if (!(uids.getValue(i) instanceof String)) {
            throw JindouException.invalid("body must be an array of uid strings; element " + i + " is not a string");
          }
        }
        JsonObject one = addresses(rc).put("uids", uids);
        rc.response().putHeader("content-type", "application/json").end(new JsonArray().add(one).toBuffer());
      } catch (RuntimeException e) {
        Api.fail(rc, e);
      }
    });
  }

  private void health(RoutingContext rc, JsonObject ok, JsonObject notOk) {
    boolean up = ready.getAsBoolean();
    json(rc, up ? 200 : rc.request().path().equals("/health") ? 500 : 503, up ? ok : notOk);
  }

  private static void json(RoutingContext rc, int status, JsonObject body) {
    rc.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.toBuffer());
  }

  private JsonObject addresses(RoutingContext rc) {
    String host = advertiseHost;
    if (host == null || host.isEmpty()) {
      host = rc.request().authority() != null ? rc.request().authority().host() : "127.0.0.1";
    }
    boolean intranet = "1".equals(Api.param(rc, "intranet"));
    return new JsonObject().put("tcp_addr", host + ":" + tcpPort)
        .put("ws_addr", intranet ? "" : "ws://" + host + ":" + wsPort).put("wss_addr", "");
  }
}
