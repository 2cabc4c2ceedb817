package io.jindou.model;

/**
 * Event-bus body of {@code POST /message/event}, from the use case to the channel's owner: the storage channel and
 * the anchor's client_msg_no, the validated event (no seq yet: the owner assigns it), the producer's uid as sent
 * (may be empty: the anchor's sender is used) and whether a {@code stream.open} may take over an open lane
 * ({@code force}). Built only by validated use-case code.
 */
public record EventCommand(ChannelKey channel, String clientMsgNo, StreamEvent event, String fromUid,
    boolean force) {
}
