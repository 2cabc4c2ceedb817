package io.jindou.store;

/**
 * A channel's own retention settings, stored with its message log: how many days and how many newest messages it
 * keeps; -1 = the node's default ({@code retention_days}, {@code retention_max_messages}), 0 = no limit of that
 * kind. Values only; the owner's retention task applies them.
 */
public record Retention(long days, long maxMessages) {
  /** Both from the node's defaults. */
  public static final Retention DEFAULT = new Retention(-1, -1);

  /** The days to keep, given the node's default. */
  public long days(long nodeDefault) {
    return days < 0 ? nodeDefault : days;
  }

  /** The newest messages to keep, given the node's default. */
  public long maxMessages(long nodeDefault) {
    return maxMessages < 0 ? nodeDefault : maxMessages;
  }
}
