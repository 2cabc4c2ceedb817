package io.jindou.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.model.PersonChannels;
import io.jindou.proto.RecvPacket;
import io.jindou.support.Http;
import io.jindou.support.TestNode;
import io.jindou.support.WkClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The WuKongIM endpoints users still call (issue 21, spec http-api §1 and §1.11), over real HTTP on one node:
 * the V2 lookups ({@code /message/byclientmsgno}, {@code /channel/last_message}), the channel views
 * ({@code /conversation/syncByChannels}, {@code /syncMessages}, {@code /channels}), temp channels
 * ({@code /tmpchannel/subscriber_set} then a send to type 8), tags, and V3 {@code /conversation/list} and
 * {@code /channel/messagesyncbatch} — with WuKongIM's error shapes: 400 {@code {"msg","status":400}} for a bad
 * request, 200 {@code {"status":404}} for a lookup that finds nothing.
 */
class CompatEndpointsTest {
  static TestNode node;
  static Http http;

  @BeforeAll
  static void start() throws Exception {
    node = new TestNode();
    http = node.http;
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  static JsonObject send(String from, String channel, int type, String text, String clientMsgNo) {
    JsonObject body = new JsonObject().put("from_uid", from).put("channel_id", channel).put("channel_type", type)
        .put("payload", b64(text));
    if (clientMsgNo != null) {
      body.put("client_msg_no", clientMsgNo);
    }
    Http.Res r = http.post("/message/send", body);
    assertEquals(200, r.status(), r.toString());
    return r.json();
  }

  static void group(String id, String... members) {
    Http.Res r = http.post("/channel", new JsonObject().put("channel_id", id).put("channel_type", 2)
        .put("subscribers", new JsonArray(List.of(members))));
    assertEquals(200, r.status(), r.toString());
  }

  /** A 400 in WuKongIM's shape, exactly {@code {"msg","status":400}}; returns the message. */
  static String badRequest(Http.Res r) {
    assertEquals(400, r.status(), r.toString());
    JsonObject body = r.json();
    assertEquals(Set.of("msg", "status"), body.fieldNames(), r.toString());
    assertEquals(400, body.getInteger("status"));
    return body.getString("msg");
  }

  static List<String> texts(JsonArray messages) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      out.add(new String(Base64.getDecoder().decode(messages.getJsonObject(i).getString("payload")),
          StandardCharsets.UTF_8));
    }
    return out;
  }

  @Test
  void byClientMsgNoFindsTheFirstMessageAndAnswers404WhenThereIsNone() {
    send("bc-a", "bc-b", 1, "first", "cm-1");
    send("bc-a", "bc-b", 1, "second", "cm-2");
    String fake = PersonChannels.canonical("bc-a", "bc-b");
    Http.Res r = http.get("/message/byclientmsgno?channel_id=" + fake + "&channel_type=1&client_msg_no=cm-2");
    assertEquals(200, r.status(), r.toString());
    assertEquals("second", texts(new JsonArray().add(r.json())).get(0));
    assertEquals(2, r.json().getLong("message_seq"));
    assertEquals("cm-2", r.json().getString("client_msg_no"));

    Http.Res none = http.get("/message/byclientmsgno?channel_id=" + fake + "&channel_type=1&client_msg_no=nope");
    assertEquals(200, none.status());
    assertEquals(new JsonObject().put("status", 404), none.json());
    assertTrue(badRequest(http.get("/message/byclientmsgno?channel_id=" + fake + "&client_msg_no=cm-1"))
        .contains("channel_type"));
    assertTrue(badRequest(http.get("/message/byclientmsgno?channel_id=" + fake + "&channel_type=1"))
        .contains("client_msg_no"));
  }

  @Test
  void lastMessageIsTheChannelsNewestOr404() {
    group("lm-g", "lm-a", "lm-b");
    send("lm-a", "lm-g", 2, "one", null);
    send("lm-b", "lm-g", 2, "two", null);
    Http.Res r = http.get("/channel/last_message?channel_id=lm-g&channel_type=2");
    assertEquals(200, r.status(), r.toString());
    assertEquals(2, r.json().getLong("message_seq"));
    assertEquals("lm-b", r.json().getString("from_uid"));

    send("lm-a", "lm-p", 1, "hi p", null);
    JsonObject person = http.get("/channel/last_message?login_uid=lm-p&channel_id=lm-a&channel_type=1").json();
    assertEquals("hi p", texts(new JsonArray().add(person)).get(0));
    assertEquals("lm-a", person.getString("channel_id"), "shown as the peer of login_uid");

    assertEquals(new JsonObject().put("status", 404),
        http.get("/channel/last_message?channel_id=lm-empty&channel_type=2").json());
    assertTrue(badRequest(http.get("/channel/last_message?channel_id=lm-a&channel_type=1")).contains("login_uid"));
  }

  @Test
  void messageSyncBatchSyncsEachItemAndRefusesTheWholeBatchForOneBadItem() {
    group("sb-g", "sb-me", "sb-x");
    for (int i = 1; i <= 3; i++) {
      send("sb-x", "sb-g", 2, "g" + i, null);
    }
    send("sb-x", "sb-me", 1, "p1", null);
    JsonObject body = new JsonObject().put("login_uid", "sb-me").put("items", new JsonArray()
        .add(new JsonObject().put("channel_id", "sb-g").put("channel_type", 2).put("limit", 2))
        .add(new JsonObject().put("channel_id", "sb-x").put("channel_type", 1).put("include_event_meta", 1)
            .put("event_summary_mode", "basic")));
    Http.Res r = http.post("/channel/messagesyncbatch", body);
    assertEquals(200, r.status(), r.toString());
    JsonArray items = r.json().getJsonArray("items");
    assertEquals(2, items.size());
    assertEquals("sb-g", items.getJsonObject(0).getString("channel_id"));
    assertEquals(List.of("g2", "g3"), texts(items.getJsonObject(0).getJsonArray("messages")));
    assertEquals(1, items.getJsonObject(0).getInteger("more"));
    assertEquals(List.of("p1"), texts(items.getJsonObject(1).getJsonArray("messages")));
    assertEquals("sb-x", items.getJsonObject(1).getJsonArray("messages").getJsonObject(0).getString("channel_id"));

    group("sb-closed", "sb-x");
    body.getJsonArray("items").add(new JsonObject().put("channel_id", "sb-closed").put("channel_type", 2));
    assertTrue(badRequest(http.post("/channel/messagesyncbatch", body)).startsWith("items[2]: "));
    JsonArray many = new JsonArray();
    for (int i = 0; i < 201; i++) {
      many.add(new JsonObject().put("channel_id", "sb-g").put("channel_type", 2));
    }
    assertTrue(badRequest(http.post("/channel/messagesyncbatch", new JsonObject().put("login_uid", "sb-me")
        .put("items", many))).contains("1 to 200"));
    assertTrue(badRequest(http.post("/channel/messagesyncbatch", new JsonObject().put("login_uid", "sb-me")
        .put("items", new JsonArray()))).contains("1 to 200"));
    assertTrue(badRequest(http.post("/channel/messagesyncbatch", new JsonObject().put("login_uid", "sb-me")
        .put("items", new JsonArray().add(new JsonObject().put("channel_id", "sb-g").put("channel_type", 2)
            .put("event_summary_mode", "all"))))).contains("event_summary_mode"));
  }

  @Test
  void syncByChannelsGivesOneItemPerChannelAskedEvenAnEmptyOne() {
    group("bc-g", "by-me", "by-x");
    send("by-x", "bc-g", 2, "hello group", null);
    send("by-x", "by-me", 1, "hello me", null);
    Http.Res r = http.post("/conversation/syncByChannels", new JsonObject().put("uid", "by-me").put("channels",
        new JsonArray().add(new JsonObject().put("channel_id", "by-x").put("channel_type", 1))
            .add(new JsonObject().put("channel_id", "bc-g").put("channel_type", 2))
            .add(new JsonObject().put("channel_id", "by-nobody").put("channel_type", 1))
            .add(new JsonObject().put("channel_id", "not-my-group").put("channel_type", 2))));
    assertEquals(200, r.status(), r.toString());
    JsonArray items = r.array();
    assertEquals(4, items.size());
    JsonObject person = items.getJsonObject(0);
    assertEquals("by-x", person.getString("channel_id"));
    assertEquals(1, person.getLong("unread"));
    assertEquals(List.of("hello me"), texts(person.getJsonArray("recents")));
    assertEquals(List.of("hello group"), texts(items.getJsonObject(1).getJsonArray("recents")));
    assertEquals(1, items.getJsonObject(1).getLong("unread"));
    assertEquals(0, items.getJsonObject(2).getJsonArray("recents").size());
    assertEquals(0, items.getJsonObject(3).getJsonArray("recents").size(), "not a member: nothing shown");
    assertEquals(0, items.getJsonObject(3).getLong("last_msg_seq"));
    assertTrue(badRequest(http.post("/conversation/syncByChannels", new JsonObject().put("uid", "by-me")))
        .contains("channels"));
    assertTrue(badRequest(http.post("/conversation/syncByChannels", new JsonObject().put("uid", "by-me")
        .put("channels", new JsonArray().add(new JsonObject().put("channel_type", 2))))).startsWith("channels[0]"));
  }

  @Test
  void syncMessagesReadsFromTheLastSeqOldestOrNewestFirst() {
    group("sm-g", "sm-me", "sm-x");
    for (int i = 1; i <= 5; i++) {
      send(i == 3 ? "sm-me" : "sm-x", "sm-g", 2, "m" + i, null);
    }
    JsonObject req = new JsonObject().put("uid", "sm-me").put("msg_count", 2).put("channels", new JsonArray()
        .add(new JsonObject().put("channel_id", "sm-g").put("channel_type", 2).put("last_msg_seq", 2)));
    JsonObject oldest = http.post("/conversation/syncMessages", req).array().getJsonObject(0);
    assertEquals(List.of("m2", "m3"), texts(oldest.getJsonArray("messages")));
    assertEquals(3, oldest.getLong("user_last_msg_seq"));
    assertEquals("sm-g", oldest.getString("channel_id"));
    JsonObject newest = http.post("/conversation/syncMessages", req.copy().put("order_by_last", 1)).array()
        .getJsonObject(0);
    assertEquals(List.of("m5", "m4"), texts(newest.getJsonArray("messages")));
    JsonObject all = http.post("/conversation/syncMessages", req.copy().put("msg_count", 0).put("channels",
        new JsonArray().add(new JsonObject().put("channel_id", "sm-g").put("channel_type", 2)))).array()
        .getJsonObject(0);
    assertEquals(List.of("m1", "m2", "m3", "m4", "m5"), texts(all.getJsonArray("messages")));
  }

  @Test
  void conversationChannelsListsTheStorageIds() {
    group("cc-g", "cc-me");
    send("cc-x", "cc-me", 1, "hi", null);
    JsonArray chans = http.post("/conversation/channels", new JsonObject().put("uid", "cc-me")).array();
    Set<JsonObject> got = Set.copyOf(chans.stream().map(o -> (JsonObject) o).toList());
    assertEquals(Set.of(new JsonObject().put("channel_id", "cc-g").put("channel_type", 2),
        new JsonObject().put("channel_id", PersonChannels.canonical("cc-me", "cc-x")).put("channel_type", 1)), got);
    assertTrue(badRequest(http.post("/conversation/channels", new JsonObject())).contains("uid"));
  }

  @Test
  void conversationListPagesWithACursorAndSortsDeletesAndUnread() {
    group("cl-a", "cl-me", "cl-x");
    group("cl-b", "cl-me", "cl-x");
    group("cl-c", "cl-me", "cl-x");
    group("cl-quiet", "cl-me", "cl-x");
    send("cl-x", "cl-a", 2, "a1", null);
    send("cl-x", "cl-a", 2, "a2", null);
    send("cl-me", "cl-a", 2, "mine", null);
    send("cl-x", "cl-a", 2, "a4", null);
    send("cl-x", "cl-b", 2, "b1", null);
    send("cl-x", "cl-c", 2, "c1", null);
    send("cl-x", "cl-me", 1, "p1", null);
    assertEquals(200, http.post("/channel/delete", new JsonObject().put("channel_id", "cl-c").put("channel_type", 2))
        .status());

    List<JsonObject> shown = new ArrayList<>();
    List<JsonObject> deletes = new ArrayList<>();
    String cursor = "";
    int pages = 0;
    JsonObject page;
    do {
      Http.Res r = http.post("/conversation/list", new JsonObject().put("uid", "cl-me").put("cursor", cursor)
          .put("limit", 2));
      assertEquals(200, r.status(), r.toString());
      page = r.json();
      page.getJsonArray("conversations").forEach(o -> shown.add((JsonObject) o));
      page.getJsonArray("deletes").forEach(o -> deletes.add((JsonObject) o));
      assertEquals(0, page.getJsonArray("unresolved").size());
      assertFalse(page.getBoolean("reset_required"));
      cursor = page.getString("next_cursor", "");
      pages++;
    } while (!page.getBoolean("done"));
    assertEquals(3, pages, "5 rows, 2 per page");
    assertFalse(page.containsKey("next_cursor"));
    assertEquals(List.of("cl-a", "cl-b", "cl-x"), shown.stream().map(o -> o.getString("channel_id")).toList(),
        "in channel id order; cl-quiet has no message and is not shown");
    assertEquals(List.of(new JsonObject().put("channel_id", "cl-c").put("channel_type", 2)), deletes);
    JsonObject a = shown.get(0);
    assertEquals(1, a.getLong("unread"), "unread counts after my own last message only");
    assertEquals(4, a.getJsonObject("last_message").getLong("message_seq"));
    assertEquals("cl-x", a.getJsonObject("last_message").getString("from_uid"));
    assertEquals(b64("a4"), a.getJsonObject("last_message").getString("payload"));
    assertEquals(1, shown.get(2).getInteger("channel_type"));

    assertEquals(200, http.post("/conversations/clearUnread", new JsonObject().put("uid", "cl-me")
        .put("channel_id", "cl-a").put("channel_type", 2)).status());
    JsonObject again = http.post("/conversation/list", new JsonObject().put("uid", "cl-me")
        .put("completed_coverage", page.getLong("coverage"))).json();
    assertTrue(again.getBoolean("done"));
    assertTrue(again.getBoolean("reset_required"), "no tombstones are kept: a client with an earlier pass rebuilds");
    assertEquals(0, again.getJsonArray("conversations").getJsonObject(0).getLong("unread"));
    assertEquals(4, again.getJsonArray("conversations").getJsonObject(0).getLong("read_seq"));

    assertTrue(badRequest(http.post("/conversation/list", new JsonObject().put("uid", "cl-me").put("cursor", "zz!")))
        .contains("cursor"));
    assertTrue(badRequest(http.post("/conversation/list", new JsonObject().put("uid", "cl-me").put("limit", 201)))
        .contains("limit"));
    assertTrue(badRequest(http.post("/conversation/list", new JsonObject())).contains("uid"));
  }

  @Test
  void aTempChannelReachesExactlyItsListAndItsTagShowsIt() throws Exception {
    node.token("tmp-1", "t", 0);
    node.token("tmp-2", "t", 0);
    node.token("tmp-out", "t", 0);
    try (WkClient one = WkClient.connect(node.tcpPort, 5, "tmp-1", "t");
        WkClient two = WkClient.connect(node.tcpPort, 5, "tmp-2", "t");
        WkClient out = WkClient.connect(node.tcpPort, 5, "tmp-out", "t")) {
      assertEquals(200, http.post("/tmpchannel/subscriber_set", new JsonObject().put("channel_id", "tmp-c")
          .put("uids", new JsonArray().add("tmp-1").add("tmp-2").add("tmp-offline"))).status());
      send("boss", "tmp-c", 8, "to the temp list", null);
      for (WkClient c : List.of(one, two)) {
        RecvPacket r = c.await(RecvPacket.class, Duration.ofSeconds(10));
        assertEquals("to the temp list", WkClient.text(r));
        assertEquals("tmp-c", r.channelId());
        assertEquals(8, r.channelType());
      }
      assertNull(out.poll(RecvPacket.class, Duration.ofMillis(300)));

      JsonObject tag = http.get("/tag?channel_id=tmp-c&channel_type=8").json();
      assertEquals("8:tmp-c", tag.getString("key"));
      assertEquals(Set.of("tmp-1", "tmp-2", "tmp-offline"), Set.copyOf(tag.getJsonArray("uids").getList()));
      JsonArray nodes = tag.getJsonArray("nodes");
      assertEquals(1, nodes.size(), "one node holds every online recipient");
      assertEquals(Set.of("tmp-1", "tmp-2"), Set.copyOf(nodes.getJsonObject(0).getJsonArray("uids").getList()));
      assertEquals(tag, http.get("/tag?tag_key=8:tmp-c").json());
      JsonArray listed = http.get("/tags?tag_key=8:tmp-c").array();
      assertEquals(List.of(tag), listed.getList().stream().map(o -> JsonObject.mapFrom(o)).toList());
      assertTrue(http.get("/tags").array().stream().anyMatch(o -> "8:tmp-c".equals(((JsonObject) o)
          .getString("key"))), "the owner holds the temp channel in memory");

      assertEquals(200, http.post("/tmpchannel/subscriber_set", new JsonObject().put("channel_id", "tmp-c")
          .put("uids", new JsonArray().add("tmp-2"))).status());
      send("boss", "tmp-c", 8, "only two", null);
      assertEquals("only two", WkClient.text(two.await(RecvPacket.class, Duration.ofSeconds(10))));
      assertNull(one.poll(RecvPacket.class, Duration.ofMillis(300)), "the list was replaced");

      assertEquals(new JsonObject().put("status", 200), http.post("/tag/remove", new JsonObject()
          .put("tag_key", "8:tmp-c")).json());
      assertEquals("tag not found", badRequest(http.get("/tag?channel_id=tmp-c&channel_type=8")));
      assertEquals(new JsonArray(), http.get("/tags?channel_id=tmp-c&channel_type=8").array());
      send("boss", "tmp-c", 8, "to nobody", null);
      assertNull(two.poll(RecvPacket.class, Duration.ofMillis(300)));
    }
    assertTrue(badRequest(http.post("/tmpchannel/subscriber_set", new JsonObject().put("channel_id", "tmp-c")))
        .contains("uids"));
    assertTrue(badRequest(http.post("/tmpchannel/subscriber_set", new JsonObject().put("uids",
        new JsonArray().add("a")))).contains("channel_id"));
    assertTrue(badRequest(http.get("/tag?tag_key=nope")).contains("tag_key"));
    assertTrue(badRequest(http.get("/tags?node_id=7")).contains("node_id"));
  }

  @Test
  void aGroupsTagIsItsSubscribersAndRemovingItOnlyReloadsTheOwner() {
    group("tg-g", "tg-1", "tg-2");
    JsonObject tag = http.get("/tag?channel_id=tg-g&channel_type=2").json();
    assertEquals(Set.of("tg-1", "tg-2"), Set.copyOf(tag.getJsonArray("uids").getList()));
    assertEquals(0, tag.getJsonArray("nodes").size(), "nobody online");
    assertEquals(200, http.post("/tag/remove", new JsonObject().put("channel_id", "tg-g").put("channel_type", 2))
        .status());
    assertEquals(Set.of("tg-1", "tg-2"), Set.copyOf(http.get("/tag?channel_id=tg-g&channel_type=2").json()
        .getJsonArray("uids").getList()), "the subscribers are kept; the owner read them again");
    send("tg-1", "tg-g", 2, "still a member", null);
    String fake = PersonChannels.canonical("tg-1", "tg-2");
    assertEquals(2, http.get("/tag?channel_id=" + fake + "&channel_type=1").json().getJsonArray("uids").size());
    assertTrue(badRequest(http.get("/tag?channel_id=tg-1&channel_type=1")).contains("a@b"));
  }
}
