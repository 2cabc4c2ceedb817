package io.jindou.usecase;

import io.jindou.model.ChannelInfo;
import java.util.List;

/**
 * A channel-management request as given (spec http-api §1.5): the channel ({@code channelId}, {@code channelType}
 * with -1 for absent), the flags ({@code info}, for create and info), the uids it names ({@code subscribers} or
 * list {@code uids}, as given), {@code reset} (replace instead of add) and {@code tempSubscriber} (a retired
 * WuKongIM option, refused). Which of them an operation reads is {@link ManageChannels}'s business.
 */
public record ChannelRequest(String channelId, int channelType, ChannelInfo info, List<String> uids, boolean reset,
    boolean tempSubscriber) {

  /** Just the channel. */
  public static ChannelRequest of(String channelId, int channelType) {
    return new ChannelRequest(channelId, channelType, null, List.of(), false, false);
  }
}
