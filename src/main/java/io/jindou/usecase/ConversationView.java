package io.jindou.usecase;

import io.jindou.conversation.ConversationService;
import io.jindou.model.ChannelKey;
import io.jindou.model.Message;
import java.util.List;

/**
 * One conversation as a sync answer shows it: the channel (storage key), its head, the user's unread count, the last
 * message and the recent messages (newest first), with the summaries of the stream anchors among them. The edges render
 * it; it carries no cursor an edge could misuse and never anything of another user.
 */
public record ConversationView(ChannelKey channel, long head, long unread, Message last, List<Message> recents,
    java.util.Map<String, io.jindou.model.StreamSummary> streams) {

  public ConversationView(ChannelKey channel, long head, long unread, Message last, List<Message> recents) {
    this(channel, head, unread, last, recents, java.util.Map.of());
  }

  /** This view with the summaries of the stream anchors among its recents. */
  ConversationView with(java.util.Map<String, io.jindou.model.StreamSummary> summaries) {
    return new ConversationView(channel, head, unread, last, recents, summaries);
  }

  /**
   * The item as {@code uid} sees it: its recent messages without those it deleted for itself or whose
   * {@code expire} has passed.
   */
  static ConversationView of(ConversationService.Item it, String uid) {
    long now = System.currentTimeMillis() / 1000;
    List<Message> recents = it.recents();
    if (recents.stream().anyMatch(m -> m.extra().hiddenFor(uid) || ReadMessages.expired(m, now))) {
      recents = recents.stream().filter(m -> !m.extra().hiddenFor(uid) && !ReadMessages.expired(m, now)).toList();
    }
    return new ConversationView(it.channel(), it.head(), it.unread(), it.last(), recents);
  }
}
