package io.jindou.model;

/**
 * Event-bus body asking a channel's owner whom a message to the channel goes to; the reply is its
 * {@link ChannelMembers}. Answered from the owner's cache (what the owner would fan out to right now).
 */
public record ChannelMembersQuery(ChannelKey channel) {
}
