package io.jindou.model;

/**
 * One stored stream event as a {@code msg.stream} webhook shows it: the anchor ({@code channel},
 * {@code clientMsgNo}), the anchor message when it is stored ({@code anchor}, null otherwise: its id, seq and sender
 * are then unknown) and the event itself. Immutable; it never decides anything.
 */
public record StreamPost(ChannelKey channel, String clientMsgNo, Message anchor, StreamEvent event) {
}
