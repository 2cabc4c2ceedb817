package io.jindou.usecase;

import io.jindou.model.ChannelKey;
import io.jindou.model.Message;
import java.util.List;

/**
 * One channel's answer to {@code /conversation/syncMessages}: the channel (storage key), its messages in the order
 * asked, and the user's own last sent seq there (0 = none); {@code more} when the answer stopped at its share of
 * {@code response_max_bytes} (there may be more from where these messages end).
 */
public record ChannelMessages(ChannelKey channel, List<Message> messages, long userLastMsgSeq, boolean more) {
}
