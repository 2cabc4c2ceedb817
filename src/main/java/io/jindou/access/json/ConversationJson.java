package io.jindou.access.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import io.jindou.usecase.ConversationView;
import io.jindou.model.PersonChannels;
import io.jindou.model.ChannelKey;
import io.jindou.model.ChannelType;
import io.jindou.model.Message;
import io.jindou.usecase.ChannelMessages;
import io.jindou.usecase.ChannelRef;
import io.jindou.usecase.ChannelsRequest;
import io.jindou.usecase.ConversationListRequest;
import io.jindou.usecase.ConversationListResult;
import io.jindou.usecase.ConversationRequest;
import io.jindou.usecase.ConversationSyncRequest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The JSON of the conversation endpoints (spec http-api §3.1, §3.3, §1.8, §3.4): their bodies read into typed
 * requests, the V3 {@code /conversation/list} page, the channel views, and the {@code /conversation/sync}
 * answer: one ConversationResp per item, person channels shown as the peer relative to the viewer, the recent
 * messages as MessageResp objects (the shape {@link MessageJson} owns). HTTP gets that answer written straight
 * to bytes with the streaming generator ({@link #encode}), because it can hold thousands of messages; the
 * event-bus API gets the same fields as a {@link JsonArray} ({@link #array}). Field types and presentation only:
 * it never decides which conversations or messages appear.
 */
public final class ConversationJson {
  private static final SerializedString CHANNEL_ID = new SerializedString("channel_id");
  private static final SerializedString CHANNEL_TYPE = new SerializedString("channel_type");
  private static final SerializedString UNREAD = new SerializedString("unread");
  private static final SerializedString TIMESTAMP = new SerializedString("timestamp");
  private static final SerializedString LAST_MSG_SEQ = new SerializedString("last_msg_seq");
  private static final SerializedString LAST_CLIENT_MSG_NO = new SerializedString("last_client_msg_no");
  private static final SerializedString OFFSET_MSG_SEQ = new SerializedString("offset_msg_seq");
  private static final SerializedString READED_TO_MSG_SEQ = new SerializedString("readed_to_msg_seq");
  private static final SerializedString VERSION = new SerializedString("version");
  private static final SerializedString RECENTS = new SerializedString("recents");
  /** About the encoded size of one item without its recents, only to size the buffer once. */
  private static final int ITEM_BYTES = 300;

  private ConversationJson() {
  }

  /** {@code POST /conversation/sync}. */
  public static ConversationSyncRequest sync(Body b) {
    String uid = b.str("uid", false);
    long version = b.integer("version", 0, Long.MIN_VALUE, Long.MAX_VALUE);
    boolean onlyUnread = b.flag("only_unread");
    int msgCount = (int) b.integer("msg_count", 0, Integer.MIN_VALUE, 10_000);
    int page = (int) b.integer("page", 0, 0, Integer.MAX_VALUE);
    int pageSize = (int) b.integer("page_size", 100, 1, 500);
    Set<Integer> exclude = new HashSet<>();
    b.integers("exclude_channel_types", 0, 255).forEach(t -> exclude.add(t.intValue()));
    return new ConversationSyncRequest(uid, version, onlyUnread, msgCount, page, pageSize, exclude,
        b.str("last_msg_seqs", false));
  }

  /**
   * {@code /conversation/syncByChannels} and {@code /conversation/syncMessages}: {@code uid}, {@code channels}
   * ({@code channel_id}, {@code channel_type}, and {@code last_msg_seq} for syncMessages), {@code msg_count},
   * {@code order_by_last}.
   */
  public static ChannelsRequest channels(Body b) {
    String uid = b.str("uid", false);
    List<ChannelRef> refs = new ArrayList<>();
    List<Body> items = b.objects("channels");
    for (int i = 0; i < items.size(); i++) {
      Body c = items.get(i);
      try {
        refs.add(new ChannelRef(c.str("channel_id", false),
            c.has("channel_type") ? (int) c.integer("channel_type", 0, 1, 12) : -1,
            c.integer("last_msg_seq", 0, 0, Long.MAX_VALUE)));
      } catch (io.jindou.model.JindouException e) {
        throw io.jindou.model.JindouException.invalid("channels[" + i + "]: " + e.getMessage());
      }
    }
    int msgCount = (int) b.integer("msg_count", 0, Integer.MIN_VALUE, 10_000);
    return new ChannelsRequest(uid, refs, msgCount, b.flag("order_by_last"));
  }

  /** The {@code /conversation/syncMessages} answer: per channel its messages and the user's own last seq. */
  public static JsonArray recents(List<ChannelMessages> rs, String viewer) {
    JsonArray out = new JsonArray();
    for (ChannelMessages r : rs) {
      out.add(new JsonObject().put("channel_id", r.channel().id()).put("channel_type", r.channel().type())
          .put("messages", MessageJson.list(r.messages(), viewer)).put("user_last_msg_seq", r.userLastMsgSeq()));
    }
    return out;
  }

  /** The {@code /conversation/channels} answer: {@code [{"channel_id","channel_type"}]} (storage ids). */
  public static JsonArray channelKeys(List<ChannelKey> keys) {
    JsonArray out = new JsonArray();
    keys.forEach(k -> out.add(new JsonObject().put("channel_id", k.id()).put("channel_type", k.type())));
    return out;
  }

  /** {@code POST /conversation/list}: {@code uid}, {@code cursor}, {@code limit}, {@code completed_coverage}. */
  public static ConversationListRequest list(Body b) {
    String uid = b.str("uid", false);
    String cursor = b.str("cursor", false);
    int limit = (int) b.integer("limit", 0, 0, Integer.MAX_VALUE);
    long coverage = b.integer("completed_coverage", 0, 0, Long.MAX_VALUE);
    return new ConversationListRequest(uid, cursor == null || cursor.isEmpty() ? null : ListCursor.decode(cursor),
        limit, coverage);
  }

  /** The {@code /conversation/list} answer (spec http-api §3.3), person channels shown as the peer of {@code uid}. */
  public static JsonObject list(ConversationListResult r, String uid) {
    JsonArray convs = new JsonArray();
    for (ConversationListResult.Listed l : r.conversations()) {
      ChannelKey ch = l.channel();
      Message m = l.last();
      JsonObject last = m == null ? null : new JsonObject().put("message_id", m.messageId())
          .put("message_idstr", Long.toString(m.messageId())).put("message_seq", m.messageSeq())
          .put("from_uid", MessageJson.shownFrom(m)).put("client_msg_no", m.clientMsgNo())
          .put("server_timestamp_ms", m.timestamp() * 1000)
          .put("payload", java.util.Base64.getEncoder().encodeToString(m.payload()));
      convs.add(new JsonObject().put("channel_id", shown(ch, uid)).put("channel_type", ch.type())
          .put("active_at", m == null ? 0 : m.timestamp() * 1_000_000_000L).put("read_seq", l.readSeq())
          .put("deleted_to_seq", l.deletedToSeq()).put("unread", l.unread()).put("last_message", last));
    }
    JsonObject out = new JsonObject().put("conversations", convs).put("deletes", keys(r.deletes(), uid))
        .put("unresolved", keys(r.unresolved(), uid));
    if (r.next() != null) {
      out.put("next_cursor", ListCursor.encode(r.next()));
    }
    return out.put("done", r.done()).put("coverage", r.coverage())
        .put("tombstones_retained_since", r.tombstonesRetainedSince()).put("reset_required", r.resetRequired());
  }

  private static JsonArray keys(List<ChannelKey> ks, String uid) {
    JsonArray out = new JsonArray();
    ks.forEach(k -> out.add(new JsonObject().put("channel_id", shown(k, uid)).put("channel_type", k.type())));
    return out;
  }

  /** {@code /conversations/clearUnread}, {@code /delete} and (with {@code unread}) {@code /setUnread}. */
  public static ConversationRequest conversation(Body b, boolean withUnread) {
    String uid = b.str("uid", false);
    String id = b.str("channel_id", false);
    int type = b.has("channel_type") ? (int) b.integer("channel_type", 0, 1, 12) : -1;
    long unread = withUnread ? b.integer("unread", 0, 0, Integer.MAX_VALUE) : 0;
    return new ConversationRequest(uid, id, type, unread);
  }

  /** The {@code limit} of {@code /message/sync} (0 = the default). */
  public static int commandLimit(Body b) {
    return (int) b.integer("limit", 0, 0, 10_000);
  }

  /** The {@code last_message_seq} of {@code /message/syncack} (0 = absent). */
  public static long lastMessageSeq(Body b) {
    return b.integer("last_message_seq", 0, 1, Long.MAX_VALUE);
  }

  /** The {@code /message/sync} answer: MessageResp objects, with command-log channel ids shown without the suffix. */
  public static JsonArray commands(List<Message> ms, String viewer) {
    JsonArray out = new JsonArray();
    for (Message m : ms) {
      JsonObject o = MessageJson.of(m, viewer);
      String id = o.getString("channel_id");
      if (id.endsWith(ChannelKey.CMD_SUFFIX)) {
        o.put("channel_id", id.substring(0, id.length() - ChannelKey.CMD_SUFFIX.length()));
      }
      out.add(o);
    }
    return out;
  }

  /** The same answer as {@link #encode}, as a JsonArray (for the event-bus API). */
  public static JsonArray array(List<ConversationView> items, String viewer) {
    JsonArray out = new JsonArray();
    for (ConversationView it : items) {
      ChannelKey ch = it.channel();
      Message last = it.last();
      long ts = last == null ? 0 : last.timestamp();
      out.add(new JsonObject().put("channel_id", shown(ch, viewer)).put("channel_type", ch.type())
          .put("unread", it.unread()).put("timestamp", ts).put("last_msg_seq", it.head())
          .put("last_client_msg_no", last == null ? "" : last.clientMsgNo()).put("offset_msg_seq", 0)
          .put("readed_to_msg_seq", it.head() - it.unread()).put("version", version(ts, it.head()))
          .put("recents", StreamJson.decorate(it.recents(), it.streams(),
              MessageJson.list(it.recents(), viewer))));
    }
    return out;
  }

  private static String shown(ChannelKey ch, String viewer) {
    return ch.type() == ChannelType.PERSON ? PersonChannels.peerOf(ch.id(), viewer) : ch.id();
  }

  /** The conversation's version: its last message's time and its head, in one number. */
  private static long version(long timestamp, long head) {
    return timestamp * 1_000_000_000L + head % 1_000_000_000L;
  }

  /** The JSON array of {@code items} as seen by {@code viewer}. */
  public static Buffer encode(List<ConversationView> items, String viewer) {
    long bytes = 2 + items.size() * (long) ITEM_BYTES;
    for (ConversationView it : items) {
      for (Message m : it.recents()) {
        bytes += MessageJson.sizeHint(m);
      }
    }
    int hint = (int) Math.min(1 << 24, bytes);
    return StreamedJson.encode(hint, g -> {
      g.writeStartArray();
      for (ConversationView it : items) {
        write(g, it, viewer);
      }
      g.writeEndArray();
    });
  }

  private static void write(JsonGenerator g, ConversationView it, String viewer) throws IOException {
    ChannelKey ch = it.channel();
    String shown = shown(ch, viewer);
    Message last = it.last();
    long ts = last == null ? 0 : last.timestamp();
    g.writeStartObject();
    g.writeFieldName(CHANNEL_ID);
    g.writeString(shown);
    g.writeFieldName(CHANNEL_TYPE);
    g.writeNumber(ch.type());
    g.writeFieldName(UNREAD);
    g.writeNumber(it.unread());
    g.writeFieldName(TIMESTAMP);
    g.writeNumber(ts);
    g.writeFieldName(LAST_MSG_SEQ);
    g.writeNumber(it.head());
    g.writeFieldName(LAST_CLIENT_MSG_NO);
    g.writeString(last == null ? "" : last.clientMsgNo());
    g.writeFieldName(OFFSET_MSG_SEQ);
    g.writeNumber(0);
    g.writeFieldName(READED_TO_MSG_SEQ);
    g.writeNumber(it.head() - it.unread());
    g.writeFieldName(VERSION);
    g.writeNumber(version(ts, it.head()));
    g.writeFieldName(RECENTS);
    if (it.streams().isEmpty()) {
      MessageJson.writeList(g, it.recents(), viewer);
    } else { // an anchor is written with its stream fields
      g.writeStartArray();
      for (Message m : it.recents()) {
        io.jindou.model.StreamSummary s = m.streamAnchor() ? it.streams().get(m.clientMsgNo()) : null;
        if (s == null) {
          MessageJson.write(g, m, viewer);
        } else {
          JsonObject o = MessageJson.of(m, viewer);
          StreamJson.fields(o, m.clientMsgNo(), s);
          g.writeRawValue(o.encode());
        }
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }
}
