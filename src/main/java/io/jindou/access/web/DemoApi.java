package io.jindou.access.web;

import io.jindou.access.http.Api;
import io.jindou.channel.ChannelService;
import io.jindou.model.ChannelKey;
import io.jindou.model.ChannelType;
import io.jindou.model.JindouException;
import io.jindou.model.Reason;
import io.jindou.user.UserService;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * The chat demo's API, {@code POST /demo/api/*}, open without the manager token so the demo page never holds it.
 * {@code token} hands out a demo token for a uid (web device flag, slave level) and stores it through
 * {@code /user/token}; every other call must carry that uid's demo token ({@code Authorization: Bearer …} and
 * {@code X-Demo-Uid}) and runs one documented API operation as that uid only: its conversation list, the history
 * of channels it may read, its own read cursor, who of some uids is online, and joining {@code demo-*} groups.
 * Sending is not here: the page sends over its own WebSocket connection. When the demo is off every call is 403.
 * It never accepts the uid to act for from the body, never issues a token for a system uid or for a uid whose web
 * token the demo did not issue, and never touches a group outside {@code demo-*}.
 */
final class DemoApi {
  static final String TOKEN_PREFIX = "demo.";
  static final String GROUP_PREFIX = "demo-";
  static final int WEB = 1;
  private static final Pattern UID = Pattern.compile("[A-Za-z0-9_.-]{1,32}");
  private static final Pattern GROUP = Pattern.compile("demo-[A-Za-z0-9_.-]{1,40}");
  private static final int MAX_UIDS = 100;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final boolean enabled;
  private final ApiCalls api;
  private final UserService users;
  private final ChannelService channels;

  DemoApi(boolean enabled, ApiCalls api, UserService users, ChannelService channels) {
    this.enabled = enabled;
    this.api = api;
    this.users = users;
    this.channels = channels;
  }

  void mount(Router r) {
    r.route("/demo/api/*").handler(this::guard);
    r.post("/demo/api/*").handler(BodyHandler.create(false).setBodyLimit(64 * 1024));
    r.post("/demo/api/token").handler(rc -> respond(rc, () -> token(object(rc))));
    as(r, "/demo/api/conversation/sync", this::conversations);
    as(r, "/demo/api/channel/messagesync", this::history);
    as(r, "/demo/api/conversations/clearUnread", (uid, rc) -> {
      JsonObject b = object(rc);
      return api.post("/conversations/clearUnread", channel(b).put("uid", uid));
    });
    as(r, "/demo/api/user/onlinestatus", (uid, rc) -> online(array(rc)));
    as(r, "/demo/api/group/join", this::join);
    r.route("/demo/api/*").handler(rc -> respond(rc, () -> {
      throw new JindouException(JindouException.Kind.NOT_FOUND, Reason.UNKNOWN,
          "no such demo endpoint: " + rc.request().method() + " " + rc.request().path());
    }));
  }

  /** Headers, the on/off switch, and JSON bodies only (a cross-site form cannot post here without a preflight). */
  private void guard(RoutingContext rc) {
    SecurityHeaders.common(rc.response());
    rc.response().putHeader("Cache-Control", "no-store");
    if (!enabled) {
      respond(rc, () -> {
        throw JindouException.denied(Reason.UNKNOWN, "the chat demo is off on this server (demo_enabled)");
      });
      return;
    }
    if (rc.request().method() != io.vertx.core.http.HttpMethod.POST) {
      rc.response().setStatusCode(405).putHeader("Allow", "POST").putHeader("Content-Type", "application/json")
          .end(new JsonObject().put("msg", "the demo API takes POST").put("status", 405).toBuffer());
      return;
    }
    String ct = rc.request().getHeader("Content-Type");
    if (ct == null || !ct.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      rc.response().setStatusCode(415).putHeader("Content-Type", "application/json").end(new JsonObject()
          .put("msg", "the demo API takes application/json").put("status", 415).toBuffer());
      return;
    }
    rc.next();
  }

