package io.jindou.store.rocksdb;

import io.jindou.model.Message;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The stored form of a {@link Message}: a version byte, fixed-width numbers, length-prefixed strings
 * (-1 = null) and the payload bytes untouched. Size is computed first and the array allocated once. It
 * must never change the meaning of an existing version byte: a new layout gets a new version.
 */
final class MessageBytes {
  private static final byte VERSION = 1;

  private MessageBytes() {
  }

  static byte[] encode(Message m) {
    byte[][] strs = {
        utf8(m.clientMsgNo()), utf8(m.streamNo()), utf8(m.fromUid()), utf8(m.channelId()), utf8(m.topic()),
        utf8(m.tagKey())};
    int size = 1 + 8 * 4 + 1 + 1 + 4 + 4 + m.payload().length;
    for (byte[] s : strs) {
      size += 4 + (s == null ? 0 : s.length);
    }
    ByteBuffer b = ByteBuffer.allocate(size);
    b.put(VERSION).putLong(m.messageId()).putLong(m.messageSeq()).putLong(m.timestamp()).putLong(m.expire());
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
    return b.array();
  }

  static Message decode(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    byte version = b.get();
    if (version != VERSION) {
      throw new IllegalStateException("unknown stored message version " + version);
    }
    long id = b.getLong();
    long seq = b.getLong();
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
    byte[] payload = new byte[b.getInt()];
    b.get(payload);
    return new Message(id, seq, clientMsgNo, streamNo, from, channel, type, ts, expire, (flags & 1) != 0,
        (flags & 2) != 0, (flags & 4) != 0, setting, topic, tagKey, payload);
  }

  private static byte[] utf8(String s) {
    return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
  }

  private static String str(ByteBuffer b) {
    int len = b.getInt();
    if (len < 0) {
      return null;
    }
    String s = new String(b.array(), b.position(), len, StandardCharsets.UTF_8);
    b.position(b.position() + len);
    return s;
  }
}
