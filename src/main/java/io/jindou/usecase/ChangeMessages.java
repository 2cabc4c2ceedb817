package io.jindou.usecase;

import io.jindou.channel.ChannelService;
import io.jindou.model.ChannelKey;
import io.jindou.model.ChannelType;
import io.jindou.model.JindouException;
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
 * Changing stored messages: recall, edit, delete (for everyone or for me) and reactions. It checks the request's
 * shape (ids, the payload limit, an emoji of at most {@value #EMOJI_MAX} characters, who acts), hands the change
 * to the channel's owner (who decides whether the actor may and applies it durably), and once a change is made
 * tells the devices: a command message ({@code sync_once}, payload {@link #notice}) to the channel's members — or,
 * for "delete for me", to the actor's devices only — and the observer (the event {@code jindou.event.message.extra}).
 * A notice that cannot be sent is logged, never failing a change that is durable. It never writes a store itself.
 */
public final class ChangeMessages {
  private static final Logger LOG = Logger.getLogger(ChangeMessages.class.getName());
  /** The longest emoji (or short reaction code) a reaction may carry, in characters. */
  public static final int EMOJI_MAX = 32;
  /** The content type of a command payload, as the WuKongIM SDKs read it (CMDContent). */
  public static final int CMD_CONTENT_TYPE = 99;
  /** The {@code cmd} of the notice a change sends. */
  public static final String CMD = "messageExtraChanged";

  /** Told of every change made (on the calling node), after it is durable; must return at once. */
  @FunctionalInterface
  public interface Observer {
    void changed(MessageChange.Op op, String actor, Message message);
  }

  private final ChannelService owners;
  private final ReadMessages reads;
  private final Limits limits;
  private final Observer observer;
  private final io.jindou.channel.RetentionSettings retention;
  private ReceiptNotices receipts;

  public ChangeMessages(ChannelService owners, ReadMessages reads, Limits limits, Observer observer,
      io.jindou.channel.RetentionSettings retention) {
    this.owners = owners;
    this.reads = reads;
    this.limits = limits;
    this.observer = observer;
    this.retention = retention;
  }

  /** Sets where reads that raise receipt counts are told (live notices to the senders); set once, when wiring. */
  public ChangeMessages receiptNotices(ReceiptNotices notices) {
    this.receipts = notices;
    return this;
  }

  /** The command log of one user's own devices (a notice only they get). */
  static ChannelKey personalLog(String uid) {
    return new ChannelKey(Long.toUnsignedString(SendRules.fnv1a64(uid)), ChannelType.TEMP).commandLog();
  }

  /**
   * {@code /channel/retention}: the channel's own retention ({@code days}, {@code maxMessages}: -1 = the node's
   * default, 0 = no limit), applied by the owners' retention task from its next visit on.
   */
  public Future<Void> setRetention(String channelId, int channelType, long days, long maxMessages) {
    ChannelKey ch = reads.key(new ChannelQuery(channelId, channelType, null), true);
    if (ch.isCommandLog()) {
      throw JindouException.invalid("command logs have no retention of their own");
    }
    if (days < -1 || maxMessages < -1) {
      throw JindouException.invalid("retention_days and retention_max_messages must be -1 (the default), 0 (no"
          + " limit) or positive");
    }
    return retention.set(ch, days, maxMessages);
  }

  public Future<MessageChange.Result> change(ChangeRequest r) {
    if (r.op() == null) {
      throw JindouException.invalid("the change is required");
    }
    String actor = r.fromUid() == null ? null
        : Ids.required("from_uid", r.fromUid(), limits.idMaxLength(), true, Reason.UNKNOWN);
    boolean forSelf = r.op() == MessageChange.Op.DELETE_FOR_ME || r.op() == MessageChange.Op.REACTION_ADD
        || r.op() == MessageChange.Op.REACTION_REMOVE || r.op() == MessageChange.Op.EDIT;
    if (actor == null && (forSelf || !r.manager())) {
      throw JindouException.invalid("from_uid is required" + (forSelf ? "" : " (without it, only a call carrying the"
          + " manager token may moderate)"));
    }
    ChannelKey ch = reads.key(new ChannelQuery(r.channelId(), r.channelType(), actor), true);
    if (ch.isCommandLog()) {
      throw JindouException.invalid("command messages cannot be changed");
    }
    if (r.messageId() <= 0 && r.messageSeq() <= 0) {
      throw JindouException.invalid("message_id or message_seq (a positive integer) is required");
    }
    byte[] payload = null;
    String emoji = null;
    if (r.op() == MessageChange.Op.EDIT) {
      payload = r.payload();
      if (payload == null || payload.length == 0) {
        throw JindouException.invalid("payload (the new content, base64) is required");
      }
      if (payload.length > limits.payloadMaxBytes()) {
        throw JindouException.invalid("payload is " + payload.length + " bytes, over the limit of "
            + limits.payloadMaxBytes());
      }
    }
    if (r.op() == MessageChange.Op.REACTION_ADD || r.op() == MessageChange.Op.REACTION_REMOVE) {
      emoji = Ids.required("emoji", r.emoji(), EMOJI_MAX, false, Reason.UNKNOWN);
    }
    MessageChange c = new MessageChange(r.op(), ch, Math.max(r.messageId(), 0), Math.max(r.messageSeq(), 0), actor,
        r.manager(), payload, emoji);
    return owners.change(c).onSuccess(res -> {
      if (res.changed()) {
        announce(c, res.message());
      }
    });
  }

  /**
   * {@code /message/readed}: {@code uid} has read the channel up to {@code messageSeq} (inclusive). Each message in
   * between that asks for receipts ({@code setting} bit 0x80) and is not the reader's own counts one more reader,
   * once: the owner keeps one cursor per reader and channel. Only a member may. True when anything changed; then the
   * senders of the counted messages get a coalesced live notice ({@link ReceiptNotices}).
   */
  public Future<Boolean> readed(String uid, String channelId, int channelType, long messageSeq) {
    String reader = Ids.required("uid", uid, limits.idMaxLength(), true, Reason.UNKNOWN);
    ChannelKey ch = reads.key(new ChannelQuery(channelId, channelType, reader), true);
    if (ch.isCommandLog()) {
      throw JindouException.invalid("command messages have no receipts");
    }
    if (messageSeq <= 0) {
      throw JindouException.invalid("message_seq (read up to, a positive integer) is required");
    }
    return owners.change(new MessageChange(MessageChange.Op.READ, ch, 0, messageSeq, reader, false, null, null))
        .map(res -> {
          if (res.changed() && receipts != null) {
            receipts.counted(res.message(), res.counted());
          }
          return res.changed();
        });
  }

  /**
   * {@code /channel/clear}: the channel's messages up to {@code messageSeq} (0 or past the end: all of them) are
   * deleted for everyone, in the channel's order (an admin call: the HTTP edge requires the manager token when one
   * is set). Sequences stay: later messages keep theirs and readers see the gap.
   */
  public Future<Void> clear(String channelId, int channelType, long messageSeq) {
    ChannelKey ch = reads.key(new ChannelQuery(channelId, channelType, null), true);
    if (ch.isCommandLog()) {
      throw JindouException.invalid("command logs are cleared by /message/syncack");
    }
    if (messageSeq < 0) {
      throw JindouException.invalid("message_seq must not be negative, got " + messageSeq);
    }
    LOG.info("clearing channel " + ch.id() + " (type " + ch.type() + ") up to seq "
        + (messageSeq == 0 ? "its end" : Long.toString(messageSeq)));
    return owners.change(new MessageChange(MessageChange.Op.CLEAR, ch, 0, messageSeq, null, true, null, null))
        .mapEmpty();
  }

  /** The command message and the event of a change that was made. */
  private void announce(MessageChange c, Message m) {
    try {
      observer.changed(c.op(), c.actor(), m);
    } catch (RuntimeException e) {
      LOG.warning("the observer of message changes failed: " + e);
    }
    ChannelKey log = c.op() == MessageChange.Op.DELETE_FOR_ME ? personalLog(c.actor()) : m.channel().commandLog();
    List<String> to = c.op() == MessageChange.Op.DELETE_FOR_ME ? List.of(c.actor()) : List.of();
    byte[] payload = notice(c.op(), m).encode().getBytes(StandardCharsets.UTF_8);
    String clientMsgNo = "extra-" + m.messageId() + "-" + m.extra().version(); // a resent notice is a duplicate
    Message draft = new Message(0, 0, clientMsgNo, null, SystemIds.SYSTEM_UID, log.id(), log.type(), 0, 0, false,
        false, true, 0, null, null, payload);
    owners.send(new SendCommand(draft, true, to, false)).onFailure(e -> LOG.warning("the notice of a change of message "
        + m.messageId() + " (extra_version " + m.extra().version() + ") was not sent: " + e.getMessage()));
  }

  /**
   * The payload of the command message a change sends (documented in README "Message changes"):
   * {@code {"type":99,"cmd":"messageExtraChanged","param":{channel_id, channel_type, message_id, message_idstr,
   * message_seq, extra_version, action}}}; a person channel is named by its {@code a@b} id. The device then calls
   * {@code /message/extra/sync} with the highest extra_version it holds for the channel.
   */
  public static JsonObject notice(MessageChange.Op op, Message m) {
    JsonObject param = new JsonObject().put("channel_id", m.channelId()).put("channel_type", m.channelType())
        .put("message_id", m.messageId()).put("message_idstr", Long.toString(m.messageId()))
        .put("message_seq", m.messageSeq()).put("extra_version", m.extra().version())
        .put("action", op.name().toLowerCase(java.util.Locale.ROOT));
    return new JsonObject().put("type", CMD_CONTENT_TYPE).put("cmd", CMD).put("param", param);
  }
}