  /** {"uid"} → {"uid","token","device_flag"}: the uid's demo token, created on first use. */
  private Future<JsonObject> token(JsonObject b) {
    String uid = text(b, "uid");
    if (!UID.matcher(uid).matches() || uid.startsWith("____") || users.isSystemUid(uid)) {
      throw JindouException.invalid("a demo uid is 1-32 letters, digits, '.', '_' or '-' and not a system uid, got \""
          + uid + "\"");
    }
    return users.token(uid, WEB).compose(stored -> {
      if (stored != null) {
        if (stored.token().startsWith(TOKEN_PREFIX)) {
          return Future.succeededFuture(answer(uid, stored.token()));
        }
        return Future.failedFuture(new JindouException(JindouException.Kind.CONFLICT, Reason.UNKNOWN, "uid " + uid
            + " already has a web token that the demo did not issue; pick another uid"));
      }
      byte[] secret = new byte[16];
      RANDOM.nextBytes(secret);
      String token = TOKEN_PREFIX + HexFormat.of().formatHex(secret);
      return api.post("/user/token", new JsonObject().put("uid", uid).put("token", token).put("device_flag", WEB)
          .put("device_level", 0)).map(v -> answer(uid, token));
    });
  }

  private static JsonObject answer(String uid, String token) {
    return new JsonObject().put("uid", uid).put("token", token).put("device_flag", WEB);
  }

  private Future<?> conversations(String uid, RoutingContext rc) {
    JsonObject b = object(rc);
    JsonObject q = new JsonObject().put("uid", uid).put("msg_count", bounded(b, "msg_count", 1, 0, 20))
        .put("page_size", bounded(b, "page_size", 100, 1, 100)).put("only_unread", bounded(b, "only_unread", 0, 0, 1));
    if (b.getValue("last_msg_seqs") instanceof String s) {
      q.put("last_msg_seqs", s);
    }
    return api.post("/conversation/sync", q);
  }

  private Future<?> history(String uid, RoutingContext rc) {
    JsonObject b = object(rc);
    return api.post("/channel/messagesync", channel(b).put("login_uid", uid)
        .put("start_message_seq", bounded(b, "start_message_seq", 0, 0, Long.MAX_VALUE))
        .put("end_message_seq", bounded(b, "end_message_seq", 0, 0, Long.MAX_VALUE))
        .put("limit", bounded(b, "limit", 50, 1, 200)).put("pull_mode", bounded(b, "pull_mode", 0, 0, 1)));
  }

  private Future<?> online(JsonArray uids) {
    if (uids.size() > MAX_UIDS) {
      throw JindouException.invalid("at most " + MAX_UIDS + " uids per call, got " + uids.size());
    }
    return api.postArray("/user/onlinestatus", uids);
  }

  /** Joins a demo group, creating it when it does not exist yet (an existing group's flags are left alone). */
  private Future<?> join(String uid, RoutingContext rc) {
    String group = text(object(rc), "channel_id");
    if (!GROUP.matcher(group).matches()) {
      throw JindouException.invalid("the demo only opens groups named " + GROUP_PREFIX
          + "… (letters, digits, '.', '_', '-'; up to 45 characters), got \"" + group + "\"");
    }
    JsonObject body = new JsonObject().put("channel_id", group).put("channel_type", ChannelType.GROUP)
        .put("subscribers", new JsonArray().add(uid));
    return channels.facts(new ChannelKey(group, ChannelType.GROUP))
        .compose(f -> api.post(f.exists() ? "/channel/subscriber_add" : "/channel", body))
        .map(v -> new JsonObject().put("channel_id", group).put("channel_type", ChannelType.GROUP));
  }

