package io.jindou.model;

/**
 * The owner's answer to an {@link EventCommand}: the event's seq (the original one for a retried event_id), the
 * lane it went to, the status of that lane afterwards ({@code closed} once the stream is finished), the anchor's
 * sender and message id, and whether the event was a retry.
 */
public record EventResult(long msgEventSeq, String eventKey, String streamStatus, String fromUid, long messageId,
    boolean duplicate) {
}
