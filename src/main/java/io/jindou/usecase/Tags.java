package io.jindou.usecase;

import io.jindou.channel.ChannelService;
import io.jindou.model.PersonChannels;
import io.jindou.cluster.Presence;
import io.jindou.model.ChannelKey;
import io.jindou.model.ChannelMembers;
import io.jindou.model.ChannelType;
import io.jindou.model.JindouException;
import io.jindou.model.Reason;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * WuKongIM's tags (spec http-api §1.9, §2.10: {@code GET /tag}, {@code GET /tags}, {@code POST /tag/remove}). In
 * WuKongIM v2 a tag is an internal cache: a channel's recipient uids grouped by the node that delivers to them,
 * kept in memory and dropped after 20 minutes; for a temp channel it is the only copy of its recipient list. What
 * that honestly is in Jindou: a channel's recipient list as its owner holds it — the subscribers (plus the
 * datasource's), a temp channel's list, the two people of a person channel — with the recipients that are online
 * grouped by the node holding their sessions, which is how a message's fan-out is split. A tag is named by its
 * channel: key {@code "<channel_type>:<channel_id>"} (person channels by their {@code a@b} id). Removing a tag
 * clears a temp channel's list (as in v2, where the tag was the list) and makes any other channel's owner forget
 * its cached state, so the next use reads it again from storage and the datasource. {@code /tags} lists the
 * channels this node's owners hold in memory. It never changes a channel's subscribers otherwise.
 */
public final class Tags {
  /** The most tags {@code /tags} lists (WuKongIM's cap). */
  public static final int LIST_MAX = 1000;

  /** A channel's recipients, and the online ones by node. */
  public record Tag(String key, ChannelKey channel, List<String> uids, Map<Integer, List<String>> online) {
  }

  private final ChannelService channels;
  private final Presence presence;
  private final int localNode;
  private final Limits limits;

  public Tags(ChannelService channels, Presence presence, int localNode, Limits limits) {
    this.channels = channels;
    this.presence = presence;
    this.localNode = localNode;
    this.limits = limits;
  }

  /** The tag of the channel named by {@code tagKey}, else by {@code channel}; refused ("tag not found") if empty. */
  public Future<Tag> get(String tagKey, ChannelQuery channel) {
    ChannelKey ch = channel(tagKey, channel);
    return channels.members(ch).map(m -> {
      if (m.uids().isEmpty()) {
        throw JindouException.invalid("tag not found");
      }
      return tag(m);
    });
  }

  /**
   * {@code /tags}: the tag of the channel named (by key or channel; none or one), else those of the channels this
   * node's owners hold in memory, most recently used first, at most {@value #LIST_MAX}. {@code node} must be 0 or
   * this node: each node lists its own.
   */
  public Future<List<Tag>> list(int node, String tagKey, ChannelQuery channel) {
    if (node != 0 && node != localNode) {
      throw JindouException.invalid("node_id " + node + ": tags are listed by each node's own API; this is node "
          + localNode);
    }
    boolean named = (tagKey != null && !tagKey.isBlank()) || (channel.channelId() != null
        && !channel.channelId().isEmpty() && channel.channelType() > 0);
    if (named) {
      return channels.members(channel(tagKey, channel))
          .map(m -> m.uids().isEmpty() ? List.<Tag>of() : List.of(tag(m)));
    }
    return channels.cachedChannels(LIST_MAX).map(all -> {
      List<Tag> out = new ArrayList<>(all.size());
      for (ChannelMembers m : all) {
        if (!m.uids().isEmpty()) {
          out.add(tag(m));
        }
      }
      return out;
    });
  }

  /** {@code /tag/remove}: a temp channel's list is cleared; any other channel's owner forgets its cached state. */
  public Future<Void> remove(String tagKey, ChannelQuery channel) {
    ChannelKey ch = channel(tagKey, channel);
    return ch.type() == ChannelType.TEMP ? channels.mutate(new io.jindou.model.ChannelCommand(
        io.jindou.model.ChannelCommand.Op.REMOVE_ALL_SUBSCRIBERS, ch, null, List.of(), false))
        : channels.reload(ch);
  }

  private Tag tag(ChannelMembers m) {
    Map<Integer, List<String>> online = new TreeMap<>(presence.locate(m.uids()));
    return new Tag(key(m.channel()), m.channel(), m.uids(), online);
  }

  /** The tag key of a channel. */
  public static String key(ChannelKey ch) {
    return ch.type() + ":" + ch.id();
  }

  /** The channel a request names: by {@code tagKey} when given, else by {@code channel_id} and type. */
  private ChannelKey channel(String tagKey, ChannelQuery q) {
    if (tagKey != null && !tagKey.isBlank()) {
      int colon = tagKey.indexOf(':');
      int type;
      try {
        type = colon > 0 ? Integer.parseInt(tagKey.substring(0, colon)) : -1;
      } catch (NumberFormatException e) {
        type = -1;
      }
      if (!ChannelType.isValid(type) || colon == tagKey.length() - 1) {
        throw JindouException.invalid("tag_key must be \"<channel_type>:<channel_id>\" as /tag and /tags show it,"
            + " got \"" + tagKey + "\"");
      }
      return resolve(tagKey.substring(colon + 1), type);
    }
    if (q.channelType() <= 0) {
      throw JindouException.invalid("tag_key, or channel_id and channel_type, is required");
    }
    if (!ChannelType.isValid(q.channelType())) {
      throw JindouException.invalid("channel_type must be an integer between 1 and 12, got " + q.channelType());
    }
    return resolve(q.channelId(), q.channelType());
  }

  private ChannelKey resolve(String id, int type) {
    String checked = Ids.required("channel_id", id, limits.channelIdMaxLength(), false, Reason.UNKNOWN);
    if (type != ChannelType.PERSON) {
      return new ChannelKey(checked, type);
    }
    int at = checked.indexOf('@');
    if (at <= 0) {
      throw JindouException.invalid("a person channel's tag is named by its \"a@b\" channel id, got \"" + checked
          + "\"");
    }
    return new ChannelKey(PersonChannels.normalize(checked.substring(0, at), checked), type);
  }
}
