package io.jindou.model;

import java.util.List;

/**
 * Event-bus body of a channel mutation routed to the channel's owner, so membership changes and sends of a
 * channel are applied on one thread in one order. {@code info} is null when the operation keeps the flags;
 * {@code subscribers} carries the uids of subscriber and list operations.
 */
public record ChannelCommand(Op op, ChannelKey channel, ChannelInfo info, List<String> subscribers, boolean reset) {

  /** The mutations an owner applies. */
  public enum Op {
    UPSERT, SET_INFO, ADD_SUBSCRIBERS, REMOVE_SUBSCRIBERS, REMOVE_ALL_SUBSCRIBERS, DELETE,
    BLACKLIST_ADD, BLACKLIST_SET, BLACKLIST_REMOVE, WHITELIST_ADD, WHITELIST_SET, WHITELIST_REMOVE
  }
}
