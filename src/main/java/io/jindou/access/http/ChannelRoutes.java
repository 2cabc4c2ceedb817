package io.jindou.access.http;

import io.jindou.access.json.Body;
import io.jindou.channel.ChannelService;
import io.jindou.model.ChannelCommand;
import io.jindou.model.ChannelCommand.Op;
import io.jindou.model.ChannelInfo;
import io.jindou.model.ChannelKey;
import io.jindou.model.ChannelType;
import io.jindou.model.JindouException;
import io.vertx.ext.web.Router;
import java.util.List;

/**
 * Channel management endpoints (spec http-api §1.5): create/update, flags, delete and subscriber changes,
 * each validated here and applied by the channel's owner through {@link ChannelService}. No business rules.
 */
final class ChannelRoutes {
  private final ChannelService channels;
  private final int idMax;

  ChannelRoutes(ChannelService channels, int idMax) {
    this.channels = channels;
    this.idMax = idMax;
  }

  void register(Endpoints r) {
    r.post("/channel", b -> {
      ChannelKey ch = key(b, true);
      List<String> subs = b.ids("subscribers", idMax);
      if (ch.type() == ChannelType.PERSON && !subs.isEmpty()) {
        throw JindouException.invalid("person channels (type 1) cannot have subscribers");
      }
      return channels.mutate(new ChannelCommand(Op.UPSERT, ch, info(b), subs, b.flag("reset")));
    });
    r.post("/channel/info", b -> channels.mutate(new ChannelCommand(Op.SET_INFO, key(b, true), info(b), List.of(),
        false)));
    r.post("/channel/delete", b -> {
      ChannelKey ch = notPerson(key(b, true));
      return channels.mutate(new ChannelCommand(Op.DELETE, ch, null, List.of(), false));
    });
    r.post("/channel/subscriber_add", b -> {
      ChannelKey ch = notPerson(key(b, false));
      if (b.flag("temp_subscriber")) {
        throw JindouException.invalid("temp_subscriber is no longer supported; use /tmpchannel/subscriber_set");
      }
      return channels.mutate(new ChannelCommand(Op.ADD_SUBSCRIBERS, ch, null, subscribers(b), b.flag("reset")));
    });
    r.post("/channel/subscriber_remove", b -> {
      ChannelKey ch = notPerson(key(b, false));
      return channels.mutate(new ChannelCommand(Op.REMOVE_SUBSCRIBERS, ch, null, subscribers(b), false));
    });
    r.post("/channel/subscriber_remove_all", b -> {
      ChannelKey ch = notPerson(key(b, true));
      return channels.mutate(new ChannelCommand(Op.REMOVE_ALL_SUBSCRIBERS, ch, null, List.of(), false));
    });
  }

  /** Black/white list endpoints; for a person channel the list says who may message that uid. */
  void registerLists(Endpoints r) {
    for (String list : new String[] {"blacklist", "whitelist"}) {
      boolean black = list.equals("blacklist");
      Op add = black ? Op.BLACKLIST_ADD : Op.WHITELIST_ADD;
      Op set = black ? Op.BLACKLIST_SET : Op.WHITELIST_SET;
      Op remove = black ? Op.BLACKLIST_REMOVE : Op.WHITELIST_REMOVE;
      r.post("/channel/" + list + "_add", b -> list(add, key(b, true), uids(b, true)));
      r.post("/channel/" + list + "_set", b -> list(set, key(b, false), uids(b, false)));
      r.post("/channel/" + list + "_remove", b -> list(remove, key(b, true), uids(b, true)));
      r.post("/channel/" + list + "_remove_all", b -> list(set, key(b, true), List.of()));
    }
    r.get("/channel/whitelist", rc -> {
      io.vertx.core.json.JsonObject q = new io.vertx.core.json.JsonObject();
      Api.query(rc).forEach(e -> q.put(e.getKey(), e.getValue()));
      String type = q.getString("channel_type");
      try {
        q.put("channel_type", type == null ? 0 : Long.parseLong(type));
      } catch (NumberFormatException e) {
        throw JindouException.invalid("channel_type must be an integer between 1 and 12, got \"" + type + "\"");
      }
      return channels.facts(key(new Body(q), true)).map(f -> {
        io.vertx.core.json.JsonArray out = new io.vertx.core.json.JsonArray();
        f.whitelist().stream().sorted().forEach(u -> out.add(new io.vertx.core.json.JsonObject()
            .put("id", out.size() + 1).put("uid", u)));
        return out;
      });
    });
  }

  private io.vertx.core.Future<Void> list(Op op, ChannelKey ch, List<String> uids) {
    return channels.mutate(new ChannelCommand(op, ch, null, uids, false));
  }

  private List<String> uids(Body b, boolean required) {
    List<String> uids = b.ids("uids", idMax);
    if (required && uids.isEmpty()) {
      throw JindouException.invalid("uids must name at least one uid");
    }
    return uids;
  }

  private ChannelKey key(Body b, boolean typeRequired) {
    String id = b.id("channel_id", idMax, true);
    long type = typeRequired ? b.requiredInteger("channel_type", 0, 255) : b.integer("channel_type", 0, 0, 255);
    if (type == 0 && !typeRequired) {
      type = ChannelType.GROUP;
    }
    if (!ChannelType.isValid(type)) {
      throw JindouException.invalid("channel_type must be one of 1..12, got " + type);
    }
    return new ChannelKey(id, (int) type);
  }

  private List<String> subscribers(Body b) {
    List<String> subs = b.ids("subscribers", idMax);
    if (subs.isEmpty()) {
      throw JindouException.invalid("subscribers must name at least one uid");
    }
    return subs;
  }

  private static ChannelKey notPerson(ChannelKey ch) {
    if (ch.type() == ChannelType.PERSON) {
      throw JindouException.invalid("this operation is not supported on person channels (type 1)");
    }
    return ch;
  }

  private static ChannelInfo info(Body b) {
    return new ChannelInfo(b.flag("ban"), b.flag("disband"), b.flag("send_ban"), b.flag("allow_stranger"),
        b.flag("large"));
  }
}
