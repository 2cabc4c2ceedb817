package io.jindou.model;

import java.util.List;

/** The reply to a {@link CachedChannelsQuery}: channels with their recipients, most recently used first. */
public record CachedChannels(List<ChannelMembers> channels) {

  public CachedChannels {
    channels = List.copyOf(channels);
  }
}
