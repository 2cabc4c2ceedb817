package io.jindou.model;

/**
 * Event-bus body of a change to one stored message, routed to its channel's owner so that changes and sends of a
 * channel are applied on one thread in one order: the operation, the channel (storage key), the message by id
 * ({@code messageId} > 0) or else by sequence, who acts ({@code actor}, null for the manager) and whether the call
 * carried the manager token, and the operation's argument (the new payload of an edit, the emoji of a reaction).
 * Checked for shape by the use case; who may do what is the owner's decision.
 */
public record MessageChange(Op op, ChannelKey channel, long messageId, long messageSeq, String actor, boolean manager,
    byte[] payload, String emoji) {

  /** The changes an owner applies. */
  public enum Op {
    /** Recall: the content is gone for everyone, the message stays as a tombstone saying so. */
    REVOKE,
    /** A new payload (edit count and time kept). */
    EDIT,
    /** Delete for everyone: a tombstone. */
    DELETE,
    /** Delete for me: hidden for the actor only. */
    DELETE_FOR_ME,
    REACTION_ADD,
    REACTION_REMOVE,
    /** A read receipt: the actor has read up to {@code messageSeq}. */
    READ,
    /** Delete the channel's history up to {@code messageSeq} (0 = all of it) for everyone. */
    CLEAR,
    /** Erase the content of every message the actor sent in the channel (a tombstone keeps each seq). */
    ERASE,
    /** Apply the retention policy to the channel now (a background visit; no actor). */
    RETAIN
  }

  /**
   * The owner's answer: the message in its current state (for READ, the last message whose count changed, or null),
   * whether this call changed anything, and for READ the messages whose counts it raised.
   */
  public record Result(Message message, boolean changed, java.util.List<Counted> counted) {
    public Result {
      counted = counted == null ? java.util.List.of() : java.util.List.copyOf(counted);
    }

    public Result(Message message, boolean changed) {
      this(message, changed, java.util.List.of());
    }
  }

  /** A message whose receipt count a READ raised: which one, and whose it is (who is told). */
  public record Counted(long messageId, long messageSeq, String fromUid) {
  }
}
