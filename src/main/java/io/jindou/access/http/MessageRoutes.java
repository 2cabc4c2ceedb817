package io.jindou.access.http;

import io.jindou.channel.ChannelService;
import io.jindou.channel.MessageQueries;
import io.jindou.channel.PersonChannels;
import io.jindou.conversation.ConversationService;
import io.jindou.model.ChannelKey;
import io.jindou.model.ChannelType;
import io.jindou.model.JindouException;
import io.jindou.model.Message;
import io.jindou.access.json.Body;
import io.jindou.access.json.MessageJson;
import io.jindou.access.json.SendJson;
import io.jindou.usecase.SendMessages;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Message endpoints: send, sendbatch, messagesync, max_message_seq and the lookups. Adapts HTTP to
 * {@link ChannelService} (writes, through the owner) and {@link MessageQueries} (reads); no business rules.
 */
final class MessageRoutes {
  private final ChannelService channels;
  private final ConversationService conversations;
  private final MessageQueries queries;
  private final SendMessages sends;
  private final int idMax;

  MessageRoutes(ChannelService channels, MessageQueries queries, ConversationService conversations,
      SendMessages sends, int idMax) {
    this.channels = channels;
    this.conversations = conversations;
    this.queries = queries;
    this.sends = sends;
    this.idMax = idMax;
  }

  void register(Endpoints r) {
    r.post("/message/send", b -> sends.send(SendJson.request(b, sends.limits().payloadMaxBytes()))
        .map(SendJson::reply));
    r.post("/message/sendbatch", b -> sends.sendBatch(SendJson.batch(b, sends.limits().payloadMaxBytes()))
        .map(SendJson::batchReply));
    r.post("/channel/messagesync", this::sync);
    r.get("/channel/max_message_seq", this::maxSeq);
    r.post("/messages", this::lookup);
    r.post("/message", this::single);
  }

  /** The storage key of a channel addressed by {@code viewer}: person channels map to their canonical id. */
  private ChannelKey key(Body b, String viewerField, boolean typeRequired) {
    long type = typeRequired ? b.requiredInteger("channel_type", 1, 12) : b.integer("channel_type", 2, 1, 12);
    String id = b.id("channel_id", idMax * 2 + 1, false);
    if (type == ChannelType.PERSON) {
      String viewer = id.indexOf('@') >= 0 ? b.str(viewerField, false) : b.id(viewerField, idMax, true);
      if (viewer == null || viewer.isEmpty()) {
        return new ChannelKey(PersonChannels.normalize(id.substring(0, id.indexOf('@')), id), 1);
      }
      return new ChannelKey(PersonChannels.normalize(viewer, id), 1);
    }
    return new ChannelKey(id, (int) type);
  }

  private Future<JsonObject> sync(Body b) {
    String login = b.id("login_uid", idMax, true);
    ChannelKey ch = key(b, "login_uid", true);
    if (ch.isCommandLog()) {
      throw JindouException.invalid("command messages are not in messagesync; fetch them with /message/sync");
    }
    long start = b.integer("start_message_seq", 0, 0, Long.MAX_VALUE);
    long end = b.integer("end_message_seq", 0, 0, Long.MAX_VALUE);
    int limit = (int) b.integer("limit", 100, 0, MessageQueries.MAX_LIMIT);
    int pull = (int) b.integer("pull_mode", 0, 0, 1);
    if (limit == 0) {
      limit = 100;
    }
    int finalLimit = limit;
    return conversations.visibilityFloor(login, ch).compose(floor -> queries.sync(ch, start, end, finalLimit, pull,
        floor)).map(p -> new JsonObject()
        .put("start_message_seq", start).put("end_message_seq", end).put("more", p.more() ? 1 : 0)
        .put("messages", MessageJson.list(p.messages(), login)));
  }

  private Future<JsonObject> maxSeq(RoutingContext rc) {
    JsonObject q = new JsonObject();
    Api.query(rc).forEach(e -> q.put(e.getKey(), e.getValue()));
    if (q.containsKey("channel_type")) {
      try {
        q.put("channel_type", Long.parseLong(q.getString("channel_type")));
      } catch (NumberFormatException e) {
        throw JindouException.invalid("channel_type must be an integer between 1 and 12, got \""
            + q.getString("channel_type") + "\"");
      }
    }
    ChannelKey ch = key(new Body(q), "login_uid", false);
    return queries.lastSeq(ch).map(seq -> new JsonObject().put("message_seq", seq));
  }

  private Future<JsonObject> lookup(Body b) {
    String login = b.str("login_uid", false);
    ChannelKey ch = key(b, "login_uid", false);
    List<Long> seqs = b.integers("message_seqs", 0, Long.MAX_VALUE);
    List<Long> ids = b.integers("message_ids", Long.MIN_VALUE, Long.MAX_VALUE);
    List<String> cmns = b.strings("client_msg_nos");
    List<Future<List<Message>>> parts = new ArrayList<>();
    parts.add(queries.bySeqs(ch, seqs));
    parts.add(queries.byIds(ch, ids));
    for (String c : cmns) {
      parts.add(queries.byClientMsgNo(ch, c));
    }
    return Future.all(parts).map(cf -> {
      JsonArray out = new JsonArray();
      for (Future<List<Message>> f : parts) {
        out.addAll(MessageJson.list(f.result(), login));
      }
      return new JsonObject().put("start_message_seq", 0).put("end_message_seq", 0).put("more", 0)
          .put("messages", out);
    });
  }

  private Future<JsonObject> single(Body b) {
    String login = b.str("login_uid", false);
    ChannelKey ch = key(b, "login_uid", true);
    Future<List<Message>> found;
    if (b.has("message_id")) {
      found = queries.byIds(ch, List.of(b.integer("message_id", 0, Long.MIN_VALUE, Long.MAX_VALUE)));
    } else {
      String cmn = b.str("client_msg_no", false);
      if (cmn == null || cmn.isEmpty()) {
        throw JindouException.invalid("message_id or client_msg_no is required");
      }
      found = queries.byClientMsgNo(ch, cmn);
    }
    return found.map(ms -> ms.isEmpty() ? new JsonObject().put("status", 404) : MessageJson.of(ms.get(0), login));
  }
}
