package io.jindou.access.eventbus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The TCP event-bus bridge for services in any language: the wire protocol of {@code vertx-tcp-eventbus-bridge}
 * (each frame a 4-byte big-endian length and a UTF-8 JSON object; {@code send}, {@code publish}, {@code register},
 * {@code unregister}, {@code ping} in; {@code message}, {@code err}, {@code pong} out), served by our own listener
 * so that every frame is checked before it costs anything. Off unless {@code bridge_port} is set, loopback by
 * default, allow-listed — inbound only to {@code jindou.api.*}, outbound only from {@code jindou.event.*} — and
 * with {@code bridge_secret} required (without it only on loopback with {@code bridge_insecure_loopback}, which
 * {@code app.Config} enforces).
 *
 * <p>Why not the Vert.x bridge itself: its 5.0 implementation owns its listener and its frame parser privately,
 * buffers a frame of any declared length (2^31−1 bytes ended in an OutOfMemoryError), checks the secret only
 * after reading the whole frame, has no idle timeout, and a frame with {@code "headers":"str"} threw a
 * ClassCastException that left the connection mute. Nothing can be put in front of it short of a second TCP hop;
 * the protocol is small, so {@link BridgeConnection} speaks it with the limits below. It never holds business
 * rules: requests go to the same {@code jindou.api.*} consumers as other services' ({@link EventBusApiVerticle}).
 */
public final class BridgeServer {
  private static final Logger LOG = Logger.getLogger(BridgeServer.class.getName());

  /**
   * The bridge's settings: where to listen, the shared secret ("" = none), the largest frame (bytes), the
   * largest frame before a connection has shown the secret, the idle timeout, and per connection the most
   * registered addresses, requests awaiting a reply and unsent bytes before it counts as a slow consumer.
   */
  public record Options(String host, int port, String secret, int frameMaxBytes, int preAuthFrameBytes,
      int idleTimeoutSeconds, int registrationsMax, int inflightMax, int outboundQueueBytes) {
  }

  private BridgeServer() {
  }

  /** Starts listening; the future fails when the port cannot be bound. */
  public static Future<NetServer> start(Vertx vertx, Options o) {
    NetServerOptions net = new NetServerOptions().setHost(o.host()).setPort(o.port()).setTcpNoDelay(true)
        .setIdleTimeout(o.idleTimeoutSeconds()).setIdleTimeoutUnit(TimeUnit.SECONDS);
    NetServer server = vertx.createNetServer(net).connectHandler(socket -> new BridgeConnection(vertx, socket, o));
    return server.listen().onSuccess(s -> LOG.info("event-bus bridge listening on " + o.host() + ":" + o.port()
        + (o.secret().isEmpty() ? " WITHOUT a shared secret (bridge_insecure_loopback)"
            : " (shared secret required)")));
  }
}
