package io.jindou.access.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.NumberOutput;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.UTF8JsonGenerator;
import io.jindou.model.SystemIds;
import io.jindou.model.PersonChannels;
import io.jindou.model.ChannelKey;
import io.jindou.model.ChannelType;
import io.jindou.model.Message;
import io.jindou.model.MessageExtra;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;

/**
 * The MessageResp JSON shape (spec http-api Appendix A), the one place that knows it. Person channels are
 * shown relative to the viewer (the peer's uid) when a viewer is known, else relative to the sender. The
 * fields are emitted once, by {@link #emit}, to either a {@link JsonObject} ({@link #of}) or a streaming
 * Jackson generator ({@link #write}), so the two forms can never drift apart. Presentation only: it never
 * looks anything up.
 */
public final class MessageJson {
  private static final SerializedString HEADER = new SerializedString("header");
  private static final SerializedString SETTING = new SerializedString("setting");
  private static final SerializedString MESSAGE_ID = new SerializedString("message_id");
  private static final SerializedString MESSAGE_IDSTR = new SerializedString("message_idstr");
  private static final SerializedString CLIENT_MSG_NO = new SerializedString("client_msg_no");
  private static final SerializedString MESSAGE_SEQ = new SerializedString("message_seq");
  private static final SerializedString FROM_UID = new SerializedString("from_uid");
  private static final SerializedString CHANNEL_ID = new SerializedString("channel_id");
  private static final SerializedString CHANNEL_TYPE = new SerializedString("channel_type");
  private static final SerializedString EXPIRE = new SerializedString("expire");
  private static final SerializedString TIMESTAMP = new SerializedString("timestamp");
  private static final SerializedString PAYLOAD = new SerializedString("payload");
  private static final SerializedString STREAM_NO = new SerializedString("stream_no");
  private static final SerializedString TOPIC = new SerializedString("topic");
  private static final SerializedString EXTRA_VERSION = new SerializedString("extra_version");
  private static final SerializedString REVOKE = new SerializedString("revoke");
  private static final SerializedString REVOKER = new SerializedString("revoker");
  private static final SerializedString IS_DELETED = new SerializedString("is_deleted");
  private static final SerializedString EDITED_AT = new SerializedString("edited_at");
  private static final SerializedString EDIT_COUNT = new SerializedString("edit_count");
  private static final SerializedString REACTIONS = new SerializedString("reactions");
  private static final SerializedString READED_COUNT = new SerializedString("readed_count");
  private static final SerializedString UNREAD_COUNT = new SerializedString("unread_count");
  private static final byte[] NO_PAYLOAD = new byte[0];

  /** {@link #header} encoded once per flag combination, for the streaming writer. */
  private static final String[] HEADERS = new String[8];

  static {
    for (int flags = 0; flags < HEADERS.length; flags++) {
      HEADERS[flags] = header(flags).encode();
    }
  }

  private MessageJson() {
  }

  /** The message as a JsonObject (for answers that are assembled, or changed, before they are encoded). */
  public static JsonObject of(Message m, String viewer) {
    JsonObject o = new JsonObject();
    try {
      emit(m, viewer, false, false, new ObjectFields(o));
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a JsonObject never does I/O
    }
    return o;
  }

  public static JsonArray list(List<Message> ms, String viewer) {
    JsonArray a = new JsonArray();
    for (Message m : ms) {
      a.add(of(m, viewer));
    }
    return a;
  }

  /** The message as one JSON object written to {@code g}: the same fields, values and order as {@link #of}. */
  public static void write(JsonGenerator g, Message m, String viewer) throws IOException {
    g.writeStartObject();
    emit(m, viewer, false, false, new GeneratorFields(g));
    g.writeEndObject();
  }

