package io.jindou.access.web;

import io.jindou.access.json.Body;
import io.jindou.access.json.JsonApi;
import io.jindou.access.json.MoreAnswer;
import io.jindou.model.ChannelType;
import io.jindou.model.JindouException;
import io.jindou.model.Reason;
import io.jindou.usecase.DemoAccess;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Locale;
import java.util.function.BiFunction;

/**
 * The chat demo's API, {@code POST /demo/api/*}, open without the manager token so the demo page never holds it.
 * {@code token} hands out a uid's demo token ({@link DemoAccess#issueToken}); every other call must carry that
 * uid's demo token ({@code Authorization: Bearer …} and {@code X-Demo-Uid}, checked by
 * {@link DemoAccess#authenticate}) and runs one documented JSON operation ({@link JsonApi}) as that uid only: its
 * conversation list, the history of channels it may read, its own read cursor, who of some uids is online, and
 * joining a demo group ({@link DemoAccess#joinGroup}). It builds each operation's body itself from the fields a
 * demo page needs, bounded here (small pages, person and group chats only): the uid to act for never comes from
 * the body. Sending is not here: the page sends over its own WebSocket connection. JSON bodies only (415
 * otherwise), so a cross-site form cannot call it; 403 for every call while the demo is off.
 */
final class DemoApi {
  private static final int MAX_UIDS = 100;
  private static final int BODY_LIMIT = 64 * 1024;

  private final DemoAccess demo;
  private final JsonApi json;

  DemoApi(DemoAccess demo, JsonApi json) {
    this.demo = demo;
    this.json = json;
  }

  void mount(Router r) {
    r.route("/demo/api/*").handler(this::guard);
    r.post("/demo/api/*").handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT));
    r.post("/demo/api/token").handler(rc -> Replies.run(rc, () -> demo.issueToken(Replies.object(rc).str("uid", false))
        .map(t -> new JsonObject().put("uid", t.uid()).put("token", t.token()).put("device_flag", t.deviceFlag()))));
    as(r, "/demo/api/conversation/sync", this::conversations);
    as(r, "/demo/api/channel/messagesync", this::history);
    as(r, "/demo/api/conversations/clearUnread",
        (uid, rc) -> json.clearUnread(new Body(channel(Replies.object(rc)).put("uid", uid))));
    as(r, "/demo/api/user/onlinestatus", (uid, rc) -> online(Replies.array(rc)));
    as(r, "/demo/api/group/join", (uid, rc) -> demo.joinGroup(uid, Replies.object(rc).str("channel_id", false))
        .map(ch -> new JsonObject().put("channel_id", ch.id()).put("channel_type", ch.type())));
    r.route("/demo/api/*").handler(rc -> Replies.fail(rc, new JindouException(JindouException.Kind.NOT_FOUND,
        Reason.UNKNOWN, "no such demo endpoint: " + rc.request().method() + " " + rc.request().path())));
  }

  /** Headers, the on/off switch, POST with a JSON body only (a cross-site form cannot post one without a preflight). */
  private void guard(RoutingContext rc) {
    SecurityHeaders.common(rc.response());
    rc.response().putHeader("Cache-Control", "no-store");
    try {
      demo.checkEnabled();
    } catch (JindouException e) {
      Replies.fail(rc, e);
      return;
    }
    if (rc.request().method() != HttpMethod.POST) {
      rc.response().setStatusCode(405).putHeader("Allow", "POST").putHeader("Content-Type", "application/json")
          .end(new JsonObject().put("msg", "the demo API takes POST").put("status", 405).toBuffer());
      return;
    }
    String ct = rc.request().getHeader("Content-Type");
    if (ct == null || !ct.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      rc.response().setStatusCode(415).putHeader("Content-Type", "application/json").end(new JsonObject()
          .put("msg", "the demo API takes application/json").put("status", 415).toBuffer());
      return;
    }
    rc.next();
  }

  /** {@code /conversation/sync} as the uid: {@code msg_count} ≤ 20 (default 1), {@code page_size} ≤ 100. */
  private Future<?> conversations(String uid, RoutingContext rc) {
    Body b = Replies.object(rc);
    JsonObject q = new JsonObject().put("uid", uid).put("msg_count", b.integer("msg_count", 1, 0, 20))
        .put("page_size", b.integer("page_size", 100, 1, 100)).put("only_unread", b.flag("only_unread") ? 1 : 0);
    String seqs = b.str("last_msg_seqs", false);
    if (seqs != null) {
      q.put("last_msg_seqs", seqs);
    }
    return json.conversationSync(new Body(q)).map(MoreAnswer::body); // the demo pages in small pages of its own
  }

  /** {@code /channel/messagesync} read by the uid: person and group chats, {@code limit} ≤ 200 (default 50). */
  private Future<?> history(String uid, RoutingContext rc) {
    Body b = Replies.object(rc);
    return json.messageSync(new Body(channel(b).put("login_uid", uid)
        .put("start_message_seq", b.integer("start_message_seq", 0, 0, Long.MAX_VALUE))
        .put("end_message_seq", b.integer("end_message_seq", 0, 0, Long.MAX_VALUE))
        .put("limit", b.integer("limit", 50, 1, 200)).put("pull_mode", b.integer("pull_mode", 0, 0, 1))));
  }

  private Future<?> online(JsonArray uids) {
    if (uids.size() > MAX_UIDS) {
      throw JindouException.invalid("at most " + MAX_UIDS + " uids per call, got " + uids.size());
    }
    return json.onlineStatus(uids);
  }

  /** Runs {@code op} as the caller, once its demo token checks out (401 otherwise). */
  private void as(Router r, String path, BiFunction<String, RoutingContext, Future<?>> op) {
    r.post(path).handler(rc -> Replies.run(rc, () -> caller(rc).compose(uid -> op.apply(uid, rc))));
  }

  private Future<String> caller(RoutingContext rc) {
    String uid = rc.request().getHeader("X-Demo-Uid");
    String auth = rc.request().getHeader("Authorization");
    if (uid == null || auth == null || !auth.startsWith("Bearer ")) {
      return Future.failedFuture(new JindouException(JindouException.Kind.UNAUTHORIZED, Reason.AUTH_FAIL,
          "a demo call needs X-Demo-Uid and Authorization: Bearer <demo token>"));
    }
    return demo.authenticate(uid, auth.substring(7).trim());
  }

  /** {@code channel_id} and a {@code channel_type} of 1 (person) or 2 (group): the only chats the demo shows. */
  private static JsonObject channel(Body b) {
    if (!b.has("channel_type")) {
      throw JindouException.invalid("channel_type is required");
    }
    return new JsonObject().put("channel_id", b.str("channel_id", true))
        .put("channel_type", b.integer("channel_type", 0, ChannelType.PERSON, ChannelType.GROUP));
  }
}
