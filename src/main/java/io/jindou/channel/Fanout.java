package io.jindou.channel;

import io.jindou.cluster.Addresses;
import io.jindou.cluster.Presence;
import io.jindou.model.DeliveryBatch;
import io.jindou.model.Message;
import io.jindou.model.SendCommand;
import io.vertx.core.Vertx;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Fan-out planning for committed messages: asks {@link Presence} which nodes hold recipients and sends one
 * {@link DeliveryBatch} per such node to that node's delivery address (fire-and-forget: a slow or dead node
 * never delays the owner; its users catch up by sync). Never writes to a connection itself.
 */
public final class Fanout implements CommitListener {
  private final Vertx vertx;
  private final Presence presence;

  public Fanout(Vertx vertx, Presence presence) {
    this.vertx = vertx;
    this.presence = presence;
  }

  @Override
  public void committed(Message message, Collection<String> recipients, SendCommand origin) {
    if (recipients.isEmpty()) {
      return;
    }
    Map<Integer, List<String>> byNode = presence.locate(recipients);
    byNode.forEach((node, uids) -> vertx.eventBus().send(Addresses.deliver(node),
        new DeliveryBatch(message, uids, origin.originNode(), origin.originConnId())));
  }
}
