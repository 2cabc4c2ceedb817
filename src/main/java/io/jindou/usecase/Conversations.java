package io.jindou.usecase;

import io.jindou.model.PersonChannels;
import io.jindou.conversation.CommandSync;
import io.jindou.conversation.ConversationService;
import io.jindou.model.ChannelKey;
import io.jindou.model.ChannelType;
import io.jindou.model.JindouException;
import io.jindou.model.Message;
import io.jindou.model.Reason;
import io.vertx.core.Future;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A user's conversations (spec http-api §3.1, §1.8, §3.4): the sync (unread arithmetic, recents, paging), the
 * read cursor ({@code clearUnread}, {@code setUnread}), hiding a conversation ({@code delete}), and the offline
 * command messages ({@code /message/sync} and its {@code syncack}). Checks the uid and the channel and resolves
 * person channels to their canonical id; the arithmetic is {@link ConversationService}'s and
 * {@link CommandSync}'s.
 */
public final class Conversations {
  private final ConversationService conversations;
  private final CommandSync commands;
  private final Limits limits;

  public Conversations(ConversationService conversations, CommandSync commands, Limits limits) {
    this.conversations = conversations;
    this.commands = commands;
    this.limits = limits;
  }

  /**
   * The user's conversations, within about {@code response_max_bytes} ({@link AnswerBudget}): the recent messages
   * loaded are bounded by the budget, and the answer ends at the conversation that reaches it (at least one is
   * answered); a cut answer has {@code more}.
   */
  public Future<ConversationPage> sync(ConversationSyncRequest r) {
    String uid = uid(r.uid());
    boolean onlyNew = r.version() > 0 || r.onlyUnread();
    int budget = limits.responseMaxBytes();
    return conversations.sync(new ConversationService.SyncRequest(uid, onlyNew, lastSeqs(uid, r.lastMsgSeqs()),
        r.msgCount(), r.excludeChannelTypes(), r.page(), r.pageSize(), AnswerBudget.storeBytes(budget, 0)))
        .map(synced -> {
          List<ConversationView> items = synced.items().stream().map(ConversationView::of).toList();
          long bytes = 2;
          for (int i = 0; i < items.size(); i++) {
            long item = AnswerBudget.ITEM_BYTES;
            for (Message m : items.get(i).recents()) {
              item += AnswerBudget.answerBytes(m);
            }
            bytes += item;
            if (bytes > budget && i > 0) {
              return new ConversationPage(items.subList(0, i), true);
            }
          }
          return new ConversationPage(items, synced.cut());
        });
  }

  public Future<Void> clearUnread(ConversationRequest r) {
    return conversations.clearUnread(uid(r.uid()), key(r));
  }

  public Future<Void> setUnread(ConversationRequest r) {
    String uid = uid(r.uid());
    return conversations.setUnread(uid, key(r), r.unread());
  }

  public Future<Void> delete(ConversationRequest r) {
    return conversations.delete(uid(r.uid()), key(r));
  }

  /** Up to {@code limit} (0 = 200) pending command messages of {@code uid}. */
  public Future<List<Message>> commandSync(String uid, int limit) {
    return commands.sync(uid(uid), limit == 0 ? 200 : limit);
  }

  /** Commits what the latest {@link #commandSync} of {@code uid} returned; {@code lastMessageSeq} must be given. */
  public Future<Void> commandAck(String uid, long lastMessageSeq) {
    String checked = uid(uid);
    if (lastMessageSeq <= 0) {
      throw JindouException.invalid("last_message_seq is required");
    }
    return commands.ack(checked);
  }

  private String uid(String uid) {
    return Ids.required("uid", uid, limits.idMaxLength(), false, Reason.UNKNOWN);
  }

  /** The storage key of the conversation's channel: a person channel by the user's uid. */
  private ChannelKey key(ConversationRequest r) {
    String id = Ids.required("channel_id", r.channelId(), limits.channelIdMaxLength(), false, Reason.UNKNOWN);
    int type = r.channelType();
    if (type < 0) {
      throw JindouException.invalid("channel_type is required");
    }
    if (!ChannelType.isValid(type)) {
      throw JindouException.invalid("channel_type must be an integer between 1 and 12, got " + type);
    }
    return new ChannelKey(type == ChannelType.PERSON ? PersonChannels.normalize(r.uid(), id) : id, type);
  }

  /** {@code "<channel_id>:<channel_type>:<last_msg_seq>|…"}; malformed items are skipped (spec §3.1). */
  static Map<ChannelKey, Long> lastSeqs(String uid, String raw) {
    Map<ChannelKey, Long> out = new HashMap<>();
    if (raw == null || raw.isBlank()) {
      return out;
    }
    for (String item : raw.split("\\|")) {
      String[] parts = item.split(":");
      if (parts.length != 3 || parts[0].isEmpty()) {
        continue;
      }
      try {
        int type = Integer.parseInt(parts[1]);
        long seq = Long.parseLong(parts[2]);
        String id = type == ChannelType.PERSON ? PersonChannels.normalize(uid, parts[0]) : parts[0];
        out.put(new ChannelKey(id, type), seq);
      } catch (NumberFormatException | JindouException e) {
        // skipped, as WuKongIM does
      }
    }
    return out;
  }
}
