package io.jindou.usecase;

import java.util.Set;

/**
 * {@code POST /conversation/sync} as given (spec http-api §3.1): the user, {@code version} / {@code onlyUnread}
 * (either asks for changed conversations only), recent messages per conversation ({@code msgCount}, 0 or less =
 * none), paging (page 0 = all), channel types to leave out, and the client's {@code last_msg_seqs} text
 * ({@code "<channel_id>:<channel_type>:<seq>|…"}, null when absent).
 */
public record ConversationSyncRequest(String uid, long version, boolean onlyUnread, int msgCount, int page,
    int pageSize, Set<Integer> excludeChannelTypes, String lastMsgSeqs) {
}
