package io.jindou.access.gateway;

import io.jindou.metrics.Metrics;
import io.jindou.model.DeliveryBatch;
import io.jindou.model.EventDelivery;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Hands a committed message to this node's sessions of its recipients, each on the session's own event loop,
 * skipping the connection that sent it. Callable from any event loop: the node's delivery inbox uses it for
 * batches from other nodes, and a local channel owner calls it directly, which saves the hop through the
 * inbox's loop. Batches handed over in one order reach every session in that order (one task queue per loop),
 * which is what keeps a channel's messages in commit order. It owns no business rules and never writes to a
 * connection from a foreign thread.
 */
public final class LocalDelivery implements Consumer<DeliveryBatch> {
  private final SessionRegistry registry;
  private final int nodeId;
  private final Metrics metrics;

  public LocalDelivery(SessionRegistry registry, int nodeId) {
    this(registry, nodeId, Metrics.OFF);
  }

  /** {@code metrics}: where deliveries and their end-to-end latency are recorded. */
  public LocalDelivery(SessionRegistry registry, int nodeId, Metrics metrics) {
    this.registry = registry;
    this.nodeId = nodeId;
    this.metrics = metrics;
  }

  @Override
  public void accept(DeliveryBatch b) {
    Map<Context, List<Session>> byLoop = new HashMap<>();
    for (String uid : b.uids()) {
      for (Session s : registry.sessionsOf(uid)) {
        if (b.originConnId() != 0 && s.id == b.originConnId() && b.originNode() == nodeId) {
          continue; // not back to the sending connection
        }
        byLoop.computeIfAbsent(s.context, k -> new ArrayList<>()).add(s);
      }
    }
    Context current = Vertx.currentContext();
    Context here = current instanceof ContextInternal ci ? ci.unwrap() : current;
    byLoop.forEach((loop, sessions) -> {
      if (loop == here) {
        deliverAll(sessions, b);
      } else {
        loop.runOnContext(v -> deliverAll(sessions, b));
      }
    });
  }

  /**
   * Hands a stored stream event to this node's sessions of its uids, each on its own loop, in the same task queues
   * as messages (so an anchor's RECV comes before its events). A session whose dialect cannot decode an event
   * skips it ({@link Session#deliverEvent}).
   */
  public void acceptEvent(EventDelivery e) {
    Map<Context, List<Session>> byLoop = new HashMap<>();
    for (String uid : e.uids()) {
      for (Session s : registry.sessionsOf(uid)) {
        byLoop.computeIfAbsent(s.context, k -> new ArrayList<>()).add(s);
      }
    }
    Context current = Vertx.currentContext();
    Context here = current instanceof ContextInternal ci ? ci.unwrap() : current;
    byLoop.forEach((loop, sessions) -> {
      if (loop == here) {
        deliverEvents(sessions, e);
      } else {
        loop.runOnContext(v -> deliverEvents(sessions, e));
      }
    });
  }

  private static void deliverEvents(List<Session> sessions, EventDelivery e) {
    for (Session s : sessions) {
      try {
        s.deliverEvent(e);
      } catch (RuntimeException ex) {
        java.util.logging.Logger.getLogger(LocalDelivery.class.getName()).warning("delivery of stream event "
            + e.event().msgEventSeq() + " to session " + s.id + " failed: " + ex.getMessage());
        s.close("delivery failed");
      }
    }
  }

  private void deliverAll(List<Session> sessions, DeliveryBatch b) {
    for (Session s : sessions) {
      try {
        if (s.deliver(b.message())) {
          metrics.delivered();
          metrics.stageSince(Metrics.Stage.END_TO_END, b.acceptedAtMicros());
        }
      } catch (RuntimeException e) {
        java.util.logging.Logger.getLogger(LocalDelivery.class.getName()).warning("delivery of message "
            + b.message().messageId() + " to session " + s.id + " failed: " + e.getMessage());
        s.close("delivery failed");
      }
    }
  }
}
