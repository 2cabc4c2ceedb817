package io.jindou.usecase;

/**
 * One channel a request names, as given: {@code channelId} (a person channel by the peer's uid or its
 * {@code a@b} id), {@code channelType} (-1 when absent) and, where the endpoint takes one, the sequence to read
 * from ({@code lastMsgSeq}, 0 when absent).
 */
public record ChannelRef(String channelId, int channelType, long lastMsgSeq) {
}
