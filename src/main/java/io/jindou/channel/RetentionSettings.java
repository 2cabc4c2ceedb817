package io.jindou.channel;

import io.jindou.model.ChannelKey;
import io.jindou.store.MessageStore;
import io.jindou.store.Retention;
import io.vertx.core.Future;

/**
 * A channel's own retention settings ({@code /channel/retention}): stored with its message log and read by the
 * owners' retention task on each visit, so a change applies from the next visit on. It checks nothing (the use case
 * does) and deletes nothing itself.
 */
public final class RetentionSettings {
  private final MessageStore messages;

  public RetentionSettings(MessageStore messages) {
    this.messages = messages;
  }

  /** Stores the settings: -1 = the node's default, 0 = no limit of that kind. */
  public Future<Void> set(ChannelKey channel, long days, long maxMessages) {
    return messages.setRetention(channel, new Retention(days, maxMessages));
  }

  /** The channel's own settings ({@code -1, -1} when none were set). */
  public Future<Retention> get(ChannelKey channel) {
    return messages.retention(channel);
  }
}
