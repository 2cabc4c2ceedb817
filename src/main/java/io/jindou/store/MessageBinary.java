package io.jindou.store;

import io.jindou.model.Message;
import io.jindou.model.MessageExtra;
import io.jindou.model.Utf8;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The stored form of a {@link Message}, shared by every store adapter: a version byte, fixed-width numbers,
 * length-prefixed strings (-1 = null) and the payload bytes untouched. The sequence is <em>not</em> inside: the
 * adapters keep it in the key (RocksDB) or the hash field (Redis, whose append script assigns it after the
 * bytes are built), and the decoder takes it from there. Size is computed first and the array allocated once. It must never change
 * the meaning of an existing version byte: a new layout gets a new version.
 *
 * <pre>
 *   [ver:1=2][message_id:8][timestamp:8][expire:8][flags:1][setting:1][channel_type:4]
 *   6 x ([len:4 | -1][utf-8])  client_msg_no, stream_no, from_uid, channel_id, topic, tag_key
 *   [payload_len:4][payload]
 * </pre>
 * A message that was changed after it was sent ({@link MessageExtra} not NONE) is version 3: the same layout with
 * its state after the payload:
 * <pre>
 *   [extra_version:8][flags:1 (1 revoked, 2 deleted)][edited_at:8][edit_count:4][revoker: len | -1, utf-8]
 *   [hidden_n:4] hidden_n x [len:4][uid]   [reactions_n:4] reactions_n x ([len:4][uid] [len:4][emoji])
 *   [readed_count:8][receivers:8][readers_n:4] readers_n x [len:4][uid]
 * </pre>
 */
public final class MessageBinary {
  private static final byte VERSION = 2;
  private static final byte VERSION_CHANGED = 3;

  private MessageBinary() {
  }

  public static byte[] encode(Message m) {
    byte[][] strs = {
        utf8(m.clientMsgNo()), utf8(m.streamNo()), utf8(m.fromUid()), utf8(m.channelId()), utf8(m.topic()),
        utf8(m.tagKey())};
    int size = 1 + 8 * 3 + 1 + 1 + 4 + 4 + m.payload().length;
    for (byte[] s : strs) {
      size += 4 + (s == null ? 0 : s.length);
    }
    boolean changed = !m.extra().equals(MessageExtra.NONE);
    size += changed ? extraSize(m.extra()) : 0;
    ByteBuffer b = ByteBuffer.allocate(size);
    b.put(changed ? VERSION_CHANGED : VERSION).putLong(m.messageId()).putLong(m.timestamp()).putLong(m.expire());
    b.put((byte) ((m.noPersist() ? 1 : 0) | (m.redDot() ? 2 : 0) | (m.syncOnce() ? 4 : 0)));
    b.put((byte) m.setting());
    b.putInt(m.channelType());
    for (byte[] s : strs) {
      if (s == null) {
        b.putInt(-1);
      } else {
        b.putInt(s.length).put(s);
      }
    }
    b.putInt(m.payload().length).put(m.payload());
    if (changed) {
      putExtra(b, m.extra());
    }
    return b.array();
  }

  private static int extraSize(MessageExtra x) {
    int n = 8 + 1 + 8 + 4 + 4 + Utf8.length(x.revoker()) + 4 + 4;
    for (String uid : x.hiddenFor()) {
      n += 4 + Utf8.length(uid);
    }
    for (MessageExtra.Reaction r : x.reactions()) {
      n += 8 + Utf8.length(r.uid()) + Utf8.length(r.emoji());
    }
    n += 8 + 8 + 4;
    for (String uid : x.readers()) {
      n += 4 + Utf8.length(uid);
    }
    return n;
  }

  private static void putExtra(ByteBuffer b, MessageExtra x) {
    b.putLong(x.version()).put((byte) ((x.revoked() ? 1 : 0) | (x.deleted() ? 2 : 0))).putLong(x.editedAt())
        .putInt(x.editCount());
    putStr(b, x.revoker());
    b.putInt(x.hiddenFor().size());
    x.hiddenFor().forEach(uid -> putStr(b, uid));
    b.putInt(x.reactions().size());
    for (MessageExtra.Reaction r : x.reactions()) {
      putStr(b, r.uid());
      putStr(b, r.emoji());
    }
    b.putLong(x.readedCount()).putLong(x.receivers()).putInt(x.readers().size());
    x.readers().forEach(uid -> putStr(b, uid));
  }

