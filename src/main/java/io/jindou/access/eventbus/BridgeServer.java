package io.jindou.access.eventbus;

import io.jindou.cluster.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServerOptions;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.bridge.BridgeOptions;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.eventbus.bridge.tcp.BridgeEvent;
import io.vertx.ext.eventbus.bridge.tcp.TcpEventBusBridge;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * The Vert.x TCP event-bus bridge for services in any language (4-byte length + JSON frames): off unless
 * {@code bridge_port} is set, loopback by default, and allow-listed — inbound only to {@code jindou.api.*},
 * outbound only from {@code jindou.event.*}. With {@code bridge_secret} set, every inbound frame must carry
 * {@code headers.secret} equal to it. Anything else is refused with an error frame.
 */
public final class BridgeServer {
  private static final Logger LOG = Logger.getLogger(BridgeServer.class.getName());

  private BridgeServer() {
  }

  public static Future<TcpEventBusBridge> start(Vertx vertx, String host, int port, String secret) {
    BridgeOptions options = new BridgeOptions()
        .addInboundPermitted(new PermittedOptions().setAddressRegex(Pattern.quote(Addresses.API_PREFIX) + ".+"))
        .addOutboundPermitted(new PermittedOptions().setAddressRegex(Pattern.quote(Addresses.EVENT_PREFIX) + ".+"));
    TcpEventBusBridge bridge = TcpEventBusBridge.create(vertx, options, new NetServerOptions(),
        event -> check(event, secret));
    return bridge.listen(port, host).onSuccess(b -> LOG.info("event-bus bridge listening on " + host + ":" + port
        + (secret.isEmpty() ? "" : " (shared secret required)")));
  }

  private static void check(BridgeEvent event, String secret) {
    if (secret.isEmpty()) {
      event.complete(true);
      return;
    }
    BridgeEventType t = event.type();
    boolean inbound = t == BridgeEventType.SEND || t == BridgeEventType.PUBLISH || t == BridgeEventType.REGISTER
        || t == BridgeEventType.UNREGISTER;
    if (!inbound) {
      event.complete(true);
      return;
    }
    JsonObject raw = event.getRawMessage();
    JsonObject headers = raw == null ? null : raw.getJsonObject("headers");
    String given = headers == null ? null : headers.getString("secret");
    event.complete(given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
        secret.getBytes(StandardCharsets.UTF_8)));
  }
}
