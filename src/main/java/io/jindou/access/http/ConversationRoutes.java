package io.jindou.access.http;

import io.jindou.access.json.Body;
import io.jindou.access.json.MessageJson;
import io.jindou.access.json.ConversationJson;
import io.jindou.channel.PersonChannels;
import io.jindou.conversation.CommandSync;
import io.jindou.conversation.ConversationService;
import io.jindou.model.ChannelKey;
import io.jindou.model.ChannelType;
import io.jindou.model.JindouException;
import io.jindou.model.Message;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Conversation and command-sync endpoints (spec http-api §1.8, §3.1, §3.4): {@code /conversation/sync},
 * {@code /conversations/clearUnread|setUnread|delete}, {@code /message/sync}, {@code /message/syncack}.
 * Validates and shapes JSON; the arithmetic lives in {@link ConversationService}.
 */
final class ConversationRoutes {
  private final ConversationService conversations;
  private final CommandSync commands;
  private final int idMax;

  ConversationRoutes(ConversationService conversations, CommandSync commands, int idMax) {
    this.conversations = conversations;
    this.commands = commands;
    this.idMax = idMax;
  }

  void register(Endpoints r) {
    r.post("/conversation/sync", this::sync);
    r.post("/conversations/clearUnread", b -> conversations.clearUnread(b.id("uid", idMax, false), key(b)));
    r.post("/conversations/setUnread", b -> {
      String uid = b.id("uid", idMax, false);
      ChannelKey ch = key(b);
      return conversations.setUnread(uid, ch, b.integer("unread", 0, 0, Integer.MAX_VALUE));
    });
    r.post("/conversations/delete", b -> conversations.delete(b.id("uid", idMax, false), key(b)));
    r.post("/message/sync", b -> {
      String uid = b.id("uid", idMax, false);
      int limit = (int) b.integer("limit", 0, 0, 10_000);
      return commands.sync(uid, limit == 0 ? 200 : limit).map(ms -> {
        JsonArray out = new JsonArray();
        for (Message m : ms) {
          JsonObject o = MessageJson.of(m, uid);
          String id = o.getString("channel_id");
          if (id.endsWith(ChannelKey.CMD_SUFFIX)) {
            o.put("channel_id", id.substring(0, id.length() - ChannelKey.CMD_SUFFIX.length()));
          }
          out.add(o);
        }
        return out;
      });
    });
    r.post("/message/syncack", b -> {
      String uid = b.id("uid", idMax, false);
      b.requiredInteger("last_message_seq", 1, Long.MAX_VALUE);
      return commands.ack(uid);
    });
  }

  private ChannelKey key(Body b) {
    String uid = b.str("uid", true);
    String id = b.id("channel_id", idMax * 2 + 1, false);
    long type = b.requiredInteger("channel_type", 1, 12);
    return new ChannelKey(type == ChannelType.PERSON ? PersonChannels.normalize(uid, id) : id, (int) type);
  }

  /** The answer is encoded here, straight to bytes (see {@link ConversationJson}): it can be large. */
  private Future<Buffer> sync(Body b) {
    String uid = b.id("uid", idMax, false);
    boolean onlyNew = b.integer("version", 0, Long.MIN_VALUE, Long.MAX_VALUE) > 0 || b.flag("only_unread");
    int msgCount = (int) b.integer("msg_count", 0, Integer.MIN_VALUE, 10_000);
    int page = (int) b.integer("page", 0, 0, Integer.MAX_VALUE);
    int pageSize = (int) b.integer("page_size", 100, 1, 500);
    Set<Integer> exclude = new HashSet<>();
    b.integers("exclude_channel_types", 0, 255).forEach(t -> exclude.add(t.intValue()));
    Map<ChannelKey, Long> clientLast = parseLastSeqs(uid, b.str("last_msg_seqs", false));
    return conversations.sync(new ConversationService.SyncRequest(uid, onlyNew, clientLast, msgCount, exclude, page,
        pageSize)).map(items -> ConversationJson.encode(items, uid));
  }

  /** {@code "<channel_id>:<channel_type>:<last_msg_seq>|…"}; malformed items are skipped (spec §3.1). */
  static Map<ChannelKey, Long> parseLastSeqs(String uid, String raw) {
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
