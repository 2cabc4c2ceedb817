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
import java.util.logging.Logger;

/**
 * Hands a committed message to this node's sessions of its recipients, each on the session's own event loop through
 * that loop's {@link DeliveryPump} (in slices, so a big fan-out never holds a loop for long), skipping the connection
 * that sent it. Callable from any event loop: the node's delivery inbox uses it for
 * batches from other nodes, and a local channel owner calls it directly, which saves the hop through the
 * inbox's loop. Batches handed over in one order reach every session in that order (one task queue and one pump per
 * loop, each first in, first out), which is what keeps a channel's messages in commit order. It owns no business rules and never writes to a
 * connection from a foreign thread.
 */
public final class LocalDelivery implements Consumer<DeliveryBatch> {
  private static final Logger LOG = Logger.getLogger(LocalDelivery.class.getName());
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
    Map<DeliveryPump, List<Session>> byLoop = new HashMap<>();
    for (String uid : b.uids()) {
      for (Session s : registry.sessionsOf(uid)) {
        if (b.originConnId() != 0 && s.id == b.originConnId() && b.originNode() == nodeId) {
          continue; // not back to the sending connection
        }
        byLoop.computeIfAbsent(s.pump, k -> new ArrayList<>()).add(s);
      }
    }
    byLoop.forEach((pump, sessions) -> hand(pump, DeliveryPump.each(sessions, b, this::deliver)));
  }

  /**
   * Hands a stored stream event to this node's sessions of its uids, each on its own loop, through the same pumps as
   * messages (so an anchor's RECV comes before its events). A session whose dialect cannot decode an event skips it
   * ({@link Session#deliverEvent}).
   */
  public void acceptEvent(EventDelivery e) {
    Map<DeliveryPump, List<Session>> byLoop = new HashMap<>();
    for (String uid : e.uids()) {
      for (Session s : registry.sessionsOf(uid)) {
        byLoop.computeIfAbsent(s.pump, k -> new ArrayList<>()).add(s);
      }
    }
    byLoop.forEach((pump, sessions) -> hand(pump, DeliveryPump.each(sessions, e, LocalDelivery::deliverEvent)));
  }

  /** Offers {@code w} to {@code pump} on its loop: at once when this is that loop, else through its task queue. */
  private static void hand(DeliveryPump pump, DeliveryPump.Work w) {
    Context current = Vertx.currentContext();
    Context here = current instanceof ContextInternal ci ? ci.unwrap() : current;
    if (pump.context() == here) {
      pump.offer(w);
    } else {
      pump.context().runOnContext(v -> pump.offer(w));
    }
  }

  private void deliver(Session s, DeliveryBatch b) {
    try {
      if (s.deliver(b.message())) {
        metrics.delivered();
        metrics.stageSince(Metrics.Stage.END_TO_END, b.acceptedAtMicros());
      }
    } catch (RuntimeException e) {
      LOG.warning("delivery of message " + b.message().messageId() + " to session " + s.id + " failed: "
          + e.getMessage());
      s.close("delivery failed");
    }
  }

  private static void deliverEvent(Session s, EventDelivery e) {
    try {
      s.deliverEvent(e);
    } catch (RuntimeException ex) {
      LOG.warning("delivery of stream event " + e.event().msgEventSeq() + " to session " + s.id + " failed: "
          + ex.getMessage());
      s.close("delivery failed");
    }
  }
}
