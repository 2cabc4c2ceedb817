package io.jindou.usecase;

import io.jindou.model.ChannelKey;
import io.jindou.model.Message;
import java.util.List;

/**
 * One page of {@code /conversation/list} (spec http-api §3.3): the conversations shown (each with its unread
 * count), the channels the client should drop ({@code deletes}: disbanded), those whose state could not be read
 * now ({@code unresolved}: ask again), where the next page starts ({@code next}, null when {@code done}), the pass
 * coverage (server time, ns), since when tombstones are kept and whether the client must rebuild its list.
 */
public record ConversationListResult(List<Listed> conversations, List<ChannelKey> deletes,
    List<ChannelKey> unresolved, ChannelKey next, boolean done, long coverage, long tombstonesRetainedSince,
    boolean resetRequired) {

  /**
   * One shown conversation: its channel (storage key), the user's read cursor and delete floor, the unread count
   * and the last visible message.
   */
  public record Listed(ChannelKey channel, long readSeq, long deletedToSeq, long unread, Message last) {
  }
}
