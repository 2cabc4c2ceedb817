package io.jindou.model;

/**
 * The state of one lane ({@code event_key}) of a stream: {@code status} ({@code open}, {@code closed},
 * {@code error}, {@code cancelled}), the last event seq that touched it, the merged text of its public
 * {@code {"kind":"text"}} deltas (or the text of its last text snapshot; a {@link LaneText}, so a delta appends
 * without copying the text so far), its last non-text snapshot as JSON text
 * (null when none), the end reason (0 success, 1 timeout, 2 error, 3 cancelled, 4 force) and the error text of a
 * {@code stream.error}. Immutable; the owner's {@code channel.StreamRules} make new ones, it never changes itself.
 */
public record StreamLane(String key, String status, long lastSeq, LaneText text, String snapshot, int endReason,
    String error) {

  public StreamLane {
    text = text == null ? LaneText.EMPTY : text;
  }

  /** A lane whose text is {@code text}. */
  public StreamLane(String key, String status, long lastSeq, String text, String snapshot, int endReason,
      String error) {
    this(key, status, lastSeq, LaneText.of(text), snapshot, endReason, error);
  }

  public static final String OPEN = "open";
  public static final String CLOSED = "closed";
  public static final String ERROR = "error";
  public static final String CANCELLED = "cancelled";

  public boolean running() {
    return OPEN.equals(status);
  }
}
