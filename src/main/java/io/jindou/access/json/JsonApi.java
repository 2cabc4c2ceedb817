package io.jindou.access.json;

import io.jindou.usecase.ChannelMessages;
import io.jindou.usecase.ManageChannels.ListKind;
import io.jindou.usecase.UseCases;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The JSON operations of the WuKongIM API, each one parse → use case → render, shared by the HTTP API and the
 * event-bus API so that both take the same body to the same call and give the same answer (the browser edge
 * calls them too, for its demo API and the console reads). A {@code Void}
 * result is answered with {@code {"status":200}} by the edge. A refused request fails (or throws) a
 * {@link io.jindou.model.JindouException}; the edge maps it with {@link Errors}. It holds no rules and no state,
 * and knows nothing of HTTP or the event bus.
 */
public final class JsonApi {
  private final UseCases uc;
  private final int payloadMaxBytes;
  private final boolean manager;

  /** An API whose callers did not prove to be the manager (no manager token is checked on their way in). */
  public JsonApi(UseCases uc) {
    this(uc, false);
  }

  /**
   * {@code manager}: every call reached here carrying the manager token (the HTTP edge checked it), so a message
   * change without {@code from_uid} is the manager's moderation.
   */
  public JsonApi(UseCases uc, boolean manager) {
    this.uc = uc;
    this.payloadMaxBytes = uc.limits().payloadMaxBytes();
    this.manager = manager;
  }

  // ---- messages

  /** {@code /message/send}; with a {@code stream_no} of an open stream, a chunk of it. */
  public Future<JsonObject> send(Body b) {
    return uc.streams().sendOrChunk(SendJson.request(b, payloadMaxBytes)).map(SendJson::reply);
  }

  /** {@code /stream/open}: {@code {"stream_no"}}. */
  public Future<JsonObject> streamOpen(Body b) {
    return uc.streams().open(SendJson.request(b, payloadMaxBytes)).map(no -> new JsonObject().put("stream_no", no));
  }

  /** {@code /stream/close}. */
  public Future<Void> streamClose(Body b) {
    int type = b.has("channel_type") ? (int) b.integer("channel_type", 0, 0, 255) : -1;
    return uc.streams().close(b.str("channel_id", true), type, b.str("from_uid", false), b.str("stream_no", true));
  }

  public Future<JsonObject> sendBatch(Body b) {
    return uc.sends().sendBatch(SendJson.batch(b, payloadMaxBytes)).map(SendJson::batchReply);
  }

  /** {@code /message/event}; {@code force} also from WuKongIM's {@code ?force=1}. */
  public Future<JsonObject> event(Body b, boolean force) {
    var r = StreamJson.event(b, force);
    return uc.streams().event(r).map(res -> StreamJson.eventReply(r, res));
  }

  public Future<JsonObject> event(Body b) {
    return event(b, false);
  }

  public Future<JsonObject> eventSync(Body b) {
    return uc.streams().sync(StreamJson.sync(b)).map(StreamJson::syncReply);
  }

  public Future<JsonObject> messageSync(Body b) {
    var r = ReadJson.sync(b);
    return uc.reads().sync(r).map(p -> ReadJson.page(p, r.channel().loginUid()));
  }

  /** {@code /channel/max_message_seq} (its query parameters as a body). */
  public Future<JsonObject> maxSeq(Body b) {
    return uc.reads().maxSeq(ReadJson.channel(b)).map(ReadJson::maxSeq);
  }

  public Future<JsonObject> messages(Body b) {
    var r = ReadJson.lookup(b);
    return uc.reads().lookup(r).map(p -> ReadJson.found(p, r.channel().loginUid()));
  }

  public Future<JsonObject> message(Body b) {
    var r = ReadJson.single(b);
    return uc.reads().message(r).map(m -> ReadJson.one(m, r.channel().loginUid()));
  }

  /** {@code GET /message/byclientmsgno} (its query parameters as a body): MessageResp or {@code {"status":404}}. */
  public Future<JsonObject> byClientMsgNo(Body b) {
    var channel = ReadJson.channel(b);
    return uc.reads().byClientMsgNo(channel, b.str("client_msg_no", false))
        .map(m -> ReadJson.one(m, channel.loginUid()));
  }

  /** {@code GET /channel/last_message} (its query parameters as a body): MessageResp or {@code {"status":404}}. */
  public Future<JsonObject> lastMessage(Body b) {
    var channel = ReadJson.channel(b);
    return uc.reads().lastMessage(channel).map(m -> ReadJson.one(m, channel.loginUid()));
  }

  public Future<JsonObject> messageSyncBatch(Body b) {
    String login = b.str("login_uid", false);
    return uc.reads().syncBatch(login, ReadJson.syncBatch(b)).map(ps -> ReadJson.batch(ps, login));
  }

  // ---- message changes

  /**
   * {@code /message/revoke}, {@code /message/edit}, {@code /message/delete} and {@code /message/reaction}
   * ({@code op} REVOKE, EDIT, DELETE or REACTION_ADD; the body picks "for me" and "remove").
   */
  public Future<JsonObject> changeMessage(io.jindou.model.MessageChange.Op op, Body b) {
    var r = ChangeJson.change(b, op, manager, payloadMaxBytes);
    return uc.changes().change(r).map(res -> ChangeJson.changed(res, r.fromUid()));
  }

