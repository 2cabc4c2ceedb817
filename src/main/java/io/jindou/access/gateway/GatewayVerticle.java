package io.jindou.access.gateway;

import io.jindou.cluster.Addresses;
import io.jindou.model.DeliveryBatch;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The client gateway listeners of one event loop: WKProto over TCP (default 5100) and over WebSocket
 * (default 5200, path {@code /}; a first text frame switches that connection to JSON-RPC): each connection is
 * a {@link Session} with the codec of its dialect ({@link WkProtoCodec}, {@link JsonRpcCodec}). Several instances
 * share the ports and each runs the RECV retry tick for its sessions. Exactly one instance per node takes the
 * delivery batches other nodes send here and passes them to {@link LocalDelivery}: one consumer keeps a
 * channel's messages in commit order all the way to each device (several consumers would be served
 * round-robin and could overtake each other). It owns no business rules.
 */
public final class GatewayVerticle extends VerticleBase {
  private static final AtomicLong CONN_IDS = new AtomicLong();

  private final GatewayServices gw;
  private final Set<Session> mine = ConcurrentHashMap.newKeySet();
  private NetServer tcp;
  private HttpServer ws;
  private MessageConsumer<DeliveryBatch> inbox;
  private long retryTimer;
  private WriteCoalescer coalescer;

  public GatewayVerticle(GatewayServices gw) {
    this.gw = gw;
  }

  @Override
  public Future<?> start() {
    GatewayConfig c = gw.config();
    coalescer = new WriteCoalescer(context);
    NetServerOptions tcpOpts = new NetServerOptions().setHost(c.host()).setPort(c.tcpPort()).setTcpNoDelay(true)
        .setIdleTimeout(c.idleTimeoutSeconds()).setIdleTimeoutUnit(TimeUnit.SECONDS);
    HttpServerOptions wsOpts = new HttpServerOptions().setHost(c.host()).setPort(c.wsPort()).setTcpNoDelay(true)
        .setIdleTimeout(c.idleTimeoutSeconds()).setIdleTimeoutUnit(TimeUnit.SECONDS)
        .setMaxWebSocketFrameSize(c.maxPacketBytes() + 64).setMaxWebSocketMessageSize(c.maxPacketBytes() + 64);
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
    }).webSocketHandler(this::onWebSocket);
    boolean takesInbox = gw.inboxTaken().compareAndSet(false, true);
    if (takesInbox) {
      LocalDelivery delivery = new LocalDelivery(gw.registry(), c.nodeId());
      inbox = vertx.eventBus().consumer(Addresses.deliver(c.nodeId()), m -> delivery.accept(m.body()));
    }
    retryTimer = vertx.setPeriodic(Math.max(100, c.recvRetryIntervalMs() / 4), t -> {
      long now = System.currentTimeMillis();
      mine.forEach(s -> s.retryTick(now));
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
    if (overLimit()) {
      socket.close();
      return;
    }
    Transport t = new TcpTransport(socket, coalescer);
    socket.setWriteQueueMaxSize(gw.config().outboundQueueBytes());
    Session s = track(new Session(CONN_IDS.incrementAndGet(), context, t, gw, wkProto()));
    socket.handler(buf -> s.onBinary(buf.getBytes()));
    socket.closeHandler(v -> s.close("peer closed"));
    socket.exceptionHandler(e -> s.close("socket error: " + e.getMessage()));
  }

  private void onWebSocket(ServerWebSocket socket) {
    if (overLimit()) {
      socket.close();
      return;
    }
    Transport t = Transport.of(socket);
    socket.setWriteQueueMaxSize(gw.config().outboundQueueBytes());
    long id = CONN_IDS.incrementAndGet();
    Session[] holder = new Session[1];
    // the first message picks the dialect; a frame of the other kind later closes the connection (its codec's rule)
    socket.binaryMessageHandler(buf -> {
      if (holder[0] == null) {
        holder[0] = track(new Session(id, context, t, gw, wkProto()));
      }
      holder[0].onBinary(buf.getBytes());
    });
    socket.textMessageHandler(text -> {
      if (holder[0] == null) {
        if (!JsonRpcCodec.claims(text)) {
          socket.close();
          return;
        }
        holder[0] = track(new Session(id, context, t, gw, new JsonRpcCodec(gw.config().nodeId())));
      }
      holder[0].onText(text);
    });
    socket.closeHandler(v -> {
      if (holder[0] != null) {
        holder[0].close("peer closed");
      }
    });
    socket.exceptionHandler(e -> {
      if (holder[0] != null) {
        holder[0].close("socket error: " + e.getMessage());
      } else {
        socket.close();
      }
    });
  }

  private WkProtoCodec wkProto() {
    return new WkProtoCodec(gw.config().maxPacketBytes(), gw.serverKey(), gw.config().nodeId());
  }

  private Session track(Session s) {
    gw.openConnections().incrementAndGet();
    mine.add(s);
    s.transportClosed = () -> mine.remove(s);
    return s;
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(retryTimer);
    mine.forEach(s -> s.close("server stopping"));
    return Future.all(tcp.close(), ws.close(), inbox == null ? Future.succeededFuture() : inbox.unregister());
  }
}
