package io.jindou.usecase;

/**
 * One user's conversation with a channel, as given ({@code /conversations/clearUnread|setUnread|delete}):
 * {@code channelType} -1 for absent, {@code unread} the count {@code setUnread} asks for.
 */
public record ConversationRequest(String uid, String channelId, int channelType, long unread) {
}
