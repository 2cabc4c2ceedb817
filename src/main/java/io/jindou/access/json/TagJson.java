package io.jindou.access.json;

import io.jindou.usecase.ChannelQuery;
import io.jindou.usecase.Tags;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * The JSON of the tag endpoints (spec http-api §1.9): {@code tag_key} or {@code channel_id}/{@code channel_type}
 * read from a query or a body, and a tag written in WuKongIM v2's {@code /tags} shape — {@code key},
 * {@code channel_id}, {@code channel_type}, {@code nodes} ({@code leader_id}, {@code uid_count}, {@code uids},
 * {@code slot_ids}: always empty, Jindou has no slots) and the times v2 leaves empty when unknown ({@code ""}:
 * Jindou keeps none) — plus {@code uids}/{@code uid_count}, every recipient, online or not. Presentation only.
 */
public final class TagJson {
  private TagJson() {
  }

  /** The channel a tag request names ({@code tag_key} is read separately). */
  public static ChannelQuery channel(Body b) {
    String id = b.str("channel_id", false);
    int type = (int) b.integer("channel_type", 0, 0, 255);
    return new ChannelQuery(id, type, null);
  }

  public static JsonObject tag(Tags.Tag t) {
    JsonArray nodes = new JsonArray();
    for (Map.Entry<Integer, List<String>> e : t.online().entrySet()) {
      nodes.add(new JsonObject().put("leader_id", e.getKey()).put("uid_count", e.getValue().size())
          .put("uids", new JsonArray(e.getValue())).put("slot_ids", new JsonArray()));
    }
    return new JsonObject().put("key", t.key()).put("channel_id", t.channel().id())
        .put("channel_type", t.channel().type()).put("nodes", nodes).put("created_at", "").put("expire_at", "")
        .put("last_get_at", "").put("uid_count", t.uids().size()).put("uids", new JsonArray(t.uids()));
  }

  public static JsonArray tags(List<Tags.Tag> ts) {
    JsonArray out = new JsonArray();
    ts.forEach(t -> out.add(tag(t)));
    return out;
  }
}
