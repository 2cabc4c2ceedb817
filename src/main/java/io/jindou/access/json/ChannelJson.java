package io.jindou.access.json;

import io.jindou.model.ChannelInfo;
import io.jindou.usecase.ChannelRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The JSON of channel management (spec http-api §1.5): each {@code /channel*} body read into a
 * {@link ChannelRequest} — exactly the fields that operation takes ({@code channel_type} 0..255 when present; the
 * flags {@code ban}, {@code disband}, {@code send_ban}, {@code allow_stranger}, {@code large}; {@code subscribers}
 * or {@code uids}; {@code reset}; {@code temp_subscriber}) — and the whitelist answer. Field types only.
 */
public final class ChannelJson {
  private ChannelJson() {
  }

  /** Just the channel (delete, remove_all, whitelist). */
  public static ChannelRequest channel(Body b) {
    return ChannelRequest.of(b.str("channel_id", false), type(b));
  }

  /** {@code POST /channel}: the channel, its flags, initial subscribers and {@code reset}. */
  public static ChannelRequest create(Body b) {
    String id = b.str("channel_id", false);
    int type = type(b);
    List<String> subscribers = b.strings("subscribers");
    return new ChannelRequest(id, type, flags(b), subscribers, b.flag("reset"), false);
  }

  /** {@code POST /channel/info}: the channel and its flags. */
  public static ChannelRequest info(Body b) {
    String id = b.str("channel_id", false);
    int type = type(b);
    return new ChannelRequest(id, type, flags(b), List.of(), false, false);
  }

  /** {@code POST /channel/subscriber_add}: the channel, {@code temp_subscriber}, subscribers, {@code reset}. */
  public static ChannelRequest addSubscribers(Body b) {
    String id = b.str("channel_id", false);
    int type = type(b);
    boolean temp = b.flag("temp_subscriber");
    List<String> subscribers = b.strings("subscribers");
    return new ChannelRequest(id, type, null, subscribers, b.flag("reset"), temp);
  }

  /** {@code POST /channel/subscriber_remove}: the channel and subscribers. */
  public static ChannelRequest removeSubscribers(Body b) {
    return withUids(b, "subscribers");
  }

  /** {@code POST /channel/<list>_add|_set|_remove}: the channel and {@code uids}. */
  public static ChannelRequest list(Body b) {
    return withUids(b, "uids");
  }

  private static ChannelRequest withUids(Body b, String field) {
    String id = b.str("channel_id", false);
    int type = type(b);
    return new ChannelRequest(id, type, null, b.strings(field), false, false);
  }

  private static ChannelInfo flags(Body b) {
    return new ChannelInfo(b.flag("ban"), b.flag("disband"), b.flag("send_ban"), b.flag("allow_stranger"),
        b.flag("large"));
  }

  private static int type(Body b) {
    return b.has("channel_type") ? (int) b.integer("channel_type", 0, 0, 255) : -1;
  }

  /** {@code [{"id":1,"uid":"…"},…]}, in the order given, numbered from {@code offset + 1}. */
  public static JsonArray whitelist(List<String> uids, int offset) {
    JsonArray out = new JsonArray();
    for (String u : uids) {
      out.add(new JsonObject().put("id", offset + out.size() + 1).put("uid", u));
    }
    return out;
  }
}
