package io.jindou.access.gateway;

import io.jindou.access.net.ClientAddress;
import io.jindou.access.net.LeanWriteQueues;
import io.jindou.cluster.Addresses;
import io.jindou.model.DeliveryBatch;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The client gateway listeners of one event loop: WKProto over TCP (default 5100) and over WebSocket
 * (default 5200, path {@code /}; a first text frame switches that connection to JSON-RPC): each connection is
 * a {@link Session} with the codec of its dialect ({@link WkProtoCodec}, {@link JsonRpcCodec}). Several instances
 * share the ports and each runs one periodic tick for its sessions (RECV retries, and the idle timeout: no
 * timer per connection). Exactly one instance per node takes the
 * delivery batches other nodes send here and passes them to {@link LocalDelivery}: one consumer keeps a
 * channel's messages in commit order all the way to each device (several consumers would be served
 * round-robin and could overtake each other). With {@link GatewayLoops} of their own, an instance listens and
 * keeps its connections on one of those loops instead of its deployment's. It owns no business rules.
 */
public final class GatewayVerticle extends VerticleBase {
  private static final AtomicLong CONN_IDS = new AtomicLong();

  private final GatewayServices gw;
  private final GatewayLoops loops;
  /** The context this instance's listeners, timers and connections run on. */
  private Context loop;
  private final Set<Session> mine = ConcurrentHashMap.newKeySet();
  /** Connections to the WebSocket port that have not upgraded yet, by remote address, with their deadline timer. */
  private final Map<String, Long> upgrading = new HashMap<>();
  private NetServer tcp;
  private HttpServer ws;
  private MessageConsumer<Object> inbox;
  private long retryTimer;
  private WriteCoalescer coalescer;
  private DeliveryPump pump;
  private ConnectionShares shares;

  public GatewayVerticle(GatewayServices gw) {
    this(gw, GatewayLoops.create(null, 0)); // no loops of its own: none are created
  }

  /** An instance whose connections live on one of {@code loops} (when they are dedicated). */
  public GatewayVerticle(GatewayServices gw, GatewayLoops loops) {
    this.gw = gw;
    this.loops = loops;
  }

  @Override
  public Future<?> start() {
    Context own = loops.take();
    loop = own != null ? own : context;
    return onLoop(this::startHere);
  }

  /** Runs {@code step} on this instance's loop (at once when it is the deployment's own context). */
  private Future<?> onLoop(java.util.function.Supplier<Future<?>> step) {
    if (loop == context) {
      return step.get();
    }
    Promise<Object> done = Promise.promise();
    loop.runOnContext(v -> {
      try {
        step.get().onComplete(ar -> {
          if (ar.succeeded()) {
            done.complete();
          } else {
            done.fail(ar.cause());
          }
        });
      } catch (RuntimeException e) {
        done.fail(e);
      }
    });
    return done.future();
  }

