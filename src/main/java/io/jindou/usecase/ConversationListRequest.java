package io.jindou.usecase;

import io.jindou.model.ChannelKey;

/**
 * {@code POST /conversation/list} as given (spec http-api §3.3): the user, where the previous page stopped
 * ({@code after}, decoded from the cursor; null = the first page), how many rows to scan ({@code limit}, 0 = the
 * default 50) and the coverage of the client's last completed pass ({@code completedCoverage}, 0 = none).
 */
public record ConversationListRequest(String uid, ChannelKey after, int limit, long completedCoverage) {
}