  /** The caller's uid, once its demo token checks out against the stored one; 401 otherwise. */
  private Future<String> caller(RoutingContext rc) {
    String uid = rc.request().getHeader("X-Demo-Uid");
    String auth = rc.request().getHeader("Authorization");
    String token = auth != null && auth.startsWith("Bearer ") ? auth.substring(7).trim() : "";
    if (uid == null || !UID.matcher(uid).matches() || !token.startsWith(TOKEN_PREFIX)) {
      return Future.failedFuture(unauthorized("a demo call needs X-Demo-Uid and Authorization: Bearer <demo token>"));
    }
    return users.token(uid, WEB).compose(stored -> stored != null && MessageDigest.isEqual(
        stored.token().getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))
        ? Future.succeededFuture(uid) : Future.failedFuture(unauthorized("the demo token is not " + uid + "'s")));
  }

  private void as(Router r, String path, BiFunction<String, RoutingContext, Future<?>> op) {
    r.post(path).handler(rc -> respond(rc, () -> caller(rc).compose(uid -> op.apply(uid, rc))));
  }

  private static void respond(RoutingContext rc, java.util.function.Supplier<Future<?>> call) {
    Future<?> f;
    try {
      f = call.get();
    } catch (RuntimeException e) {
      f = Future.failedFuture(e);
    }
    f.onComplete(ar -> {
      if (ar.failed()) {
        Api.fail(rc, ar.cause());
        return;
      }
      Object v = ar.result();
      Buffer body = v instanceof Buffer b ? b : v == null ? Api.OK.toBuffer() : Json.encodeToBuffer(v);
      rc.response().putHeader("Content-Type", "application/json").end(body);
    });
  }

  private static JindouException unauthorized(String why) {
    return new JindouException(JindouException.Kind.UNAUTHORIZED, Reason.AUTH_FAIL, why);
  }

  /** {@code channel_id} and a {@code channel_type} of 1 (person) or 2 (group): the only kinds the demo shows. */
  private static JsonObject channel(JsonObject b) {
    return new JsonObject().put("channel_id", text(b, "channel_id"))
        .put("channel_type", bounded(b, "channel_type", -1, 1, 2));
  }

  private static String text(JsonObject b, String field) {
    if (!(b.getValue(field) instanceof String s) || s.isBlank()) {
      throw JindouException.invalid(field + " is required (a non-blank string)");
    }
    return s;
  }

  /** An integer field within [min, max]; {@code dflt} when absent (a default below min means required). */
  private static long bounded(JsonObject b, String field, long dflt, long min, long max) {
    Object v = b.getValue(field);
    if (v == null && dflt >= min) {
      return dflt;
    }
    if (!(v instanceof Number n) || n.doubleValue() != n.longValue() || n.longValue() < min || n.longValue() > max) {
      throw JindouException.invalid(field + " must be an integer between " + min + " and " + max + ", got " + v);
    }
    return n.longValue();
  }

  private static JsonObject object(RoutingContext rc) {
    Object v = parse(rc);
    if (v instanceof JsonObject o) {
      return o;
    }
    throw JindouException.invalid("the request body must be a JSON object");
  }

  private static JsonArray array(RoutingContext rc) {
    Object v = parse(rc);
    if (v instanceof JsonArray a) {
      for (Object e : a) {
        if (!(e instanceof String)) {
          throw JindouException.invalid("the request body must be an array of uid strings");
        }
      }
      return a;
    }
    throw JindouException.invalid("the request body must be a JSON array of uids");
  }

  private static Object parse(RoutingContext rc) {
    Buffer b = rc.body().buffer();
    if (b == null || b.length() == 0) {
      return null;
    }
    try {
      Object v = Json.decodeValue(b);
      if (v instanceof java.util.Map<?, ?> m) {
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> map = (java.util.Map<String, Object>) m;
        return new JsonObject(map);
      }
      return v instanceof List<?> l ? new JsonArray(new java.util.ArrayList<>(l)) : v;
    } catch (io.vertx.core.json.DecodeException e) {
      throw JindouException.invalid("malformed JSON");
    }
  }
}
