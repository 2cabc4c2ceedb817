package io.jindou.model;

import java.util.Set;

/**
 * What a channel's owner knows about it for policy: flags (null = never created) and both lists. The reply to
 * a {@link ChannelInfoQuery}; immutable snapshots.
 */
public record ChannelFacts(ChannelInfo info, Set<String> blacklist, Set<String> whitelist) {

  public static final ChannelFacts NONE = new ChannelFacts(null, Set.of(), Set.of());

  public boolean exists() {
    return info != null;
  }
}
