package io.jindou.model;

/**
 * Event-bus body asking one owner shard of this node for the channels it holds in memory, most recently used
 * first, at most {@code limit}; the reply is {@link CachedChannels}.
 */
public record CachedChannelsQuery(int limit) {
}