  /** {@link #write} for each message, inside one JSON array. */
  public static void writeList(JsonGenerator g, List<Message> ms, String viewer) throws IOException {
    g.writeStartArray();
    GeneratorFields f = new GeneratorFields(g);
    for (int i = 0, n = ms.size(); i < n; i++) {
      g.writeStartObject();
      emit(ms.get(i), viewer, false, false, f);
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  /**
   * {@link #writeList} as the business server sees messages (webhooks): no viewer, and the read counts of every
   * receipt-enabled message shown (as its sender sees them).
   */
  public static void writeServerList(JsonGenerator g, List<Message> ms) throws IOException {
    g.writeStartArray();
    GeneratorFields f = new GeneratorFields(g);
    for (int i = 0, n = ms.size(); i < n; i++) {
      g.writeStartObject();
      emit(ms.get(i), null, false, true, f);
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  /** About how many bytes {@link #write} produces for {@code m} (a little more for ASCII text), to size buffers. */
  public static int sizeHint(Message m) {
    return 320 + (m.payload().length + 2) / 3 * 4 + 2 * length(m.fromUid()) + length(m.clientMsgNo())
        + length(m.streamNo()) + length(m.topic()) + extraHint(m.extra());
  }

  private static int extraHint(MessageExtra x) {
    if (x.version() == 0) {
      return 0;
    }
    int n = 160 + length(x.revoker());
    for (MessageExtra.Reaction r : x.reactions()) {
      n += 40 + length(r.uid()) + length(r.emoji());
    }
    return n;
  }

  private static int length(String s) {
    return s == null ? 0 : s.length();
  }

  /** The sender as clients see it: {@code ""} for the system account. */
  public static String shownFrom(Message m) {
    return SystemIds.SYSTEM_UID.equals(m.fromUid()) ? "" : m.fromUid();
  }

  /**
   * The fields of {@link #write} without the braces around them, {@code from_uid} as stored when {@code rawFrom}
   * (not {@link #shownFrom}), for a writer that adds fields of its own after them.
   */
  public static void writeFields(JsonGenerator g, Message m, String viewer, boolean rawFrom) throws IOException {
    emit(m, viewer, rawFrom, false, new GeneratorFields(g));
  }

  /** The one definition of the shape: every field, in order. */
  private static void emit(Message m, String viewer, boolean rawFrom, boolean allReceipts, Fields f)
      throws IOException {
    String channelId = m.channelId();
    if (m.channelType() == ChannelType.PERSON) {
      String base = m.channel().source().id();
      String peer = PersonChannels.peerOf(base, viewer != null && !viewer.isEmpty() ? viewer : m.fromUid());
      channelId = m.channel().isCommandLog() ? peer + ChannelKey.CMD_SUFFIX : peer;
    }
    f.header((m.noPersist() ? 1 : 0) | (m.redDot() ? 2 : 0) | (m.syncOnce() ? 4 : 0));
    f.integer(SETTING, m.setting());
    f.number(MESSAGE_ID, m.messageId());
    f.numberString(MESSAGE_IDSTR, m.messageId());
    f.string(CLIENT_MSG_NO, m.clientMsgNo());
    f.number(MESSAGE_SEQ, m.messageSeq());
    f.string(FROM_UID, rawFrom ? m.fromUid() : shownFrom(m));
    f.string(CHANNEL_ID, channelId);
    f.integer(CHANNEL_TYPE, m.channelType());
    f.number(EXPIRE, m.expire());
    f.number(TIMESTAMP, m.timestamp());
    MessageExtra x = m.extra();
    boolean hidden = x.hiddenFor(viewer);
    f.base64(PAYLOAD, hidden ? NO_PAYLOAD : m.payload());
    if (m.streamNo() != null && !m.streamNo().isEmpty()) {
      f.string(STREAM_NO, m.streamNo());
    }
    if (m.topic() != null && !m.topic().isEmpty()) {
      f.string(TOPIC, m.topic());
    }
    if (x.version() > 0) {
      f.number(EXTRA_VERSION, x.version());
      f.integer(REVOKE, x.revoked() ? 1 : 0);
      if (x.revoked()) {
        f.string(REVOKER, x.revoker());
      }
      f.integer(IS_DELETED, x.deleted() || hidden ? 1 : 0);
      f.number(EDITED_AT, x.editedAt());
      f.integer(EDIT_COUNT, x.editCount());
      f.json(REACTIONS, reactions(x));
    }
    if ((m.setting() & 0x80) != 0 && (allReceipts || viewer != null && viewer.equals(m.fromUid()))) {
      f.number(READED_COUNT, x.readedCount()); // receipts are the sender's to see
      f.number(UNREAD_COUNT, x.unreadCount());
    }
  }

  /** The reaction summary: one entry per emoji in order of first use, with its count and uids. */
  static JsonArray reactions(MessageExtra x) {
    java.util.Map<String, JsonArray> byEmoji = new java.util.LinkedHashMap<>();
    for (MessageExtra.Reaction r : x.reactions()) {
      byEmoji.computeIfAbsent(r.emoji(), e -> new JsonArray()).add(r.uid());
    }
    JsonArray out = new JsonArray();
    byEmoji.forEach((emoji, uids) -> out.add(new JsonObject().put("emoji", emoji).put("count", uids.size())
        .put("uids", uids)));
    return out;
  }

  /** The {@code header} object for the flag bits (1 no_persist, 2 red_dot, 4 sync_once). */
  private static JsonObject header(int flags) {
    return new JsonObject().put("no_persist", flags & 1).put("red_dot", (flags >> 1) & 1)
        .put("sync_once", (flags >> 2) & 1);
  }

  /** Where {@link #emit} puts the fields. */
  private interface Fields {
    /** The {@code header} object ({@link #header}). */
    void header(int flags) throws IOException;

    void integer(SerializableString name, int v) throws IOException;

    /** A number as a JSON string (its decimal digits). */
    void numberString(SerializableString name, long v) throws IOException;

    void number(SerializableString name, long v) throws IOException;

    void string(SerializableString name, String v) throws IOException;

    /** Standard Base64 with padding, no line feeds. */
    void base64(SerializableString name, byte[] v) throws IOException;

    /** A JSON value (array or object) built elsewhere. */
    void json(SerializableString name, JsonArray v) throws IOException;
  }

  private static final class ObjectFields implements Fields {
    private final JsonObject o;

    ObjectFields(JsonObject o) {
      this.o = o;
    }

    @Override
    public void header(int flags) {
      o.put(HEADER.getValue(), MessageJson.header(flags));
    }

    @Override
    public void integer(SerializableString name, int v) {
      o.put(name.getValue(), v);
    }

    @Override
    public void numberString(SerializableString name, long v) {
      o.put(name.getValue(), Long.toString(v));
    }

    @Override
    public void number(SerializableString name, long v) {
      o.put(name.getValue(), v);
    }

    @Override
    public void string(SerializableString name, String v) {
      o.put(name.getValue(), v);
    }

    @Override
    public void base64(SerializableString name, byte[] v) {
      o.put(name.getValue(), Base64.getEncoder().encodeToString(v));
    }

    @Override
    public void json(SerializableString name, JsonArray v) {
      o.put(name.getValue(), v);
    }
  }

  private static final class GeneratorFields implements Fields {
    private final JsonGenerator g;
    /** A quoted long: '"', up to 20 characters, '"'. */
    private final char[] digits = new char[22];
    /** The Base64 of a payload ({@link #base64}): grown to the largest payload of the write. */
    private byte[] encoded = new byte[512];

    GeneratorFields(JsonGenerator g) {
      this.g = g;
    }

    @Override
    public void header(int flags) throws IOException {
      g.writeFieldName(HEADER);
      g.writeRawValue(HEADERS[flags]);
    }

    @Override
    public void numberString(SerializableString name, long v) throws IOException {
      g.writeFieldName(name);
      digits[0] = '"';
      int end = NumberOutput.outputLong(v, digits, 1);
      digits[end] = '"';
      g.writeRawValue(digits, 0, end + 1); // digits and '-' never need escaping
    }

    @Override
    public void integer(SerializableString name, int v) throws IOException {
      g.writeFieldName(name);
      g.writeNumber(v);
    }

    @Override
    public void number(SerializableString name, long v) throws IOException {
      g.writeFieldName(name);
      g.writeNumber(v);
    }

    @Override
    public void string(SerializableString name, String v) throws IOException {
      g.writeFieldName(name);
      g.writeString(v);
    }

    /**
     * The JDK's encoder (vectorised by the JIT on x86) into a buffer reused across the messages of one write, copied
     * in as a quoted value: Base64 never needs escaping. A character-based generator takes Jackson's encoder.
     */
    @Override
    public void base64(SerializableString name, byte[] v) throws IOException {
      g.writeFieldName(name);
      if (!(g instanceof UTF8JsonGenerator)) {
        g.writeBinary(com.fasterxml.jackson.core.Base64Variants.MIME_NO_LINEFEEDS, v, 0, v.length);
        return;
      }
      int len = (v.length + 2) / 3 * 4;
      if (encoded.length < len) {
        encoded = new byte[Math.max(len, encoded.length * 2)];
      }
      int n = Base64.getEncoder().encode(v, encoded);
      g.writeRawUTF8String(encoded, 0, n);
    }

    @Override
    public void json(SerializableString name, JsonArray v) throws IOException {
      g.writeFieldName(name);
      g.writeRawValue(v.encode());
    }
  }
}
