package io.jindou.model;

import java.util.List;

/**
 * The merged state of one stream message, stored beside its anchor and rewritten with every event in the same
 * atomic write: the anchor's sender and message id, the last event seq and the number of events, whether
 * {@code stream.finish} came (then nothing more is accepted), when the last event was accepted (server ms, for
 * the idle timeout), the lanes by first use and, for a stream of the older generation ({@code stream_no}), the
 * Base64 payloads of its chunks in order. What sync shows of a stream ({@code event_meta},
 * {@code stream_data}, {@code end}) is read from here, so a finished stream is one message, not its fragments.
 * Immutable; built only by the channel owner's rules.
 */
public record StreamSummary(String fromUid, long messageId, long lastSeq, long eventCount, boolean finished,
    long updatedAt, List<StreamLane> lanes, List<String> chunks) {

  /** The lane every text event without an {@code event_key} goes to; its text is {@code stream_data}. */
  public static final String MAIN = "main";
  /** The lane {@code stream.finish} is recorded under. */
  public static final String FINISH_LANE = "__finish__";

  public StreamSummary {
    lanes = List.copyOf(lanes);
    chunks = chunks == null ? List.of() : List.copyOf(chunks);
  }

  public StreamSummary(String fromUid, long messageId, long lastSeq, long eventCount, boolean finished,
      long updatedAt, List<StreamLane> lanes) {
    this(fromUid, messageId, lastSeq, eventCount, finished, updatedAt, lanes, List.of());
  }

  /** The summary of an anchor no event has touched yet. */
  public static StreamSummary empty(String fromUid, long messageId) {
    return new StreamSummary(fromUid, messageId, 0, 0, false, 0, List.of());
  }

  /** The lane named {@code key}, or null. */
  public StreamLane lane(String key) {
    for (StreamLane l : lanes) {
      if (l.key().equals(key)) {
        return l;
      }
    }
    return null;
  }

  /** The main lane, or null when no event used it. */
  public StreamLane main() {
    return lane(MAIN);
  }

  /** How many lanes are open. */
  public int openLanes() {
    return (int) lanes.stream().filter(StreamLane::running).count();
  }

  /**
   * Whether this open stream has been silent since before {@code beforeMs} (then its owner ends it with end reason 1,
   * timeout, as soon as it runs its idle check or the anchor is next used).
   */
  public boolean idleSince(long beforeMs) {
    return !ended() && lastSeq > 0 && updatedAt < beforeMs;
  }

  /**
   * This summary as it is once the owner has timed it out: its open lanes closed with end reason 1. What readers are
   * shown for a stream that is {@link #idleSince idle} when no owner has written the timeout yet (after a restart).
   */
  public StreamSummary timedOut() {
    List<StreamLane> closed = lanes.stream().map(l -> l.running()
        ? new StreamLane(l.key(), StreamLane.CLOSED, l.lastSeq(), l.text(), l.snapshot(), 1, "") : l).toList();
    return new StreamSummary(fromUid, messageId, lastSeq, eventCount, finished, updatedAt, closed, chunks);
  }

  /** Whether the stream has ended: finished, or its main lane closed, failed or cancelled. */
  public boolean ended() {
    StreamLane m = main();
    return finished || (m != null && !m.running());
  }
}
