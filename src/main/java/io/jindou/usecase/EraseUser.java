package io.jindou.usecase;

import io.jindou.channel.ChannelService;
import io.jindou.channel.StoredChannels;
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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

/**
 * {@code /user/erase}: removes a user's data. For every channel the user has a conversation with, in turn, the
 * channel's owner erases the content of the user's messages there (tombstones keep the seqs contiguous; the events
 * of a stream such a message anchors go too) and its traces on others' messages (reactions, reader lists, hiding);
 * in a group the user then leaves the subscribers (its conversation row goes with it) and both lists, in a person
 * channel its row is hidden. Then its tokens are cleared and its devices kicked, and the call answers. In the
 * background, a pass over every other stored channel ({@link StoredChannels}: groups it left, channels it never had
 * a row in) erases the same there, one channel at a time; when it ends, an audit entry (who asked, when, how many
 * channels, when it finished) is stored as a message of the {@value #AUDIT_CHANNEL} channel (type 2, from
 * {@code ____system}). It never writes a store itself.
 */
public final class EraseUser {
  private static final Logger LOG = Logger.getLogger(EraseUser.class.getName());
  /** Where audit entries go: one message each. */
  public static final String AUDIT_CHANNEL = "____audit";
  private final ChannelService owners;
  private final ConversationService conversations;
  private final ManageUsers users;
  private final Limits limits;
  private final StoredChannels stored;

  public EraseUser(ChannelService owners, ConversationService conversations, ManageUsers users, Limits limits,
      StoredChannels stored) {
    this.owners = owners;
    this.stored = stored;
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
    return conversations.channels(checked).compose(channels -> eachChannel(checked, channels, 0, 0)
        .compose(erased -> users.deviceQuit(checked, -1).map(v -> {
          JsonObject entry = new JsonObject().put("action", "user_erase").put("uid", checked).put("operator", by)
              .put("at", at).put("channels", erased);
          Set<ChannelKey> done = new HashSet<>(channels);
          elsewhere(checked, done).onComplete(ar -> {
            JsonObject finished = entry.copy().put("other_channels", ar.succeeded() ? ar.result() : 0)
                .put("complete", ar.succeeded()).put("finished_at", System.currentTimeMillis() / 1000);
            LOG.info("erased the data of uid " + checked + ": " + erased + " conversations, "
                + finished.getLong("other_channels") + " other channels" + (ar.succeeded() ? ""
                : " (the pass over the other channels failed: " + ar.cause().getMessage() + ")"));
            audit(finished).onFailure(e -> LOG.warning("storing the audit entry of erasing " + checked + " failed: "
                + e.getMessage()));
          });
          return entry.copy().put("background", true);
        })));
  }

  /** The pass over every stored channel but {@code done}: how many of them held something of the user. */
  private Future<Long> elsewhere(String uid, Set<ChannelKey> done) {
    return stored.forEach(ch -> done.contains(ch) || ch.id().equals(AUDIT_CHANNEL) ? Future.succeededFuture(false)
        : owners.change(new MessageChange(MessageChange.Op.ERASE, ch, 0, 0, uid, true, null, null))
            .map(MessageChange.Result::changed));
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
