package io.jindou.channel;

import io.jindou.model.Message;
import io.jindou.model.SendCommand;
import java.util.Collection;

/**
 * Told of every message an owner has accepted (after durability; immediately for {@code no_persist}),
 * on the owner's event loop, with the recipients the owner derived from the channel (subscribers, the two
 * people of a person channel, or the request-scoped list). Implementations (fan-out, events) must return at
 * once, must not modify {@code recipients} (it may be the owner's own immutable snapshot), and never throw
 * back into the owner.
 */
@FunctionalInterface
public interface CommitListener {
  void committed(Message message, Collection<String> recipients, SendCommand origin);
}
