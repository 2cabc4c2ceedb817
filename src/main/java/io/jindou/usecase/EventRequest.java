package io.jindou.usecase;

/**
 * One {@code POST /message/event} as any edge received it, before any check: the channel (person channels by the
 * producer's {@code fromUid} and the peer, or an {@code a@b} id), the anchor's client_msg_no, the event's id,
 * type, lane ({@code eventKey}, null = main), visibility (null = public), when it happened (ms, 0 = now), the
 * payload as JSON text (null = none) and whether a {@code stream.open} may take over an open lane.
 */
public record EventRequest(String channelId, int channelType, String fromUid, String clientMsgNo, String eventId,
    String eventType, String eventKey, String visibility, long occurredAt, String payload, boolean force) {
}
