package io.jindou.store;

import io.jindou.model.ChannelKey;
import io.jindou.model.Message;

/**
 * One change of a stored message (recall, edit, delete, hiding, reaction), decided by its channel's owner
 * ({@code channel.WritePlans}) and applied by {@link MessageStore#mutate} in one atomic step: {@code next} is the
 * message's whole new state (same seq and id) stamped with the channel's next {@code extra_version}; it is written
 * only if the channel's extra head is still {@code next.extra().version() - 1} and the stored message still has
 * extra version {@code expectedVersion} (0 = never changed). The store moves the message from its old place in the
 * channel's change index to the new one and advances the head, together; when {@code outboxNode} is not -1 it also
 * writes a CHANGE {@link WebhookStore.Entry} to that node's webhook outbox in the same atomic write. A store never
 * decides the new state.
 */
public record MutationPlan(ChannelKey channel, long expectedVersion, Message next, int outboxNode) {

  /** A plan that writes no webhook outbox entry. */
  public MutationPlan(ChannelKey channel, long expectedVersion, Message next) {
    this(channel, expectedVersion, next, -1);
  }

  public MutationPlan {
    if (next.messageSeq() <= 0 || next.extra().version() <= expectedVersion) {
      throw new IllegalArgumentException("a mutation names a stored message and a newer extra_version");
    }
    if (channel.isCommandLog()) {
      throw new IllegalArgumentException("command messages are never changed");
    }
  }

  /** The extra version this plan gives the message (and the channel's extra head). */
  public long version() {
    return next.extra().version();
  }

  /** What became of a plan. */
  public enum Outcome {
    /** Written. */
    APPLIED,
    /** The head or the message moved since the owner read them: nothing written; read again and re-plan. */
    STALE,
    /** No message with that seq: nothing written. */
    MISSING
  }
}
