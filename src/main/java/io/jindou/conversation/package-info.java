/**
 * Conversations: per-user views derived from membership rows and channel heads (the V2 sync, the V3 cursor pass
 * {@code ConversationPass}, views of channels a caller names {@code RecentMessages}), unread arithmetic, cursor
 * changes, and offline command sync. Never writes on the send path, never adapts protocols.
 */
package io.jindou.conversation;
