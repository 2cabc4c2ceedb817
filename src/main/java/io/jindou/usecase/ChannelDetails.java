package io.jindou.usecase;

import io.jindou.model.ChannelInfo;
import io.jindou.model.ChannelKey;
import java.util.List;

/**
 * A channel as the manager console shows it ({@link ManageChannels#details}): its flags ({@code info}, null when
 * it was never created), how many subscribers it has and the first of them, and both lists. Every list is sorted.
 */
public record ChannelDetails(ChannelKey channel, ChannelInfo info, int subscriberCount, List<String> subscribers,
    List<String> blacklist, List<String> whitelist) {

  public boolean exists() {
    return info != null;
  }
}
