package io.jindou.store;

import io.jindou.model.Message;
import java.util.List;

/**
 * Everything one message writes, decided by its channel's owner ({@code channel.WritePlans}) and applied by
 * {@link MessageStore#append} in one atomic step with the sequence allocation and the idempotency check:
 * the draft (ids set, sequence 0); whether its idempotency key must be looked up ({@code lookUpKey} false only
 * when the owner generated the client_msg_no for this very send, so no stored message can carry it — the key
 * is recorded either way); and the {@link Effect}s written with it, in list order, only when the message is
 * stored (never for a DUPLICATE or a CONFLICT).
 *
 * <p>A record written together with a message in a later feature (an outbox entry, an index update) is a new
 * {@link Effect} kind: each store adds one branch that applies it, and no store decides when a kind applies.
 * Stores never add effects of their own.
 */
public record MessagePlan(Message draft, boolean lookUpKey, List<Effect> effects) {

  public MessagePlan {
    effects = List.copyOf(effects);
  }

  /** A plan with no effects. */
  public static MessagePlan of(Message draft, boolean lookUpKey) {
    return new MessagePlan(draft, lookUpKey, List.of());
  }

  /** One write made with the message. Rows named here are rows of the draft's source channel. */
  public sealed interface Effect permits OpenRow, OwnLastSeq, Outbox {
  }

  /**
   * Creates {@code uid}'s conversation row as {@code row} when the user has none; with {@code firstMessageOnly},
   * only when the message is the first of its log (sequence 1).
   */
  public record OpenRow(String uid, NewRow row, boolean firstMessageOnly) implements Effect {
  }

  /** When {@code uid} has a conversation row, its own last sent seq becomes the message's seq. */
  public record OwnLastSeq(String uid) implements Effect {
  }

  /**
   * The message gets a webhook outbox entry ({@link WebhookStore.Entry}) in the outbox of node {@code node}, the
   * node whose dispatcher posts its events.
   */
  public record Outbox(int node) implements Effect {
  }
}
