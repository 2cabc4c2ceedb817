package io.jindou.model;

/**
 * Event-bus body asking a channel's owner for its flags; the reply is the {@link ChannelInfo}, or null when
 * the channel was never created. Answered from the owner's cache, so it sees every acknowledged mutation.
 */
public record ChannelInfoQuery(ChannelKey channel) {
}
