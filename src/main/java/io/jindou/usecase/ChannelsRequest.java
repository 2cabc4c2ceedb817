package io.jindou.usecase;

import java.util.List;

/**
 * A user's request about channels it names (spec http-api §1.8: {@code /conversation/syncByChannels},
 * {@code /conversation/syncMessages}): the user, the channels, how many messages per channel ({@code msgCount},
 * 0 or less = the default 15) and, for {@code syncMessages}, whether the newest come first ({@code orderByLast}).
 */
public record ChannelsRequest(String uid, List<ChannelRef> channels, int msgCount, boolean orderByLast) {
}
