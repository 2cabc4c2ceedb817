package io.jindou.usecase;

/**
 * A channel named by a reader, as given ({@code channel_id}, {@code channel_type} with -1 for absent, and the
 * reader's {@code login_uid}, which a person channel needs to find its canonical id when {@code channel_id} is
 * the peer's uid). {@link ReadMessages} resolves it to the storage key.
 */
public record ChannelQuery(String channelId, int channelType, String loginUid) {
}
