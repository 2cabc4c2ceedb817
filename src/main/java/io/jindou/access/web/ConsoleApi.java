package io.jindou.access.web;

import io.jindou.access.json.JsonApi;
import io.vertx.ext.web.Router;
import java.util.function.BooleanSupplier;

/**
 * The manager console's reads that the WuKongIM API lacks, mounted behind the same manager-token check as the
 * rest of the API: {@code GET /manager/api/nodes} (the cluster's ready nodes), {@code GET /manager/api/channel}
 * (a channel's flags, subscribers and both lists) and {@code GET /manager/api/user} (a uid's stored device
 * credentials, tokens shown only as a hint). Each is a route to one {@link JsonApi} operation, its query
 * parameters as the body; everything else the console shows comes from the documented endpoints. It only reads:
 * it never changes a channel, a token or a connection.
 */
final class ConsoleApi {
  private final JsonApi json;
  private final BooleanSupplier ready;

  /** {@code ready}: whether this node is ready, as {@code /readyz} says. */
  ConsoleApi(JsonApi json, BooleanSupplier ready) {
    this.json = json;
    this.ready = ready;
  }

  void mount(Router r) {
    r.route("/manager/api/*").handler(rc -> {
      SecurityHeaders.common(rc.response());
      rc.response().putHeader("Cache-Control", "no-store");
      rc.next();
    });
    r.get("/manager/api/nodes").handler(rc -> Replies.run(rc, () -> json.nodes(ready.getAsBoolean())));
    r.get("/manager/api/channel").handler(rc -> Replies.run(rc,
        () -> json.channelDetails(Replies.query(rc, "channel_type", "limit"))));
    r.get("/manager/api/user").handler(rc -> Replies.run(rc, () -> json.userDevices(Replies.query(rc))));
  }
}
