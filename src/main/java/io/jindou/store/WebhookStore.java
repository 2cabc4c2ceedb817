package io.jindou.store;

import io.jindou.model.ChannelKey;
import io.jindou.model.Message;
import io.vertx.core.Future;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Port for the durable webhook records of one node: the outbox (one {@link Entry} per stored message whose plan
 * carried {@link MessagePlan.Outbox}, written in the message's own atomic write by {@link MessageStore#append}; one
 * per stored stream event or message change whose plan names an outbox node, written in that event's or change's
 * own atomic write by {@link StreamStore#append}, {@link MessageStore#mutate} and {@link MessageStore#applyReceipt}),
 * and the event log (each {@link Event} a formed webhook post with its body, kept until delivered and then for
 * the retention, or kept as a dead letter). Each event is in exactly one {@link State}. Every mutation is durable
 * when its future completes; futures complete on the caller's context. It never decides what an event contains,
 * when one is delivered or given up, or what is retained: the webhook domain does.
 */
public interface WebhookStore {

  /**
   * One outbox entry, of one {@link Kind}: a MESSAGE entry is the message {@code seq} of log {@code channel} (a
   * command log keeps its own seqs); a STREAM entry is the stream event {@code seq} (its msg_event_seq) of the anchor
   * {@code anchor} (its client_msg_no) in {@code channel}; a CHANGE entry is the change of the message {@code seq} of
   * {@code channel} that gave it extra version {@code version}. Entries stored before the kinds existed read as
   * MESSAGE entries. {@code message} and {@code binary}: the stored message itself and its stored bytes
   * ({@link MessageBinary}), when the store hands them out with its MESSAGE entry (an entry read while still in
   * memory after its commit, see {@link #outboxCarriesMessages}); null otherwise. They are not part of the entry's
   * identity, and they are never stored with it.
   */
  record Entry(ChannelKey channel, long seq, Kind kind, String anchor, long version, Message message,
      byte[] binary) {

    /** What an entry stands for: a stored message, a stored stream event, a stored change of a message. */
    public enum Kind { MESSAGE, STREAM, CHANGE }

    public Entry {
      if (anchor == null || kind == null) {
        throw new IllegalArgumentException("an outbox entry needs a kind and an anchor (\"\" when none)");
      }
    }

    /** An entry of {@code kind} without its message. */
    public Entry(ChannelKey channel, long seq, Kind kind, String anchor, long version) {
      this(channel, seq, kind, anchor, version, null, null);
    }

    /** The MESSAGE entry of stored message {@code m}, carrying it and its stored bytes {@code binary}. */
    public static Entry of(Message m, byte[] binary) {
      return new Entry(m.channel(), m.messageSeq(), Kind.MESSAGE, "", 0, m, binary);
    }

    /** This entry without the message (and stored bytes) it carries. */
    public Entry withoutMessage() {
      return message == null && binary == null ? this : new Entry(channel, seq, kind, anchor, version, null, null);
    }

    /**
     * Written out (as {@link ChannelKey#hashCode}): the outbox and its hints hash every entry a few times; the
     * message it carries is left out, as from {@link #equals}.
     */
    @Override
    public int hashCode() {
      int h = 31 * channel.hashCode() + Long.hashCode(seq);
      h = 31 * h + kind.ordinal();
      h = 31 * h + anchor.hashCode();
      return 31 * h + Long.hashCode(version);
    }

    @Override
    public boolean equals(Object o) {
      return o == this || o instanceof Entry e && seq == e.seq && kind == e.kind && version == e.version
          && channel.equals(e.channel) && anchor.equals(e.anchor);
    }

    /** A MESSAGE entry. */
    public Entry(ChannelKey channel, long seq) {
      this(channel, seq, Kind.MESSAGE, "", 0);
    }

    /** The STREAM entry of event {@code msgEventSeq} of anchor {@code clientMsgNo}. */
    public static Entry stream(ChannelKey channel, String clientMsgNo, long msgEventSeq) {
      return new Entry(channel, msgEventSeq, Kind.STREAM, clientMsgNo, 0);
    }

    /** The CHANGE entry of message {@code messageSeq} at extra version {@code extraVersion}. */
    public static Entry change(ChannelKey channel, long messageSeq, long extraVersion) {
      return new Entry(channel, messageSeq, Kind.CHANGE, "", extraVersion);
    }
  }

  /** Where an event is: waiting to be delivered, delivered (kept for replay), or given up (a dead letter). */
  enum State { PENDING, DELIVERED, DEAD }

  /**
   * One formed webhook post: {@code seq} (assigned by {@link #seal}, ascending in sealing order), a stable
   * {@code id}, the event name, the lane (events of one lane are posted in seq order), when it was formed, and the
   * exact body posted.
   */
  record Event(long seq, String id, String name, String lane, long createdMs, byte[] body, State state) {

    /** The event with this seq and state. */
    public Event with(long newSeq, State newState) {
      return new Event(newSeq, id, name, lane, createdMs, body, newState);
    }

    /** Everything but seq and state, as the stores keep it. */
    public byte[] encode() {
      byte[] i = id.getBytes(StandardCharsets.UTF_8);
      byte[] n = name.getBytes(StandardCharsets.UTF_8);
      byte[] l = lane.getBytes(StandardCharsets.UTF_8);
      return ByteBuffer.allocate(8 + 6 + i.length + n.length + l.length + body.length).putLong(createdMs)
          .putShort((short) i.length).put(i).putShort((short) n.length).put(n).putShort((short) l.length).put(l)
          .put(body).array();
    }

    /** The inverse of {@link #encode}. */
    public static Event decode(long seq, byte[] bytes, State state) {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      long created = b.getLong();
      String id = text(b);
      String name = text(b);
      String lane = text(b);
      byte[] body = new byte[b.remaining()];
      b.get(body);
      return new Event(seq, id, name, lane, created, body, state);
    }

    private static String text(ByteBuffer b) {
      byte[] t = new byte[b.getShort() & 0xffff];
      b.get(t);
      return new String(t, StandardCharsets.UTF_8);
    }
  }

  /** How many of each: outbox entries, pending events, dead letters; and the highest event seq so far. */
  record Counts(long outbox, long pending, long dead, long lastSeq) {
  }

  /**
   * At most {@code limit} outbox entries, the entries of one channel in commit order (oldest first); which
   * channels come first is the store's choice.
   */
  Future<List<Entry>> outbox(int limit);

  /**
   * Whether {@link #outbox} hands out a MESSAGE entry with its message while the entry is young (so that forming
   * needs neither a read nor a copy kept elsewhere). A store that can only read entries back says no.
   */
  default boolean outboxCarriesMessages() {
    return false;
  }

  /**
   * Stores {@code events} as PENDING with new seqs (in list order) and removes {@code consumed} from the outbox;
   * returns the events with their seqs. {@code consumed} are entries returned by {@link #outbox} and not removed
   * since.
   */
  Future<List<Event>> seal(List<Event> events, List<Entry> consumed);

  /** Moves events {@code seqs} to {@code state} in one atomic write; unknown seqs are ignored. */
  Future<Void> settle(List<Long> seqs, State state);

  /** {@link #settle(List, State)} for one event. */
  default Future<Void> settle(long seq, State state) {
    return settle(List.of(seq), state);
  }

  /** Events with seq above {@code afterSeq}, ascending, at most {@code limit}; only those in {@code state} if set. */
  default Future<List<Event>> events(long afterSeq, int limit, State state) {
    return events(afterSeq, limit, state, Long.MAX_VALUE);
  }

  /**
   * {@link #events(long, int, State)} within a byte budget: events are taken while the stored sizes taken so far
   * (body plus a few dozen bytes) are below {@code maxBytes} (the first is always taken; the one that reaches the
   * budget is the last).
   */
  Future<List<Event>> events(long afterSeq, int limit, State state, long maxBytes);

  /**
   * The seqs of at most {@code limit} DELIVERED events created before {@code createdBeforeMs}, oldest first, for the
   * retention to remove: a bounded walk from the oldest event that may stop at the first event created at or after
   * the cutoff (the log is in sealing order, so the few older ones after it are found by a later call). It reads no
   * more bodies than a page of {@link #events} would.
   */
  Future<List<Long>> expired(long createdBeforeMs, int limit);

  /** Forgets these events entirely (retention). */
  Future<Void> remove(List<Long> seqs);

  Future<Counts> counts();

  /** Records that this node has webhook data here, so another node can take it over while this one is gone. */
  Future<Void> announce();

  /** The nodes that announced webhook data in this store (a store of one node answers none: nothing to adopt). */
  Future<List<Integer>> nodes();
}
