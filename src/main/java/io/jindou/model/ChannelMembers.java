package io.jindou.model;

import java.util.List;

/**
 * A channel's recipients as its owner holds them: the subscribers (plus the datasource's, when one is
 * configured), the two people of a person or agent channel, or a temp channel's list. {@code exists} is false for
 * a channel nobody created. Immutable; the reply to a {@link ChannelMembersQuery} and an entry of
 * {@link CachedChannels}.
 */
public record ChannelMembers(ChannelKey channel, boolean exists, List<String> uids) {

  public ChannelMembers {
    uids = List.copyOf(uids);
  }
}