  private static void putStr(ByteBuffer b, String s) {
    byte[] u = utf8(s);
    if (u == null) {
      b.putInt(-1);
    } else {
      b.putInt(u.length).put(u);
    }
  }

  private static MessageExtra getExtra(ByteBuffer b) {
    long version = b.getLong();
    int flags = b.get();
    long editedAt = b.getLong();
    int editCount = b.getInt();
    String revoker = str(b);
    int hiddenN = count(b, 4);
    java.util.List<String> hidden = new java.util.ArrayList<>(hiddenN);
    for (int i = 0; i < hiddenN; i++) {
      hidden.add(str(b));
    }
    int reactionsN = count(b, 8);
    java.util.List<MessageExtra.Reaction> reactions = new java.util.ArrayList<>(reactionsN);
    for (int i = 0; i < reactionsN; i++) {
      reactions.add(new MessageExtra.Reaction(str(b), str(b)));
    }
    long readed = b.getLong();
    long receivers = b.getLong();
    int readersN = count(b, 4);
    java.util.List<String> readers = new java.util.ArrayList<>(readersN);
    for (int i = 0; i < readersN; i++) {
      readers.add(str(b));
    }
    return new MessageExtra(version, (flags & 1) != 0, revoker, (flags & 2) != 0, editedAt, editCount, hidden,
        reactions, readed, receivers, readers);
  }

  /** A list length that the remaining bytes can hold at {@code minEach} bytes per entry. */
  private static int count(ByteBuffer b, int minEach) {
    int n = b.getInt();
    if (n < 0 || (long) n * minEach > b.remaining()) {
      throw new BufferUnderflowException();
    }
    return n;
  }

  /**
   * The length of {@link #encode}{@code (m)}, computed without encoding: the weight the read ports' byte budgets
   * count ({@link MessageStore#readForward(io.jindou.model.ChannelKey, long, long, int, long)}).
   */
  public static int size(Message m) {
    return 1 + 8 * 3 + 1 + 1 + 4 + 4 + m.payload().length + 6 * 4 + Utf8.length(m.clientMsgNo())
        + Utf8.length(m.streamNo()) + Utf8.length(m.fromUid()) + Utf8.length(m.channelId()) + Utf8.length(m.topic())
        + Utf8.length(m.tagKey()) + (m.extra().equals(MessageExtra.NONE) ? 0 : extraSize(m.extra()));
  }

  /** Decodes stored bytes as the message with sequence {@code seq}; throws on a corrupt or unknown record. */
  public static Message decode(byte[] v, long seq) {
    if (v.length == 0 || (v[0] != VERSION && v[0] != VERSION_CHANGED)) {
      throw new IllegalStateException("stored message seq=" + seq + " has unknown version "
          + (v.length == 0 ? "(empty)" : Byte.toString(v[0])));
    }
    try {
      ByteBuffer b = ByteBuffer.wrap(v, 1, v.length - 1);
      long id = b.getLong();
      long ts = b.getLong();
      long expire = b.getLong();
      int flags = b.get();
      int setting = b.get() & 0xFF;
      int type = b.getInt();
      String clientMsgNo = str(b);
      String streamNo = str(b);
      String from = str(b);
      String channel = str(b);
      String topic = str(b);
      String tagKey = str(b);
      int len = b.getInt();
      if (len < 0 || len > b.remaining()) {
        throw new IllegalStateException("stored message seq=" + seq + " has payload length " + len + ", remaining="
            + b.remaining());
      }
      byte[] payload = new byte[len];
      b.get(payload);
      MessageExtra extra = v[0] == VERSION_CHANGED ? getExtra(b) : MessageExtra.NONE;
      return new Message(id, seq, clientMsgNo, streamNo, from, channel, type, ts, expire, (flags & 1) != 0,
          (flags & 2) != 0, (flags & 4) != 0, setting, topic, tagKey, payload, extra);
    } catch (BufferUnderflowException e) {
      throw new IllegalStateException("stored message seq=" + seq + " is truncated (" + v.length + " bytes)");
    }
  }

  private static byte[] utf8(String s) {
    return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
  }

  private static String str(ByteBuffer b) {
    int len = b.getInt();
    if (len < 0) {
      return null;
    }
    if (len > b.remaining()) {
      throw new BufferUnderflowException();
    }
    String s = new String(b.array(), b.arrayOffset() + b.position(), len, StandardCharsets.UTF_8);
    b.position(b.position() + len);
    return s;
  }
}
