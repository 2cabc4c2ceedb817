package io.jindou.model;

import java.util.List;

/**
 * What happened to a message after it was sent (its "extra"): recall, edit, delete for everyone, per-user
 * hiding ("delete for me"), reactions and read receipts (how many of its {@code receivers} — the channel's
 * members but the sender when it was sent — read it, and the first {@link #READERS_MAX} of them), stamped with
 * the channel's {@code extra_version} of its latest change.
 * Stored with the message (the message bytes always show its current state) and decided only by the channel's
 * owner; immutable. Lists are bounded by the owner's rules ({@link #HIDDEN_MAX}, {@link #REACTIONS_MAX}), so a
 * record never grows without limit. It never checks who may change what.
 */
public record MessageExtra(
    long version,
    boolean revoked,
    String revoker,
    boolean deleted,
    long editedAt,
    int editCount,
    List<String> hiddenFor,
    List<Reaction> reactions,
    long readedCount,
    long receivers,
    List<String> readers) {

  /** The most uids one message may be hidden for ("delete for me"). */
  public static final int HIDDEN_MAX = 1_000;
  /** The most (uid, emoji) reactions one message may carry. */
  public static final int REACTIONS_MAX = 1_000;

  /** The state of a message that was never changed (version 0). */
  public static final MessageExtra NONE = new MessageExtra(0, false, null, false, 0, 0, List.of(), List.of());
  /** The most readers one message lists by uid (the count goes on beyond it). */
  public static final int READERS_MAX = 100;

  /** A state without read receipts. */
  public MessageExtra(long version, boolean revoked, String revoker, boolean deleted, long editedAt, int editCount,
      List<String> hiddenFor, List<Reaction> reactions) {
    this(version, revoked, revoker, deleted, editedAt, editCount, hiddenFor, reactions, 0, 0, List.of());
  }

  /** This state with another version and the receipts of {@code from} (changes keep what was read). */
  public MessageExtra withReceipts(MessageExtra from) {
    return new MessageExtra(version, revoked, revoker, deleted, editedAt, editCount, hiddenFor, reactions,
        from.readedCount, from.receivers, from.readers);
  }

  /** The readers who have not read it yet: {@code receivers − readedCount}, never negative. */
  public long unreadCount() {
    return Math.max(0, receivers - readedCount);
  }

  /** One user's reaction: an emoji (a short string). */
  public record Reaction(String uid, String emoji) {
  }

  public MessageExtra {
    hiddenFor = List.copyOf(hiddenFor);
    reactions = List.copyOf(reactions);
    readers = List.copyOf(readers);
  }

  /** Whether {@code uid} deleted the message for itself. */
  public boolean hiddenFor(String uid) {
    return uid != null && hiddenFor.contains(uid);
  }

  /** Whether the content is gone for everyone (recalled or deleted): no payload is shown or kept. */
  public boolean erased() {
    return revoked || deleted;
  }
}
