package io.jindou.model;

/**
 * The storage identity of a channel: the id as stored (person channels use the canonical {@code a@b} id,
 * command logs the {@code ____cmd} suffix) plus the channel type. It owns nothing but equality and the
 * routing key; it must never be built from a raw person peer uid (use {@code PersonChannels} for that).
 */
public record ChannelKey(String id, int type) {

  public static final String CMD_SUFFIX = "____cmd";

  /**
   * Written out rather than left to the record's generated method: a channel key is hashed several times per
   * message (the writer's batch maps, the webhook outbox and its hints), and the generated one reaches the profile
   * as a method-handle chain. Same contract: equal keys hash alike.
   */
  @Override
  public int hashCode() {
    return 31 * id.hashCode() + type;
  }

  @Override
  public boolean equals(Object o) {
    return o == this || o instanceof ChannelKey k && type == k.type && id.equals(k.id);
  }

  /** The string the ring hashes: every message of this channel goes to the same owner. */
  public String routingKey() {
    return type + ":" + id;
  }

  public boolean isCommandLog() {
    return id.endsWith(CMD_SUFFIX);
  }

  /** The command log ({@code ____cmd}) that belongs to this channel. */
  public ChannelKey commandLog() {
    return isCommandLog() ? this : new ChannelKey(id + CMD_SUFFIX, type);
  }

  /** The channel a command log belongs to (itself for an ordinary channel). */
  public ChannelKey source() {
    return isCommandLog() ? new ChannelKey(id.substring(0, id.length() - CMD_SUFFIX.length()), type) : this;
  }
}
