package io.jindou.model;

/**
 * One event of a stream message as stored in its anchor's event log and as read back by
 * {@code /message/eventsync}: its place in the log ({@code msgEventSeq}, contiguous from 1 per anchor), the
 * producer's {@code eventId} (the idempotency key), the type ({@code stream.delta}, …, or a custom one), the lane
 * ({@code eventKey}), the visibility ({@code public}, {@code private}, {@code restricted}), when the producer says
 * it happened (ms) and the payload as JSON text exactly as received. Immutable; it never carries the anchor's
 * identity (the key it is stored under does) and never decides anything.
 */
public record StreamEvent(long msgEventSeq, String eventId, String eventType, String eventKey, String visibility,
    long occurredAt, String payload) {

  /** Whether every member may see it (not private, not restricted). */
  public boolean visibleToAll() {
    return "public".equals(visibility);
  }
}
