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
 * loops is slowed down by the {@link DeliveryBacklog}, not by them. Its threads run at a Java priority of their own
 * ({@code gateway_thread_priority}, lowest by default): in a JVM started with {@code -XX:ThreadPriorityPolicy=1}
 * that is a higher nice value (priority 1 = nice +4), so on busy cores the kernel lets the node's loops and the
 * store's writer run first, and the fan-out takes every cycle they leave. It never runs business code itself.
 */
public final class GatewayLoops {
  private final EventLoopGroup group;
  private final List<ContextInternal> contexts = new ArrayList<>();
  private final AtomicInteger next = new AtomicInteger();

  private final int priority;

  private GatewayLoops(EventLoopGroup group, int priority) {
    this.group = group;
    this.priority = priority;
  }

  /** {@code loops} dedicated gateway event loops on {@code vertx}'s transport (epoll or NIO); 0 = share. */
  public static GatewayLoops create(Vertx vertx, int loops) {
    return create(vertx, loops, Thread.NORM_PRIORITY);
  }

  /**
   * {@code loops} dedicated gateway event loops whose threads take Java priority {@code priority} (1–10) at
   * {@link #applyPriority}.
   */
  public static GatewayLoops create(Vertx vertx, int loops, int priority) {
    if (loops <= 0) {
      return new GatewayLoops(null, Thread.NORM_PRIORITY);
    }
    if (priority < Thread.NORM_PRIORITY) {
      startWorkers(vertx, io.vertx.core.VertxOptions.DEFAULT_WORKER_POOL_SIZE); // the node keeps the default pool
    }
    VertxInternal vi = (VertxInternal) vertx;
    AtomicInteger n = new AtomicInteger();
    // Vert.x threads (not plain ones), so a context on them is found without a thread-local look-up
    EventLoopGroup group = vi.transport().eventLoopGroup(Transport.IO_EVENT_LOOP_GROUP, loops,
        r -> VertxThreadFactory.INSTANCE.newVertxThread(r, "jindou-gateway-" + n.getAndIncrement(), false,
            2, TimeUnit.SECONDS), 50);
    GatewayLoops g = new GatewayLoops(group, priority);
    for (int i = 0; i < loops; i++) {
      EventLoop loop = group.next();
      g.contexts.add(vi.contextBuilder().withEventLoop(loop).build());
    }
    return g;
  }

  /**
   * Starts every thread of Vert.x's worker pool from the calling thread. A thread takes its nice value from the
   * thread that starts it, and an unprivileged process can never lower it again: a worker first needed by a
   * gateway loop (a login's store read) would otherwise serve the whole node at the gateway's lower priority.
   */
  private static void startWorkers(Vertx vertx, int workers) {
    java.util.concurrent.CountDownLatch all = new java.util.concurrent.CountDownLatch(workers);
    Context ctx = vertx.getOrCreateContext();
    for (int i = 0; i < workers; i++) {
      ctx.executeBlocking(() -> {
        all.countDown();
        return all.await(10, TimeUnit.SECONDS); // held until every worker thread exists
      }, false);
    }
    try {
      all.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Whether the gateway has loops of its own. */
  public boolean dedicated() {
    return group != null;
  }

  /** The context the next gateway instance runs its connections on; null = its own deployment context. */
  Context take() {
    return contexts.isEmpty() ? null : contexts.get(next.getAndIncrement() % contexts.size());
  }

  /**
   * Gives the loops' threads their priority, once the node has started: a thread takes its nice value from the
   * thread that starts it, so what the loops started until now (the acceptor thread when they bound their
   * listeners) keeps the node's. Completes with the nice value they then run at, as the kernel reports it
   * ({@code /proc/thread-self/stat}), or null without loops of their own or where that file does not exist.
   */
  public Future<Integer> applyPriority() {
    if (contexts.isEmpty()) {
      return Future.succeededFuture(null);
    }
    List<Future<Integer>> all = new ArrayList<>();
    for (ContextInternal c : contexts) {
      var p = io.vertx.core.Promise.<Integer>promise();
      c.runOnContext(v -> {
        Thread.currentThread().setPriority(priority);
        p.complete(niceOfThisThread());
      });
      all.add(p.future());
    }
    return Future.all(all).map(f -> all.get(0).result());
  }

  /**
   * For the node's ready line: the loops' nice value, or why their priority has no effect (the JVM sets native
   * priorities only with {@code -XX:ThreadPriorityPolicy=1}, and raises one only with permission); empty at normal
   * priority or where unknown.
   */
  public static String priorityNote(Integer nice, int priority) {
    if (nice == null || priority == Thread.NORM_PRIORITY) {
      return "";
    }
    return nice != 0 ? " at nice " + (nice > 0 ? "+" : "") + nice
        : " at the node's priority (gateway_thread_priority " + priority + " needs -XX:ThreadPriorityPolicy=1"
            + (priority > Thread.NORM_PRIORITY ? " and permission to raise a priority)" : ")");
  }

  /** Field 19 of this thread's stat line (after the parenthesised name, which may hold spaces); null if unknown. */
  static Integer niceOfThisThread() {
    try {
      String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/thread-self/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Integer.parseInt(f[16]); // fields from the third on: the 19th is the 17th here
    } catch (java.io.IOException | RuntimeException e) {
      return null;
    }
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
