package io.jindou.model;

/**
 * One message as stored and as handed to fan-out: identity ({@code messageId}, {@code messageSeq}), the
 * sender, the storage channel (person channels under the canonical {@code a@b} id), the header flags, and
 * the payload bytes as received (or as last edited; empty once recalled or deleted), and its
 * {@link MessageExtra} (what happened to it since; {@link MessageExtra#NONE} when nothing). Immutable; it must
 * never be mutated after the owner sequenced it (sequence 0 means "not persisted"); a change is a new record
 * written by the owner.
 */
public record Message(
    long messageId,
    long messageSeq,
    String clientMsgNo,
    String streamNo,
    String fromUid,
    String channelId,
    int channelType,
    long timestamp,
    long expire,
    boolean noPersist,
    boolean redDot,
    boolean syncOnce,
    int setting,
    String topic,
    String tagKey,
    byte[] payload,
    MessageExtra extra) {

  /** A message as sent: never changed since ({@link MessageExtra#NONE}). */
  public Message(long messageId, long messageSeq, String clientMsgNo, String streamNo, String fromUid,
      String channelId, int channelType, long timestamp, long expire, boolean noPersist, boolean redDot,
      boolean syncOnce, int setting, String topic, String tagKey, byte[] payload) {
    this(messageId, messageSeq, clientMsgNo, streamNo, fromUid, channelId, channelType, timestamp, expire, noPersist,
        redDot, syncOnce, setting, topic, tagKey, payload, MessageExtra.NONE);
  }

  public Message {
    extra = extra == null ? MessageExtra.NONE : extra;
  }

  /** The Stream bit of {@code setting} (bit 1): the message anchors a stream (spec http-api §2.9). */
  public static final int SETTING_STREAM = 0x02;

  /** Whether this message is the anchor of a stream message. */
  public boolean streamAnchor() {
    return (setting & SETTING_STREAM) != 0;
  }

  public ChannelKey channel() {
    return new ChannelKey(channelId, channelType);
  }

  public Message withIdentity(long id, long seq, long ts) {
    return new Message(id, seq, clientMsgNo, streamNo, fromUid, channelId, channelType, ts, expire,
        noPersist, redDot, syncOnce, setting, topic, tagKey, payload, extra);
  }

  /** The same message with a new state after a change, and the payload that state keeps. */
  public Message withExtra(MessageExtra next, byte[] newPayload) {
    return new Message(messageId, messageSeq, clientMsgNo, streamNo, fromUid, channelId, channelType, timestamp,
        expire, noPersist, redDot, syncOnce, setting, topic, tagKey, newPayload, next);
  }

  public Message withSeq(long seq) {
    return withIdentity(messageId, seq, timestamp);
  }
}
