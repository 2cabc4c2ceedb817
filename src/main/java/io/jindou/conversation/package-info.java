/**
 * Conversations: per-user views derived from membership rows and channel heads, unread arithmetic, cursor
 * changes, and offline command sync. Never writes on the send path, never adapts protocols.
 */
package io.jindou.conversation;
