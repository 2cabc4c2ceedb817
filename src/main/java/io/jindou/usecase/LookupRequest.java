package io.jindou.usecase;

import java.util.List;

/**
 * {@code POST /messages}: messages of one channel by sequence, by id and by client_msg_no (each list may be
 * empty); {@code POST /message} is the single form with one {@code messageId} (null = absent) or
 * {@code clientMsgNo}.
 */
public record LookupRequest(ChannelQuery channel, List<Long> seqs, List<Long> ids, List<String> clientMsgNos,
    Long messageId, String clientMsgNo) {
}
