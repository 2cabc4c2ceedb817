package io.jindou.access.json;

import io.jindou.model.ChannelInfo;
import io.jindou.usecase.ChannelDetails;
import io.jindou.usecase.ChannelRequest;
import io.jindou.usecase.ManageChannels;
import io.jindou.usecase.ManageUsers;
import io.jindou.usecase.NodeOps;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON of the manager console's reads, which the WuKongIM API has no endpoint for (README "In the browser"):
 * {@code /manager/api/nodes}, {@code /manager/api/channel} ({@code channel_id}, {@code channel_type},
 * {@code limit}) and {@code /manager/api/user} ({@code uid}), read into typed values, and their answers. Field
 * types only: which subscribers, devices and nodes appear, and how much of a token shows, is the use cases'.
 */
public final class ConsoleJson {
  private ConsoleJson() {
  }

  /** The channel of {@code /manager/api/channel}: {@code channel_id} and {@code channel_type} (absent = -1). */
  public static ChannelRequest channel(Body b) {
    String id = b.str("channel_id", false);
    int type = b.has("channel_type") ? (int) b.integer("channel_type", 0, 0, 255) : -1;
    return ChannelRequest.of(id, type);
  }

  /** How many subscribers {@code /manager/api/channel} lists ({@code limit}, default 200). */
  public static int subscriberLimit(Body b) {
    return (int) b.integer("limit", 200, 0, ManageChannels.DETAILS_MAX_SUBSCRIBERS);
  }

  /**
   * {@code {"channel_id","channel_type","exists", "ban","disband","send_ban","allow_stranger","large" (when it
   * exists), "subscriber_count","subscribers","blacklist","whitelist"}}, flags as 0/1.
   */
  public static JsonObject channel(ChannelDetails d) {
    JsonObject o = new JsonObject().put("channel_id", d.channel().id()).put("channel_type", d.channel().type())
        .put("exists", d.exists());
    if (d.exists()) {
      ChannelInfo f = d.info();
      o.put("ban", bit(f.ban())).put("disband", bit(f.disband())).put("send_ban", bit(f.sendBan()))
          .put("allow_stranger", bit(f.allowStranger())).put("large", bit(f.large()));
    }
    return o.put("subscriber_count", d.subscriberCount()).put("subscribers", strings(d.subscribers()))
        .put("blacklist", strings(d.blacklist())).put("whitelist", strings(d.whitelist()));
  }

  /** {@code {"uid","devices":[{"device_flag","device_level","token_hint"}]}}. */
  public static JsonObject devices(String uid, List<ManageUsers.Device> devices) {
    JsonArray out = new JsonArray();
    for (ManageUsers.Device d : devices) {
      out.add(new JsonObject().put("device_flag", d.deviceFlag()).put("device_level", d.deviceLevel())
          .put("token_hint", d.tokenHint()));
    }
    return new JsonObject().put("uid", uid).put("devices", out);
  }

  /** {@code {"local_node_id","nodes":[{"node_id","ready","local"}]}}. */
  public static JsonObject nodes(int localNodeId, List<NodeOps.NodeStatus> nodes) {
    JsonArray out = new JsonArray();
    for (NodeOps.NodeStatus n : nodes) {
      out.add(new JsonObject().put("node_id", n.nodeId()).put("ready", n.ready()).put("local", n.local()));
    }
    return new JsonObject().put("local_node_id", localNodeId).put("nodes", out);
  }

  private static int bit(boolean b) {
    return b ? 1 : 0;
  }

  private static JsonArray strings(List<String> s) {
    return new JsonArray(new ArrayList<Object>(s));
  }
}
