package io.jindou.usecase;

/**
 * {@code POST /channel/messagesync} (spec http-api §3.2): what {@code loginUid} may read of a channel, from
 * {@code start} towards {@code end} ({@code pullMode} 0 = older, 1 = newer), at most {@code limit} (0 = 100).
 */
public record MessageSyncRequest(ChannelQuery channel, long start, long end, int limit, int pullMode) {
}
