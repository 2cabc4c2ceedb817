package io.jindou.channel;

import io.jindou.metrics.Metrics;
import io.jindou.cluster.Addresses;
import io.jindou.cluster.Presence;
import io.jindou.model.DeliveryBatch;
import io.jindou.model.EventDelivery;
import io.jindou.model.Message;
import io.jindou.model.SendCommand;
import io.vertx.core.Vertx;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Fan-out planning for committed messages and stored stream events: asks {@link Presence} which nodes hold recipients
 * and sends one {@link DeliveryBatch} per such node to that node's delivery address (fire-and-forget: a slow or dead
 * node never delays the owner; its users catch up by sync). The batch for this node goes straight to the local delivery
 * port, in commit order, without an event-bus hop. Never writes to a connection itself.
 */
public final class Fanout implements CommitListener, StreamListener {
  /** Told of each fanned-out message with the recipients that had sessions somewhere (by node). */
  @FunctionalInterface
  public interface Observer {
    void fannedOut(Message message, Collection<String> recipients, Map<Integer, List<String>> online,
        SendCommand origin);

    /** Told of each fanned-out stream event ({@code event} without uids); nothing by default. */
    default void streamed(EventDelivery event, Collection<String> recipients, Map<Integer, List<String>> online) {
    }
  }

  private final Vertx vertx;
  private final Presence presence;
  private final Observer observer;
  private final int localNode;
  private final Consumer<DeliveryBatch> local;
  private final Consumer<EventDelivery> localEvents;
  private final Metrics metrics;

  /** {@code local} takes this node's batches ({@code localNode}); it must not block and must keep their order. */
  public Fanout(Vertx vertx, Presence presence, Observer observer, int localNode, Consumer<DeliveryBatch> local) {
    this(vertx, presence, observer, localNode, local, e -> {
    }, Metrics.OFF);
  }

  /**
   * {@code localEvents} takes this node's stream events, in the same order as {@code local} its messages;
   * {@code metrics}: where the fan-out stage's latency is recorded.
   */
  public Fanout(Vertx vertx, Presence presence, Observer observer, int localNode, Consumer<DeliveryBatch> local,
      Consumer<EventDelivery> localEvents, Metrics metrics) {
    this.metrics = metrics;
    this.vertx = vertx;
    this.presence = presence;
    this.observer = observer;
    this.localNode = localNode;
    this.local = local;
    this.localEvents = localEvents;
  }

  /** A stored stream event, to the nodes holding sessions of the recipients (one batch per node). */
  @Override
  public void streamed(EventDelivery event, Collection<String> recipients) {
    Map<Integer, List<String>> byNode = recipients.isEmpty() ? Map.of() : presence.locate(recipients);
    byNode.forEach((node, uids) -> {
      EventDelivery batch = event.to(uids);
      if (node == localNode) {
        localEvents.accept(batch);
      } else {
        vertx.eventBus().send(Addresses.deliver(node), batch);
      }
    });
    observer.streamed(event, recipients, byNode);
  }

  @Override
  public void committed(Message message, Collection<String> recipients, SendCommand origin) {
    long t0 = System.nanoTime();
    Map<Integer, List<String>> byNode = recipients.isEmpty() ? Map.of() : presence.locate(recipients);
    byNode.forEach((node, uids) -> {
      DeliveryBatch batch = new DeliveryBatch(message, uids, origin.originNode(), origin.originConnId(),
          origin.acceptedAtMicros());
      if (node == localNode) {
        local.accept(batch);
      } else {
        vertx.eventBus().send(Addresses.deliver(node), batch);
      }
    });
    metrics.stage(Metrics.Stage.FANOUT, System.nanoTime() - t0);
    observer.fannedOut(message, recipients, byNode, origin);
  }
}
