package io.jindou.channel;

import io.jindou.model.EventDelivery;
import java.util.Collection;

/**
 * Told of every stream event an owner has stored (after durability), on the owner's event loop, with the channel's
 * recipients at that moment; {@code event} carries no uids yet. Implementations (fan-out, the event bus) must
 * return at once, must not modify {@code recipients} and never throw back into the owner.
 */
@FunctionalInterface
public interface StreamListener {
  StreamListener NONE = (event, recipients) -> {
  };

  void streamed(EventDelivery event, Collection<String> recipients);
}