  private Future<?> startHere() {
    GatewayConfig c = gw.config();
    pump = new DeliveryPump(loop, gw.registry().backlog());
    shares = new ConnectionShares(c.outboundTotalBytes(), c.outboundQueueBytes(), c.recvUnackedTotal(),
        c.recvUnackedMax(), gw.openConnections()::get);
    coalescer = new WriteCoalescer(loop, gw.metrics(), pump);
    // no idle timeout of Vert.x's: it is a Netty handler and timer per connection (about 240 bytes); the periodic
    // tick below (on this instance's loop, with its sessions) closes idle sessions, and a connection that has not
    // upgraded yet has its own deadline
    NetServerOptions tcpOpts = new NetServerOptions().setHost(c.host()).setPort(c.tcpPort()).setTcpNoDelay(true);
    HttpServerOptions wsOpts = new HttpServerOptions().setHost(c.host()).setPort(c.wsPort()).setTcpNoDelay(true)
        .setMaxWebSocketFrameSize(c.maxPacketBytes() + 64).setMaxWebSocketMessageSize(c.maxPacketBytes() + 64)
        .setHttp2ClearTextEnabled(false) // HTTP/1.1 only: Vert.x then reports each connection at accept
        // no WebSocket compression: WKProto payloads are encrypted (nothing to gain) and a negotiated
        // permessage-deflate keeps zlib contexts per connection once a message has passed (by zlib's own
        // formula about 256 KB to deflate and 32 KB to inflate at the default window; not measured here)
        .setPerMessageWebSocketCompressionSupported(false).setPerFrameWebSocketCompressionSupported(false)
        .setWebSocketClosingTimeout(2); // a peer that does not answer our CLOSE loses its socket after 2 s
    if (c.tls() != null) { // the handshake must finish within the time a connection has to authenticate
      tcpOpts.setSsl(true).setKeyCertOptions(c.tls()).setSslHandshakeTimeout(c.authTimeoutMs())
          .setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS);
      wsOpts.setSsl(true).setKeyCertOptions(c.tls()).setSslHandshakeTimeout(c.authTimeoutMs())
          .setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS);
    }
    tcp = vertx.createNetServer(tcpOpts).connectHandler(this::onTcp);
    ws = vertx.createHttpServer(wsOpts).webSocketHandshakeHandler(h -> {
      if ("/".equals(h.path()) || h.path().isEmpty()) {
        h.accept();
      } else {
        h.reject(404);
      }
    }).connectionHandler(this::onWsConnection).webSocketHandler(this::onWebSocket);
    boolean takesInbox = gw.inboxTaken().compareAndSet(false, true);
    if (takesInbox) {
      LocalDelivery delivery = new LocalDelivery(gw.registry(), c.nodeId(), gw.metrics());
      inbox = vertx.eventBus().<Object>consumer(Addresses.deliver(c.nodeId()), m -> {
        if (m.body() instanceof io.jindou.model.EventDelivery e) {
          delivery.acceptEvent(e);
        } else {
          delivery.accept((io.jindou.model.DeliveryBatch) m.body());
        }
      });
    }
    long tick = Math.min(c.recvRetryIntervalMs() / 4, c.idleTimeoutSeconds() > 0 ? c.idleTimeoutSeconds() * 250L
        : Long.MAX_VALUE);
    retryTimer = vertx.setPeriodic(Math.max(100, tick), t -> {
      long now = System.currentTimeMillis();
      int bytes = shares.outboundBytes();
      int unacked = shares.unacked();
      mine.forEach(s -> {
        s.share(bytes, unacked);
        s.retryTick(now);
      });
    });
    return Future.all(tcp.listen().recover(e -> Future.failedFuture(portError("TCP", c.tcpPort(), e))),
        ws.listen().recover(e -> Future.failedFuture(portError("WebSocket", c.wsPort(), e))),
        inbox == null ? Future.succeededFuture() : inbox.completion());
  }

  private static Throwable portError(String what, int port, Throwable e) {
    String m = String.valueOf(e.getMessage());
    return new IllegalStateException(what + " port " + port
        + (m.contains("in use") ? " is already in use (Address already in use)" : " cannot be used: " + m));
  }

  /** Refuses a connection over {@code max_connections} before any per-connection state is allocated. */
  private boolean overLimit() {
    return gw.openConnections().get() >= gw.config().maxConnections();
  }

  private void onTcp(NetSocket socket) {
    String address = ClientAddress.key(socket.remoteAddress() == null ? "" : socket.remoteAddress().host());
    if (overLimit() || !gw.perIp().tryAcquire(address)) {
      socket.close();
      return;
    }
    LeanWriteQueues.trim(socket);
    Transport t = new TcpTransport(socket, coalescer);
    Session s = track(new Session(CONN_IDS.incrementAndGet(), pump, t, gw, wkProto()), address);
    socket.handler(buf -> s.onBinary(buf.getBytes()));
    socket.closeHandler(v -> s.close("peer closed"));
    socket.exceptionHandler(e -> s.close("socket error: " + e.getMessage()));
  }

  /**
   * A TCP connection to the WebSocket port, before its upgrade: counted against {@code max_connections_per_ip}
   * at once (closed when over), and closed if it has not completed the upgrade within {@code auth_timeout_ms}. At
   * the upgrade the count passes to the session ({@link #onWebSocket}); Vert.x does not report the close of an
   * upgraded connection here.
   */
  private void onWsConnection(HttpConnection conn) {
    String remote = String.valueOf(conn.remoteAddress());
    String address = ClientAddress.key(conn.remoteAddress() == null ? "" : conn.remoteAddress().host());
    if (!gw.perIp().tryAcquire(address)) {
      conn.close();
      return;
    }
    LeanWriteQueues.trim(conn); // the HTTP/1 connection stays referenced after the upgrade
    long timer = vertx.setTimer(gw.config().authTimeoutMs(), t -> {
      if (upgrading.remove(remote) != null) {
        gw.perIp().release(address);
        conn.close();
      }
    });
    upgrading.put(remote, timer);
    conn.closeHandler(v -> {
      Long pending = upgrading.remove(remote);
      if (pending != null) {
        vertx.cancelTimer(pending);
        gw.perIp().release(address);
      }
    });
  }

  /**
   * An upgraded WebSocket is a session from its handshake on: counted against {@code max_connections}, timed by
   * the auth timeout, and held to the small pre-CONNACK limits ({@link PreAuthGuard}, {@link WebSocketInbound})
   * until its CONNECT is accepted; its first message picks the dialect.
   */
  private void onWebSocket(ServerWebSocket socket) {
    String address = ClientAddress.key(socket.remoteAddress() == null ? "" : socket.remoteAddress().host());
    Long pending = upgrading.remove(String.valueOf(socket.remoteAddress()));
    if (pending != null) {
      vertx.cancelTimer(pending);
    } else if (!gw.perIp().tryAcquire(address)) {
      socket.close();
      return;
    }
    if (overLimit()) {
      gw.perIp().release(address);
      socket.close();
      return;
    }
    LeanWriteQueues.trim(socket);
    Session[] holder = new Session[1];
    Runnable lift = PreAuthGuard.install(socket, gw.config().preAuthFrameBytes() + 1024L,
        () -> holder[0].close("over " + gw.config().preAuthFrameBytes() + " bytes before CONNACK"));
    Session s = track(new Session(CONN_IDS.incrementAndGet(), pump, Transport.of(socket, lift), gw, null), address);
    holder[0] = s;
    socket.frameHandler(new WebSocketInbound(s, this::wkProto, () -> new JsonRpcCodec(gw.config().nodeId())));
    socket.closeHandler(v -> s.close("peer closed"));
    socket.exceptionHandler(e -> s.close("socket error: " + e.getMessage()));
  }

  private WkProtoCodec wkProto() {
    return new WkProtoCodec(gw.config().maxPacketBytes(), gw.config().preAuthFrameBytes(), gw.config().nodeId());
  }

  /** Counts {@code s} as open until it closes; its close also gives back its place under the per-address cap. */
  private Session track(Session s, String address) {
    gw.openConnections().incrementAndGet();
    s.share(shares.outboundBytes(), shares.unacked());
    mine.add(s);
    s.transportClosed = () -> {
      mine.remove(s);
      gw.perIp().release(address);
    };
    return s;
  }

  @Override
  public Future<?> stop() {
    return onLoop(this::stopHere);
  }

  private Future<?> stopHere() {
    vertx.cancelTimer(retryTimer);
    mine.forEach(s -> s.close("server stopping"));
    upgrading.values().forEach(vertx::cancelTimer);
    return Future.all(tcp.close(), ws.close(), inbox == null ? Future.succeededFuture() : inbox.unregister());
  }
}
