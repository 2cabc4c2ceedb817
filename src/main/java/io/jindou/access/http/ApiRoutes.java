package io.jindou.access.http;

import io.jindou.access.json.Body;
import io.jindou.access.json.JsonApi;
import io.jindou.model.JindouException;
import io.jindou.model.MessageChange;
import io.jindou.usecase.ManageChannels.ListKind;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The WuKongIM JSON endpoints of the HTTP API (spec http-api, seed-message-send): each path bound to its
 * {@link JsonApi} operation, the one the event-bus API calls too. GET endpoints pass their query parameters
 * as a body. The route table only: no rules, no shapes.
 */
final class ApiRoutes {
  private ApiRoutes() {
  }

  static void register(Router r, JsonApi api) {
    Api.post(r, "/message/send", api::send);
    Api.post(r, "/message/sendbatch", api::sendBatch);
    Api.postWithQuery(r, "/message/event", (b, q) -> api.event(b, "1".equals(q.get("force"))
        || "true".equals(q.get("force"))));
    Api.post(r, "/message/eventsync", api::eventSync);
    Api.post(r, "/stream/open", api::streamOpen);
    Api.post(r, "/stream/close", api::streamClose);
    Api.post(r, "/channel/messagesync", api::messageSync);
    Api.get(r, "/channel/max_message_seq", rc -> api.maxSeq(query(rc, false)));
    Api.post(r, "/messages", api::messages);
    Api.post(r, "/message", api::message);
    Api.get(r, "/message/byclientmsgno", rc -> api.byClientMsgNo(query(rc, true)));
    Api.get(r, "/channel/last_message", rc -> api.lastMessage(query(rc, true)));
    Api.post(r, "/channel/messagesyncbatch", api::messageSyncBatch);
    Api.post(r, "/message/revoke", b -> api.changeMessage(MessageChange.Op.REVOKE, b));
    Api.post(r, "/message/edit", b -> api.changeMessage(MessageChange.Op.EDIT, b));
    Api.post(r, "/message/delete", b -> api.changeMessage(MessageChange.Op.DELETE, b));
    Api.post(r, "/message/reaction", b -> api.changeMessage(MessageChange.Op.REACTION_ADD, b));
    Api.post(r, "/message/extra/sync", api::extraSync);
    Api.post(r, "/message/readed", api::readed);
    Api.post(r, "/message/receipt/list", api::receiptList);

    Api.post(r, "/channel", api::channelCreate);
    Api.post(r, "/channel/info", api::channelInfo);
    Api.post(r, "/channel/delete", api::channelDelete);
    Api.post(r, "/channel/clear", api::channelClear);
    Api.post(r, "/channel/retention", api::channelRetention);
    Api.post(r, "/channel/subscriber_add", api::subscriberAdd);
    Api.post(r, "/channel/subscriber_remove", api::subscriberRemove);
    Api.post(r, "/channel/subscriber_remove_all", api::subscriberRemoveAll);
    for (ListKind list : ListKind.values()) {
      String name = list == ListKind.BLACK ? "blacklist" : "whitelist";
      Api.post(r, "/channel/" + name + "_add", b -> api.listAdd(list, b));
      Api.post(r, "/channel/" + name + "_set", b -> api.listSet(list, b));
      Api.post(r, "/channel/" + name + "_remove", b -> api.listRemove(list, b));
      Api.post(r, "/channel/" + name + "_remove_all", b -> api.listRemoveAll(list, b));
    }
    Api.get(r, "/channel/whitelist", rc -> api.whitelist(query(rc, true, "offset")));
    Api.post(r, "/tmpchannel/subscriber_set", api::tempSubscriberSet);
    Api.get(r, "/tag", rc -> api.tag(query(rc, false, "node_id")));
    Api.get(r, "/tags", rc -> api.tags(query(rc, false, "node_id")));
    Api.post(r, "/tag/remove", api::tagRemove);

    Api.post(r, "/conversation/sync", api::conversationSync);
    Api.post(r, "/conversation/syncByChannels", api::syncByChannels);
    Api.post(r, "/conversation/syncMessages", api::syncMessages);
    Api.post(r, "/conversation/channels", api::conversationChannels);
    Api.post(r, "/conversation/list", api::conversationList);
    Api.post(r, "/conversations/clearUnread", api::clearUnread);
    Api.post(r, "/conversations/setUnread", api::setUnread);
    Api.post(r, "/conversations/delete", api::conversationDelete);
    Api.post(r, "/message/sync", api::commandSync);
    Api.post(r, "/message/syncack", api::commandAck);

    Api.post(r, "/user/token", api::token);
    Api.get(r, "/user/systemuids", rc -> api.systemUids());
    Api.post(r, "/user/systemuids_add", api::systemUidsAdd);
    Api.post(r, "/user/systemuids_remove", api::systemUidsRemove);
    Api.post(r, "/user/device_quit", api::deviceQuit);
    Api.post(r, "/user/erase", api::userErase);
    Api.postArray(r, "/user/onlinestatus", api::onlineStatus);
    Api.post(r, "/conn/kick", b -> api.closeConnection(b, true));
    Api.post(r, "/conn/remove", b -> api.closeConnection(b, false));
  }

  /**
   * The query parameters as a body, {@code channel_type} as a number; {@code typeAlways}: an absent one is 0
   * (which the operation then refuses as no channel type).
   */
  private static Body query(RoutingContext rc, boolean typeAlways, String... numbers) {
    JsonObject q = new JsonObject();
    Api.query(rc).forEach(e -> q.put(e.getKey(), e.getValue()));
    String type = q.getString("channel_type");
    if (type != null || typeAlways) {
      try {
        q.put("channel_type", type == null ? 0 : Long.parseLong(type));
      } catch (NumberFormatException e) {
        throw JindouException.invalid("channel_type must be an integer between 1 and 12, got \"" + type + "\"");
      }
    }
    for (String name : numbers) {
      String v = q.getString(name);
      if (v != null) {
        try {
          q.put(name, Long.parseLong(v));
        } catch (NumberFormatException e) {
          throw JindouException.invalid(name + " must be an integer, got \"" + v + "\"");
        }
      }
    }
    return new Body(q);
  }
}
