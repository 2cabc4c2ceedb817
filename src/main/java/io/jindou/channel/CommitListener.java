package io.jindou.channel;

import io.jindou.model.Message;
import java.util.List;

/**
 * Told of every message an owner has accepted (after durability; immediately for {@code no_persist}),
 * on the owner's event loop. Implementations (fan-out, events) must return at once and never throw back
 * into the owner; {@code requestSubscribers} is the request-scoped recipient list, empty otherwise.
 */
@FunctionalInterface
public interface CommitListener {
  void committed(Message message, List<String> requestSubscribers);

  CommitListener NONE = (m, s) -> {
  };
}
