package io.jindou.model;

/**
 * Event-bus body asking a channel's owner for its flags and lists; the reply is its {@link ChannelFacts}.
 * Answered from the owner's cache, so it sees every acknowledged mutation.
 */
public record ChannelInfoQuery(ChannelKey channel) {
}
