package io.jindou.access.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import io.jindou.usecase.ConversationView;
import io.jindou.model.PersonChannels;
import io.jindou.model.ChannelKey;
import io.jindou.model.ChannelType;
import io.jindou.model.Message;
import io.jindou.usecase.ConversationRequest;
import io.jindou.usecase.ConversationSyncRequest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The JSON of the conversation endpoints (spec http-api §3.1, §1.8, §3.4): their bodies read into typed
 * requests, and the {@code /conversation/sync} answer: one ConversationResp per item, person channels shown as
 * the peer relative to the viewer, the recent messages as MessageResp objects (the shape {@link MessageJson}
 * owns). HTTP gets that answer written straight to bytes with the streaming generator ({@link #encode}), because
 * it can hold thousands of messages; the event-bus API gets the same fields as a {@link JsonArray}
 * ({@link #array}). Field types and presentation only: it never decides which conversations or messages appear.
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
          .put("recents", MessageJson.list(it.recents(), viewer)));
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
    MessageJson.writeList(g, it.recents(), viewer);
    g.writeEndObject();
  }
}
