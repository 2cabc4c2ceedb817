package io.jindou.access.net;

import java.lang.reflect.Field;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Logger;

/**
 * Gives a Vert.x connection a write queue that costs nothing while it is empty. Every Vert.x 5 connection (a TCP
 * socket, an HTTP/1 connection, a WebSocket) creates an outbound message queue whose backing Netty/JCTools queue
 * allocates a 1,024-slot chunk up front: about 4.7 KB of heap per connection (two per upgraded WebSocket) that an
 * idle connection never uses, and most of what an idle or unauthenticated connection cost (issue 17, issue 22
 * part 3). Vert.x offers no option for its size, so {@link #trim} swaps the empty queue for a
 * {@link ConcurrentLinkedQueue} (multi-producer, as the queue's contract needs; one small node per queued write,
 * none while empty) through reflection on Vert.x's internals, right after the connection is accepted and before
 * anything was written. If a Vert.x version changes those internals, it says so once and leaves the connection
 * as it is: the connection works the same, it only costs more. It never touches a queue that holds anything.
 */
public final class LeanWriteQueues {
  private static final Logger LOG = Logger.getLogger(LeanWriteQueues.class.getName());
  private static final Class<?> CONNECTION;
  private static final Class<?> WEBSOCKET;
  private static final Field OUTBOUND;
  private static final Field PRODUCER;
  private static final Field QUEUE;
  private static final Field WEBSOCKET_CONNECTION;
  private static volatile boolean warned;

  static {
    Class<?> connection = null;
    Class<?> websocket = null;
    Field outbound = null;
    Field producer = null;
    Field queue = null;
    Field wsConnection = null;
    try {
      connection = Class.forName("io.vertx.core.net.impl.VertxConnection");
      websocket = Class.forName("io.vertx.core.http.impl.WebSocketImplBase");
      outbound = accessible(connection.getDeclaredField("outboundMessageQueue"));
      producer = accessible(Class.forName("io.vertx.core.internal.concurrent.OutboundMessageQueue")
          .getDeclaredField("mqp"));
      queue = accessible(Class.forName("io.vertx.core.streams.impl.MessagePassingQueue").getDeclaredField("queue"));
      wsConnection = accessible(websocket.getDeclaredField("conn"));
    } catch (ReflectiveOperationException | RuntimeException e) {
      connection = null;
      LOG.info("Vert.x connection write queues cannot be made lean (" + e + "): each connection keeps about "
          + "4.7 KB more heap");
      warned = true;
    }
    CONNECTION = connection;
    WEBSOCKET = websocket;
    OUTBOUND = outbound;
    PRODUCER = producer;
    QUEUE = queue;
    WEBSOCKET_CONNECTION = wsConnection;
  }

  private LeanWriteQueues() {
  }

  private static Field accessible(Field f) {
    f.setAccessible(true);
    return f;
  }

  /**
   * Swaps the empty write queue of {@code connection} (a {@code NetSocket}, {@code HttpConnection} or
   * {@code ServerWebSocket} of Vert.x) for a lean one; call it on the connection's event loop before the first
   * write. Returns true when the queue is lean now (also when it already was).
   */
  public static boolean trim(Object connection) {
    if (CONNECTION == null) {
      return false;
    }
    try {
      Object c = WEBSOCKET.isInstance(connection) ? WEBSOCKET_CONNECTION.get(connection) : connection;
      if (!CONNECTION.isInstance(c)) {
        return false;
      }
      Object producer = PRODUCER.get(OUTBOUND.get(c));
      Queue<?> q = (Queue<?>) QUEUE.get(producer);
      if (q instanceof ConcurrentLinkedQueue) {
        return true;
      }
      if (!q.isEmpty()) {
        return false;
      }
      QUEUE.set(producer, new ConcurrentLinkedQueue<>());
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      if (!warned) {
        warned = true;
        LOG.info("a Vert.x connection write queue cannot be made lean (" + e + "); it keeps its 4.7 KB");
      }
      return false;
    }
  }
}