  /** {@code /message/readed}: {@code {"changed": 0/1}}. */
  public Future<JsonObject> readed(Body b) {
    String uid = b.str("uid", true);
    int type = b.has("channel_type") ? (int) b.integer("channel_type", 0, 0, 255) : -1;
    return uc.changes().readed(uid, b.str("channel_id", true), type, b.integer("message_seq", 0, 0, Long.MAX_VALUE))
        .map(changed -> new JsonObject().put("changed", changed ? 1 : 0));
  }

  public Future<JsonObject> receiptList(Body b) {
    var channel = ChangeJson.syncChannel(b);
    return uc.reads().receipts(channel, ChangeJson.id(b), b.integer("message_seq", 0, 0, Long.MAX_VALUE))
        .map(ChangeJson::receipts);
  }

  /** {@code /channel/retention}: absent values are -1 (the node's default). */
  public Future<Void> channelRetention(Body b) {
    int type = b.has("channel_type") ? (int) b.integer("channel_type", 0, 0, 255) : -1;
    return uc.changes().setRetention(b.str("channel_id", true), type,
        b.integer("retention_days", -1, -1, 36_500), b.integer("retention_max_messages", -1, -1, 1_000_000_000));
  }

  /** {@code /channel/clear}. */
  public Future<Void> channelClear(Body b) {
    int type = b.has("channel_type") ? (int) b.integer("channel_type", 0, 0, 255) : -1;
    return uc.changes().clear(b.str("channel_id", true), type, b.integer("message_seq", 0, 0, Long.MAX_VALUE));
  }

  public Future<JsonObject> extraSync(Body b) {
    var channel = ChangeJson.syncChannel(b);
    return uc.reads().extraSync(channel, ChangeJson.extraVersion(b), ChangeJson.limit(b))
        .map(p -> ChangeJson.extraPage(p, channel.loginUid()));
  }

  // ---- channels

  public Future<Void> tempSubscriberSet(Body b) {
    return uc.channels().setTempSubscribers(ChannelJson.list(b));
  }

  /** {@code GET /tag} (its query parameters as a body). */
  public Future<JsonObject> tag(Body b) {
    return uc.tags().get(b.str("tag_key", false), TagJson.channel(b)).map(TagJson::tag);
  }

  /** {@code GET /tags} (its query parameters as a body). */
  public Future<JsonArray> tags(Body b) {
    int node = (int) b.integer("node_id", 0, 0, 1023);
    return uc.tags().list(node, b.str("tag_key", false), TagJson.channel(b)).map(TagJson::tags);
  }

  public Future<Void> tagRemove(Body b) {
    b.integer("node_id", 0, 0, 1023);
    return uc.tags().remove(b.str("tag_key", false), TagJson.channel(b));
  }

  public Future<Void> channelCreate(Body b) {
    return uc.channels().create(ChannelJson.create(b));
  }

  public Future<Void> channelInfo(Body b) {
    return uc.channels().setInfo(ChannelJson.info(b));
  }

  public Future<Void> channelDelete(Body b) {
    return uc.channels().delete(ChannelJson.channel(b));
  }

  public Future<Void> subscriberAdd(Body b) {
    return uc.channels().addSubscribers(ChannelJson.addSubscribers(b));
  }

  public Future<Void> subscriberRemove(Body b) {
    return uc.channels().removeSubscribers(ChannelJson.removeSubscribers(b));
  }

  public Future<Void> subscriberRemoveAll(Body b) {
    return uc.channels().removeAllSubscribers(ChannelJson.channel(b));
  }

  public Future<Void> listAdd(ListKind list, Body b) {
    return uc.channels().listAdd(list, ChannelJson.list(b));
  }

  public Future<Void> listSet(ListKind list, Body b) {
    return uc.channels().listSet(list, ChannelJson.list(b));
  }

  public Future<Void> listRemove(ListKind list, Body b) {
    return uc.channels().listRemove(list, ChannelJson.list(b));
  }

  public Future<Void> listRemoveAll(ListKind list, Body b) {
    return uc.channels().listRemoveAll(list, ChannelJson.channel(b));
  }

  /** {@code GET /channel/whitelist} (its query parameters as a body). */
  public Future<MoreAnswer> whitelist(Body b) {
    return uc.channels().whitelist(ChannelJson.channel(b), (int) b.integer("offset", 0, 0, Integer.MAX_VALUE))
        .map(p -> new MoreAnswer(ChannelJson.whitelist(p.uids(), p.offset()).toBuffer(), p.more()));
  }

  // ---- conversations

  /**
   * The {@code /conversation/sync} answer as bytes, streamed (HTTP), with {@code more} when it was cut at
   * {@code response_max_bytes} (the HTTP edge sends it as a header).
   */
  public Future<MoreAnswer> conversationSync(Body b) {
    var r = ConversationJson.sync(b);
    return uc.conversations().sync(r)
        .map(p -> new MoreAnswer(ConversationJson.encode(p.items(), r.uid()), p.more()));
  }

