package io.jindou.access.webhook;

import io.jindou.channel.Fanout;
import io.jindou.model.Message;
import io.jindou.model.SendCommand;
import io.jindou.usecase.Webhooks;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Hands each fanned-out message's recipients to the webhooks ({@link Webhooks#committed}), then to the next
 * observer (the event-bus events, or none). Returns at once, on the owner's event loop; never throws into it.
 */
public final class WebhookObserver implements Fanout.Observer {
  private final Webhooks webhooks;
  private final Fanout.Observer next;

  public WebhookObserver(Webhooks webhooks, Fanout.Observer next) {
    this.webhooks = webhooks;
    this.next = next;
  }

  @Override
  public void fannedOut(Message message, Collection<String> recipients, Map<Integer, List<String>> online,
      SendCommand origin) {
    try {
      webhooks.committed(message, recipients);
    } catch (RuntimeException e) {
      java.util.logging.Logger.getLogger(WebhookObserver.class.getName()).warning("webhooks: " + e);
    }
    next.fannedOut(message, recipients, online, origin);
  }
}
