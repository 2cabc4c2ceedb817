package io.jindou.usecase;

import io.jindou.channel.ChannelService;
import io.jindou.model.ChannelKey;
import io.jindou.model.Message;
import io.jindou.model.MessageChange;
import io.jindou.model.SendCommand;
import io.jindou.model.SystemIds;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * Live read-receipt notices, coalesced: the messages whose counts reads raised are gathered per channel, and at most
 * once per {@code windowMs} per channel (on this node) each of their senders gets one command message
 * ({@code sync_once}, to its own devices only) naming them, payload {@link #notice}; the device then reads the counts
 * with {@code /message/extra/sync}. So a thousand reads a second in a big group cost each sender about one notice a
 * second, not a thousand. At most {@value #IDS_MAX} ids per notice; past that the notice says {@code more} and the
 * device syncs the channel's changes. A notice that cannot be sent is logged and dropped (the counts are durable; a
 * later sync shows them). Runs on one Vert.x context (the one that created it); never writes a store itself.
 */
public final class ReceiptNotices {
  private static final Logger LOG = Logger.getLogger(ReceiptNotices.class.getName());
  /** The {@code cmd} of a receipt notice. */
  public static final String CMD = "messageReceiptChanged";
  /** The most message ids one notice names. */
  static final int IDS_MAX = 1_000;

  /** What waits for one channel's next notice: the channel as devices name it, and per sender its messages. */
  private static final class Pending {
    final String channelId;
    final int channelType;
    final Map<String, LinkedHashSet<MessageChange.Counted>> bySender = new LinkedHashMap<>();
    final Map<String, Boolean> more = new HashMap<>();

    Pending(String channelId, int channelType) {
      this.channelId = channelId;
      this.channelType = channelType;
    }
  }

  private final Vertx vertx;
  private final ChannelService owners;
  private final long windowMs;
  private final io.vertx.core.Context home;
  private final Map<ChannelKey, Pending> pending = new HashMap<>();
  private final AtomicLong sent = new AtomicLong();

  public ReceiptNotices(Vertx vertx, ChannelService owners, long windowMs) {
    this.vertx = vertx;
    this.owners = owners;
    this.windowMs = windowMs;
    this.home = vertx.getOrCreateContext();
  }

  /** A read raised the counts of {@code counted} (in the channel of {@code shown}, a message of that read). */
  public void counted(Message shown, List<MessageChange.Counted> counted) {
    if (shown == null || counted.isEmpty()) {
      return;
    }
    home.runOnContext(v -> add(shown, counted));
  }

  private void add(Message shown, List<MessageChange.Counted> counted) {
    ChannelKey key = shown.channel();
    Pending p = pending.get(key);
    if (p == null) {
      p = new Pending(shown.channelId(), shown.channelType());
      pending.put(key, p);
      vertx.setTimer(windowMs, t -> flush(key));
    }
    for (MessageChange.Counted c : counted) {
      LinkedHashSet<MessageChange.Counted> ids = p.bySender.computeIfAbsent(c.fromUid(), u -> new LinkedHashSet<>());
      if (ids.size() < IDS_MAX) {
        ids.add(c);
      } else {
        p.more.put(c.fromUid(), true);
      }
    }
  }

  private void flush(ChannelKey key) {
    Pending p = pending.remove(key);
    if (p == null) {
      return;
    }
    p.bySender.forEach((sender, ids) -> {
      JsonObject payload = notice(p.channelId, p.channelType, new ArrayList<>(ids), p.more.containsKey(sender));
      ChannelKey log = ChangeMessages.personalLog(sender);
      String clientMsgNo = "receipt-" + sender + "-" + System.currentTimeMillis() + "-" + sent.incrementAndGet();
      Message draft = new Message(0, 0, clientMsgNo, null, SystemIds.SYSTEM_UID, log.id(), log.type(), 0, 0, false,
          false, true, 0, null, null, payload.encode().getBytes(StandardCharsets.UTF_8));
      owners.send(new SendCommand(draft, true, List.of(sender), false)).onFailure(e -> LOG.warning(
          "the receipt notice to " + sender + " for channel " + p.channelId + " was not sent: " + e.getMessage()));
    });
  }

  /**
   * The payload of a receipt notice (documented in README "Read receipts"): {@code {"type":99,
   * "cmd":"messageReceiptChanged","param":{channel_id, channel_type, message_ids, message_idstrs, message_seqs,
   * more}}} — the sender's messages in that channel whose counts changed since its last notice.
   */
  static JsonObject notice(String channelId, int channelType, List<MessageChange.Counted> ids, boolean more) {
    JsonArray idNums = new JsonArray();
    JsonArray idStrs = new JsonArray();
    JsonArray seqs = new JsonArray();
    for (MessageChange.Counted c : ids) {
      idNums.add(c.messageId());
      idStrs.add(Long.toString(c.messageId()));
      seqs.add(c.messageSeq());
    }
    JsonObject param = new JsonObject().put("channel_id", channelId).put("channel_type", channelType)
        .put("message_ids", idNums).put("message_idstrs", idStrs).put("message_seqs", seqs).put("more", more ? 1 : 0);
    return new JsonObject().put("type", ChangeMessages.CMD_CONTENT_TYPE).put("cmd", CMD).put("param", param);
  }
}
