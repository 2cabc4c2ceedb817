package io.jindou.store.rocksdb;

import io.jindou.model.ChannelKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The RocksDB key layout. Every key starts with a table byte; channel-scoped keys continue with
 * {@code [type:1][len:2][channel id UTF-8]} so that one channel's keys are contiguous and no channel's
 * prefix is another's. Sequences and ids are 8-byte big-endian so keys sort numerically.
 *
 * <pre>
 *   M ch seq            → message bytes                    (message log)
 *   I ch len cmn uid    → seq                              (idempotency + lookup by client_msg_no)
 *   X ch message_id     → seq                              (lookup by message_id)
 *   C ch                → flags byte                       (channel exists + flags)
 *   S ch uid            → empty                            (subscriber)
 *   T len uid flag      → level byte + token               (device token)
 *   U uid               → empty                            (system uid)
 *   B ch uid / W ch uid → empty                            (blacklist / whitelist entry)
 *   V len uid ch        → five cursors                     (conversation row)
 *   E ch extra_version  → seq                              (change index: a message's latest change only)
 *   Z ch                → extra_version                    (the channel's highest extra_version)
 *   R ch uid            → seq                              (a user's read-receipt cursor)
 *   F ch                → seq                              (messages up to it were cleared)
 *   P ch                → days:8 max_messages:8            (the channel's own retention settings)
 *   J ch len cmn seq    → stream event JSON                (event log of a stream anchor)
 *   K ch len cmn eid    → seq                              (event_id index of an anchor)
 *   G ch len cmn        → stream summary JSON              (merged state of an anchor at its last checkpoint)
 *   L ch len cmn        → seq                              (the anchor's head: its last event; G's lastSeq if absent)
 *   H until ch len cmn  → empty                            (the anchor's events may be dropped from until, ms)
 *   O pos / N seq       → webhook outbox entry / event     (RocksDbWebhookStore; Q seq, D seq: pending, dead)
 * </pre>
 * Pure functions; never touches the database.
 */
final class Keys {
  static final byte MESSAGE = 'M';
  static final byte IDEMPOTENCY = 'I';
  static final byte MESSAGE_ID = 'X';
  static final byte CHANNEL = 'C';
  static final byte SUBSCRIBER = 'S';
  static final byte TOKEN = 'T';
  static final byte SYSTEM_UID = 'U';
  static final byte EXTRA_INDEX = 'E';
  static final byte EXTRA_HEAD = 'Z';
  static final byte RECEIPT = 'R';
  static final byte CLEARED = 'F';
  static final byte RETENTION = 'P';
  static final byte BLACKLIST = 'B';
  static final byte WHITELIST = 'W';
  static final byte CONVERSATION = 'V';
  static final byte STREAM_EVENT = 'J';
  static final byte STREAM_EVENT_ID = 'K';
  static final byte STREAM_SUMMARY = 'G';
  static final byte STREAM_HEAD = 'L';
  static final byte STREAM_RETENTION = 'H';
  static final byte WEBHOOK_OUTBOX = 'O';
  static final byte WEBHOOK_EVENT = 'N';
  static final byte WEBHOOK_PENDING = 'Q';
  static final byte WEBHOOK_DEAD = 'D';

  private Keys() {
  }

  static byte[] channelPrefix(byte table, ChannelKey ch) {
    byte[] id = ch.id().getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(4 + id.length).put(table).put((byte) ch.type()).putShort((short) id.length)
        .put(id).array();
  }

  static byte[] message(ChannelKey ch, long seq) {
    return withLong(channelPrefix(MESSAGE, ch), seq);
  }

  static byte[] messageId(ChannelKey ch, long id) {
    return withLong(channelPrefix(MESSAGE_ID, ch), id);
  }

  static byte[] clientMsgNoPrefix(ChannelKey ch, String clientMsgNo) {
    byte[] p = channelPrefix(IDEMPOTENCY, ch);
    byte[] c = clientMsgNo.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(p.length + 2 + c.length).put(p).putShort((short) c.length).put(c).array();
  }

  static byte[] idempotency(ChannelKey ch, String clientMsgNo, String fromUid) {
    return concat(clientMsgNoPrefix(ch, clientMsgNo), fromUid.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] extraIndex(ChannelKey ch, long version) {
    return withLong(channelPrefix(EXTRA_INDEX, ch), version);
  }

  static byte[] receipt(ChannelKey ch, String uid) {
    return concat(channelPrefix(RECEIPT, ch), uid.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] extraHead(ChannelKey ch) {
    return channelPrefix(EXTRA_HEAD, ch);
  }

  /** {@code table ch len cmn}: the prefix of one stream anchor's keys in {@code table}. */
  static byte[] anchor(byte table, ChannelKey ch, String clientMsgNo) {
    byte[] p = channelPrefix(table, ch);
    byte[] c = clientMsgNo.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(p.length + 2 + c.length).put(p).putShort((short) c.length).put(c).array();
  }

  static byte[] streamEvent(ChannelKey ch, String clientMsgNo, long seq) {
    return withLong(anchor(STREAM_EVENT, ch, clientMsgNo), seq);
  }

  static byte[] streamEventId(ChannelKey ch, String clientMsgNo, String eventId) {
    return concat(anchor(STREAM_EVENT_ID, ch, clientMsgNo), eventId.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] streamSummary(ChannelKey ch, String clientMsgNo) {
    return anchor(STREAM_SUMMARY, ch, clientMsgNo);
  }

  static byte[] streamHead(ChannelKey ch, String clientMsgNo) {
    return anchor(STREAM_HEAD, ch, clientMsgNo);
  }

  /** {@code H until ch len cmn}: sorted by the time the anchor's events may be dropped. */
  static byte[] streamRetention(long until, ChannelKey ch, String clientMsgNo) {
    byte[] a = anchor(STREAM_RETENTION, ch, clientMsgNo);
    return ByteBuffer.allocate(a.length + 8).put(STREAM_RETENTION).putLong(until).put(a, 1, a.length - 1).array();
  }

  static byte[] channel(ChannelKey ch) {
    return channelPrefix(CHANNEL, ch);
  }

  static byte[] subscriber(ChannelKey ch, String uid) {
    return concat(channelPrefix(SUBSCRIBER, ch), uid.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] token(String uid, int deviceFlag) {
    byte[] u = uid.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(4 + u.length).put(TOKEN).putShort((short) u.length).put(u)
        .put((byte) deviceFlag).array();
  }

  static byte[] systemUid(String uid) {
    return concat(new byte[] {SYSTEM_UID}, uid.getBytes(StandardCharsets.UTF_8));
  }

  static long trailingLong(byte[] key) {
    return ByteBuffer.wrap(key, key.length - 8, 8).getLong();
  }

  static byte[] withLong(byte[] prefix, long v) {
    return ByteBuffer.allocate(prefix.length + 8).put(prefix).putLong(v).array();
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] r = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  /** The smallest key greater than every key starting with {@code prefix} (prefixes here never end in 0xFF runs only). */
  static byte[] prefixEnd(byte[] prefix) {
    byte[] end = prefix.clone();
    for (int i = end.length - 1; i >= 0; i--) {
      if (end[i] != (byte) 0xFF) {
        end[i]++;
        return Arrays.copyOf(end, i + 1);
      }
    }
    throw new IllegalArgumentException("prefix has no upper bound");
  }

  static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }
}