  /** The {@code /conversation/sync} answer as a JsonArray (the event-bus API; cut the same way, without a flag). */
  public Future<JsonArray> conversationSyncArray(Body b) {
    var r = ConversationJson.sync(b);
    return uc.conversations().sync(r).map(p -> ConversationJson.array(p.items(), r.uid()));
  }

  /**
   * {@code /conversation/syncByChannels}: {@code /conversation/sync} items, streamed (HTTP), with {@code more} when
   * cut at {@code response_max_bytes}.
   */
  public Future<MoreAnswer> syncByChannels(Body b) {
    var r = ConversationJson.channels(b);
    return uc.conversations().syncByChannels(r)
        .map(p -> new MoreAnswer(ConversationJson.encode(p.items(), r.uid()), p.more()));
  }

  /** {@code /conversation/syncMessages}, with {@code more} when a channel was cut at {@code response_max_bytes}. */
  public Future<MoreAnswer> syncMessages(Body b) {
    var r = ConversationJson.channels(b);
    return uc.conversations().syncMessages(r).map(rs -> new MoreAnswer(
        ConversationJson.recents(rs, r.uid()).toBuffer(), rs.stream().anyMatch(ChannelMessages::more)));
  }

  public Future<JsonArray> conversationChannels(Body b) {
    return uc.conversations().channels(b.str("uid", false)).map(ConversationJson::channelKeys);
  }

  public Future<JsonObject> conversationList(Body b) {
    var r = ConversationJson.list(b);
    return uc.conversations().list(r).map(res -> ConversationJson.list(res, r.uid()));
  }

  public Future<Void> clearUnread(Body b) {
    return uc.conversations().clearUnread(ConversationJson.conversation(b, false));
  }

  public Future<Void> setUnread(Body b) {
    return uc.conversations().setUnread(ConversationJson.conversation(b, true));
  }

  public Future<Void> conversationDelete(Body b) {
    return uc.conversations().delete(ConversationJson.conversation(b, false));
  }

  public Future<JsonArray> commandSync(Body b) {
    String uid = b.str("uid", false);
    return uc.conversations().commandSync(uid, ConversationJson.commandLimit(b))
        .map(ms -> ConversationJson.commands(ms, uid));
  }

  public Future<Void> commandAck(Body b) {
    String uid = b.str("uid", false);
    return uc.conversations().commandAck(uid, ConversationJson.lastMessageSeq(b));
  }

  // ---- users and connections

  public Future<Void> token(Body b) {
    return uc.users().updateToken(UserJson.token(b));
  }

  public Future<JsonArray> systemUids() {
    return Future.succeededFuture(UserJson.systemUids(uc.users().systemUids()));
  }

  public Future<Void> systemUidsAdd(Body b) {
    return uc.users().addSystemUids(UserJson.uids(b));
  }

  public Future<Void> systemUidsRemove(Body b) {
    return uc.users().removeSystemUids(UserJson.uids(b));
  }

  /** {@code /user/erase}: the audit entry. */
  public Future<JsonObject> userErase(Body b) {
    return uc.erase().erase(b.str("uid", true), b.str("operator", false));
  }

  public Future<Void> deviceQuit(Body b) {
    String uid = b.str("uid", false);
    return uc.users().deviceQuit(uid, UserJson.quitFlag(b));
  }

  /** {@code /user/onlinestatus}: an empty array is answered with {@code {"status":200}}, as WuKongIM does. */
  public Future<JsonArray> onlineStatus(JsonArray uids) {
    var wanted = UserJson.uidArray(uids);
    return wanted.isEmpty() ? Future.succeededFuture(null)
        : uc.nodes().onlineStatus(wanted).map(UserJson::online);
  }

  // ---- the manager console's reads (no WuKongIM endpoint; see ConsoleJson)

  /** {@code GET /manager/api/nodes}: {@code localReady} is what {@code /readyz} says of this node. */
  public Future<JsonObject> nodes(boolean localReady) {
    return Future.succeededFuture(ConsoleJson.nodes(uc.nodes().localNode(), uc.nodes().members(localReady)));
  }

  /** {@code GET /manager/api/channel} (its query parameters as a body). */
  public Future<JsonObject> channelDetails(Body b) {
    return uc.channels().details(ConsoleJson.channel(b), ConsoleJson.subscriberLimit(b)).map(ConsoleJson::channel);
  }

  /** {@code GET /manager/api/user} (its query parameters as a body). */
  public Future<JsonObject> userDevices(Body b) {
    String uid = b.str("uid", false);
    return uc.users().devices(uid).map(ds -> ConsoleJson.devices(uid, ds));
  }

  /** {@code /conn/kick} ({@code kick}) and {@code /conn/remove}. */
  public Future<Void> closeConnection(Body b, boolean kick) {
    long connId = b.integer("conn_id", 0, 1, Long.MAX_VALUE);
    int node = (int) b.integer("node_id", 0, 0, 1023);
    int opNode = (int) b.integer("op_node_id", 0, 0, 1023);
    return uc.nodes().close(connId, node, opNode, kick);
  }
}
