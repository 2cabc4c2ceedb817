package io.jindou.usecase;

import io.jindou.channel.ChannelService;
import io.jindou.conversation.ConversationService;
import io.jindou.model.ChannelCommand;
import io.jindou.model.ChannelKey;
import io.jindou.model.ChannelType;
import io.jindou.model.Message;
import io.jindou.model.MessageChange;
import io.jindou.model.Reason;
import io.jindou.model.SendCommand;
import io.jindou.model.SystemIds;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.logging.Logger;

/**
 * {@code /user/erase}: removes a user's data. For every channel the user has a conversation with, in turn, the
 * channel's owner erases the content of the user's messages there (tombstones keep the seqs contiguous); in a group
 * the user then leaves the subscribers (its conversation row goes with it) and both lists, in a person channel its
 * row is hidden. Then its tokens are cleared and its devices kicked, and an audit entry (who asked, when, what) is
 * stored as a message of the {@value #AUDIT_CHANNEL} channel (type 2, from {@code ____system}). Channels the user
 * has no conversation with (a group it left) are not searched. It never writes a store itself.
 */
public final class EraseUser {
  private static final Logger LOG = Logger.getLogger(EraseUser.class.getName());
  /** Where audit entries go: one message each. */
  public static final String AUDIT_CHANNEL = "____audit";
  private final ChannelService owners;
  private final ConversationService conversations;
  private final ManageUsers users;
  private final Limits limits;

  public EraseUser(ChannelService owners, ConversationService conversations, ManageUsers users, Limits limits) {
    this.owners = owners;
    this.conversations = conversations;
    this.users = users;
    this.limits = limits;
  }

  /** Erases {@code uid}'s data; {@code operator} (may be null) is who asked, for the audit entry. */
  public Future<JsonObject> erase(String uid, String operator) {
    String checked = Ids.required("uid", uid, limits.idMaxLength(), false, Reason.UNKNOWN);
    String by = operator == null ? "manager" : Ids.check("operator", operator, limits.idMaxLength(), false,
        Reason.UNKNOWN);
    long at = System.currentTimeMillis() / 1000;
    LOG.info("erasing the data of uid " + checked + " (asked by " + by + ")");
    return conversations.channels(checked).compose(channels -> eachChannel(checked, channels, 0, 0))
        .compose(erased -> users.deviceQuit(checked, -1).map(v -> erased))
        .compose(erased -> {
          JsonObject entry = new JsonObject().put("action", "user_erase").put("uid", checked).put("operator", by)
              .put("at", at).put("channels", erased);
          return audit(entry).map(v -> entry);
        });
  }

  private Future<Integer> eachChannel(String uid, List<ChannelKey> channels, int i, int done) {
    if (i >= channels.size()) {
      return Future.succeededFuture(done);
    }
    ChannelKey ch = channels.get(i);
    Future<?> step = owners.change(new MessageChange(MessageChange.Op.ERASE, ch, 0, 0, uid, true, null, null));
    boolean person = ch.type() == ChannelType.PERSON || ch.type() == ChannelType.AGENT;
    Future<?> left = step.compose(r -> person ? conversations.delete(uid, ch)
        : owners.mutate(new ChannelCommand(ChannelCommand.Op.REMOVE_SUBSCRIBERS, ch, null, List.of(uid), false))
            .compose(v -> owners.mutate(new ChannelCommand(ChannelCommand.Op.BLACKLIST_REMOVE, ch, null,
                List.of(uid), false)))
            .compose(v -> owners.mutate(new ChannelCommand(ChannelCommand.Op.WHITELIST_REMOVE, ch, null,
                List.of(uid), false))));
    return left.compose(v -> eachChannel(uid, channels, i + 1, done + 1));
  }

  private Future<Void> audit(JsonObject entry) {
    byte[] payload = entry.encode().getBytes(StandardCharsets.UTF_8);
    Message draft = new Message(0, 0, "erase-" + entry.getString("uid") + "-" + entry.getLong("at"), null,
        SystemIds.SYSTEM_UID, AUDIT_CHANNEL, ChannelType.GROUP, 0, 0, false, false, false, 0, null, null, payload);
    return owners.send(new SendCommand(draft, true, List.of(), false)).mapEmpty();
  }
}
