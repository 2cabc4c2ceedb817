package io.jindou.access.web;

import io.jindou.access.http.Api;
import io.jindou.channel.ChannelService;
import io.jindou.model.ChannelFacts;
import io.jindou.model.ChannelKey;
import io.jindou.model.ChannelType;
import io.jindou.model.JindouException;
import io.jindou.user.UserService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Read endpoints the manager console needs and the WuKongIM API lacks, mounted behind the same manager-token
 * check as the rest of the API: {@code GET /manager/api/nodes} (the cluster's ready nodes), {@code GET
 * /manager/api/channel} (a channel's flags, subscribers and both lists) and {@code GET /manager/api/user} (a
 * uid's stored device credentials, tokens shown only as a hint). Everything else the console shows comes from
 * the documented endpoints. It only reads: it never changes a channel, a token or a connection.
 */
final class ConsoleApi {
  private static final int[] DEVICE_FLAGS = {0, 1, 2};

  private final ChannelService channels;
  private final UserService users;
  private final Function<ChannelKey, Future<Set<String>>> subscribers;
  private final Supplier<List<Integer>> readyNodes;
  private final int localNode;
  private final BooleanSupplier ready;
  private final int idMax;

  ConsoleApi(ChannelService channels, UserService users, Function<ChannelKey, Future<Set<String>>> subscribers,
      Supplier<List<Integer>> readyNodes, int localNode, BooleanSupplier ready, int idMax) {
    this.channels = channels;
    this.users = users;
    this.subscribers = subscribers;
    this.readyNodes = readyNodes;
    this.localNode = localNode;
    this.ready = ready;
    this.idMax = idMax;
  }

  void mount(Router r) {
    r.route("/manager/api/*").handler(rc -> {
      SecurityHeaders.common(rc.response());
      rc.response().putHeader("Cache-Control", "no-store");
      rc.next();
    });
    Api.get(r, "/manager/api/nodes", rc -> Future.succeededFuture(nodes()));
    Api.get(r, "/manager/api/channel", this::channel);
    Api.get(r, "/manager/api/user", this::user);
  }

  /** {"local_node_id", "nodes":[{"node_id","ready","local"}]}: the ring's members, plus this node if it is not one. */
  private JsonObject nodes() {
    TreeSet<Integer> ids = new TreeSet<>(readyNodes.get());
    boolean localInRing = ids.contains(localNode);
    ids.add(localNode);
    JsonArray out = new JsonArray();
    for (int id : ids) {
      boolean local = id == localNode;
      out.add(new JsonObject().put("node_id", id).put("ready", local ? localInRing && ready.getAsBoolean() : true)
          .put("local", local));
    }
    return new JsonObject().put("local_node_id", localNode).put("nodes", out);
  }

  /** channel_id, channel_type (default 2), limit (subscribers listed, default 200). */
  private Future<JsonObject> channel(RoutingContext rc) {
    String id = required(rc, "channel_id", idMax * 2 + 1);
    int type = number(rc, "channel_type", ChannelType.GROUP, 1, 12);
    int limit = number(rc, "limit", 200, 0, 10_000);
    ChannelKey key = new ChannelKey(id, type);
    Future<ChannelFacts> facts = channels.facts(key);
    Future<Set<String>> subs = type == ChannelType.PERSON ? Future.succeededFuture(Set.of()) : subscribers.apply(key);
    return Future.all(facts, subs).map(v -> {
      ChannelFacts f = facts.result();
      TreeSet<String> sorted = new TreeSet<>(subs.result());
      JsonObject o = new JsonObject().put("channel_id", id).put("channel_type", type).put("exists", f.exists());
      if (f.exists()) {
        o.put("ban", bit(f.info().ban())).put("disband", bit(f.info().disband()))
            .put("send_ban", bit(f.info().sendBan())).put("allow_stranger", bit(f.info().allowStranger()))
            .put("large", bit(f.info().large()));
      }
      return o.put("subscriber_count", sorted.size())
          .put("subscribers", new JsonArray(sorted.stream().limit(limit).map(Object.class::cast).toList()))
          .put("blacklist", sortedArray(f.blacklist())).put("whitelist", sortedArray(f.whitelist()));
    });
  }

  /** uid → {"uid","devices":[{"device_flag","device_level","token_hint"}]}, one per stored credential. */
  private Future<JsonObject> user(RoutingContext rc) {
    String uid = required(rc, "uid", idMax);
    List<Future<JsonObject>> devices = new ArrayList<>();
    for (int flag : DEVICE_FLAGS) {
      devices.add(users.token(uid, flag).map(t -> t == null ? null : new JsonObject().put("device_flag", flag)
          .put("device_level", t.deviceLevel()).put("token_hint", hint(t.token()))));
    }
    return Future.all(devices).map(v -> {
      JsonArray out = new JsonArray();
      devices.stream().map(Future::result).filter(d -> d != null).forEach(out::add);
      return new JsonObject().put("uid", uid).put("devices", out);
    });
  }

  /** Enough of a token to tell two apart, never enough to use it: its first 4 characters and its length. */
  static String hint(String token) {
    return token.length() <= 8 ? "… (" + token.length() + " chars)"
        : token.substring(0, 4) + "… (" + token.length() + " chars)";
  }

  private static int bit(boolean b) {
    return b ? 1 : 0;
  }

  private static JsonArray sortedArray(Set<String> s) {
    return new JsonArray(new ArrayList<Object>(new TreeSet<>(s)));
  }

  private static String required(RoutingContext rc, String name, int max) {
    String v = Api.param(rc, name);
    if (v == null || v.isBlank()) {
      throw JindouException.invalid(name + " is required");
    }
    if (v.length() > max) {
      throw JindouException.invalid(name + " is " + v.length() + " characters long, over the limit of " + max);
    }
    return v;
  }

  private static int number(RoutingContext rc, String name, int dflt, int min, int max) {
    String v = Api.param(rc, name);
    if (v == null || v.isEmpty()) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw JindouException.invalid(name + " must be an integer between " + min + " and " + max + ", got \"" + v + "\"");
  }
}
