package io.jindou.access.gateway;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.VertxThreadFactory;
import io.vertx.core.spi.transport.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The event loops the client connections live on, apart from the node's own (issue 22): a fan-out burst to
 * thousands of connections (sealing and writing each RECV, reading each RECVACK) then never sits in the task
 * queue of a loop that also accepts HTTP sends or runs a channel owner, so an accepted send waits for the
 * operating system's scheduler (a short, fair wait) instead of behind the whole burst. It owns the threads and
 * their Vert.x contexts and hands one to each {@link GatewayVerticle} instance (by default one loop per core); with
 * zero loops ({@code gateway_event_loops=-1}) the gateway shares the node's loops. A sender faster than these
 * loops is slowed down by the {@link DeliveryBacklog}, not by them. It never runs business code itself.
 */
public final class GatewayLoops {
  private final EventLoopGroup group;
  private final List<ContextInternal> contexts = new ArrayList<>();
  private final AtomicInteger next = new AtomicInteger();

  private GatewayLoops(EventLoopGroup group) {
    this.group = group;
  }

  /** {@code loops} dedicated gateway event loops on {@code vertx}'s transport (epoll or NIO); 0 = share. */
  public static GatewayLoops create(Vertx vertx, int loops) {
    if (loops <= 0) {
      return new GatewayLoops(null);
    }
    VertxInternal vi = (VertxInternal) vertx;
    AtomicInteger n = new AtomicInteger();
    // Vert.x threads (not plain ones), so a context on them is found without a thread-local look-up
    EventLoopGroup group = vi.transport().eventLoopGroup(Transport.IO_EVENT_LOOP_GROUP, loops,
        r -> VertxThreadFactory.INSTANCE.newVertxThread(r, "jindou-gateway-" + n.getAndIncrement(), false,
            2, TimeUnit.SECONDS), 50);
    GatewayLoops g = new GatewayLoops(group);
    for (int i = 0; i < loops; i++) {
      EventLoop loop = group.next();
      g.contexts.add(vi.contextBuilder().withEventLoop(loop).build());
    }
    return g;
  }

  /** Whether the gateway has loops of its own. */
  public boolean dedicated() {
    return group != null;
  }

  /** The context the next gateway instance runs its connections on; null = its own deployment context. */
  Context take() {
    return contexts.isEmpty() ? null : contexts.get(next.getAndIncrement() % contexts.size());
  }

  /** Stops the threads once the gateway verticles have stopped. */
  public Future<Void> close() {
    if (group == null) {
      return Future.succeededFuture();
    }
    var done = io.vertx.core.Promise.<Void>promise();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).addListener(f -> done.tryComplete());
    return done.future();
  }
}
