package io.jindou.usecase;

/**
 * One {@code POST /message/eventsync}: the channel (as {@link ChannelQuery}, the producer's or a member's uid as
 * its login), the anchor, the exclusive cursor, how many events (0 = 200), the lane to keep (null = all) and
 * whether private and restricted events are included.
 */
public record EventSyncRequest(ChannelQuery channel, String clientMsgNo, long fromSeq, int limit, String eventKey,
    boolean includePrivate) {
}
