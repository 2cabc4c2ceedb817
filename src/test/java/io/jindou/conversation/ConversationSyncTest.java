package io.jindou.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.proto.Flags;
import io.jindou.proto.RecvPacket;
import io.jindou.proto.SendackPacket;
import io.jindou.support.Http;
import io.jindou.support.TestNode;
import io.jindou.support.WkClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** /conversation/sync shapes and options, the offline-client flow, and command messages end to end. */
class ConversationSyncTest {
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

  static void send(String from, String to, int type, String text) {
    Http.Res r = http.post("/message/send", new JsonObject().put("from_uid", from).put("channel_id", to)
        .put("channel_type", type).put("payload", java.util.Base64.getEncoder().encodeToString(text.getBytes())));
    assertEquals(200, r.status(), r.toString());
  }

  static JsonArray sync(JsonObject req) {
    Http.Res r = http.post("/conversation/sync", req);
    assertEquals(200, r.status(), r.toString());
    return r.array();
  }

  static JsonObject find(JsonArray a, String channelId) {
    for (int i = 0; i < a.size(); i++) {
      if (a.getJsonObject(i).getString("channel_id").equals(channelId)) {
        return a.getJsonObject(i);
      }
    }
    return null;
  }

  @Test
  void offlineClientCatchesUpWithUnreadCountsRecentsAndHistory() {
    http.post("/channel", new JsonObject().put("channel_id", "team").put("channel_type", 2)
        .put("subscribers", new JsonArray().add("off").add("mate")));
    for (int i = 1; i <= 25; i++) {
      send("mate", "team", 2, "team " + i);
    }
    send("friend", "off", 1, "psst");
    send("off", "friend", 1, "my own reply");
    send("friend", "off", 1, "again");

    JsonArray convs = sync(new JsonObject().put("uid", "off").put("msg_count", 20));
    JsonObject team = find(convs, "team");
    assertEquals(25, team.getLong("unread"));
    assertEquals(25, team.getLong("last_msg_seq"));
    assertEquals(20, team.getJsonArray("recents").size());
    assertEquals(25, team.getJsonArray("recents").getJsonObject(0).getLong("message_seq"), "recents newest first");
    JsonObject friend = find(convs, "friend");
    assertEquals(1, friend.getLong("unread"), "own messages never count; only the one after it does");
    assertEquals("friend", friend.getJsonArray("recents").getJsonObject(0).getString("channel_id"));
    assertEquals("team", convs.getJsonObject(0).getString("channel_id").equals("friend") ? "team"
        : convs.getJsonObject(0).getString("channel_id"), "newest conversation first");

    JsonObject history = http.post("/channel/messagesync", new JsonObject().put("login_uid", "off")
        .put("channel_id", "team").put("channel_type", 2).put("start_message_seq", 5).put("limit", 10)).json();
    assertEquals(5, history.getJsonArray("messages").size());
    assertEquals(1L, history.getJsonArray("messages").getJsonObject(0).getLong("message_seq"));

    assertEquals(200, http.post("/conversations/clearUnread", new JsonObject().put("uid", "off")
        .put("channel_id", "team").put("channel_type", 2)).status());
    assertEquals(0, find(sync(new JsonObject().put("uid", "off").put("msg_count", 1)), "team").getLong("unread"));
    assertEquals(null, find(sync(new JsonObject().put("uid", "off").put("version", 1).put("msg_count", 1)), "team"),
        "incremental sync leaves out read conversations");
  }

  @Test
  void msgCountZeroStillListsConversationsAndPagesAreStable() {
    for (int i = 0; i < 7; i++) {
      send("p" + i, "pager", 1, "hello " + i);
    }
    JsonArray all = sync(new JsonObject().put("uid", "pager").put("msg_count", 0));
    assertEquals(7, all.size(), "msg_count 0 returns the list, without recents");
    assertEquals(0, all.getJsonObject(0).getJsonArray("recents").size());
    List<String> paged = new ArrayList<>();
    for (int page = 1; page <= 3; page++) {
      JsonArray p = sync(new JsonObject().put("uid", "pager").put("page", page).put("page_size", 3));
      p.forEach(o -> paged.add(((JsonObject) o).getString("channel_id")));
    }
    List<String> whole = new ArrayList<>();
    all.forEach(o -> whole.add(((JsonObject) o).getString("channel_id")));
    assertEquals(whole, paged);
    assertEquals(0, sync(new JsonObject().put("uid", "pager").put("page", 4).put("page_size", 3)).size());
  }

  @Test
  void lastMsgSeqsAndExcludedTypes() {
    http.post("/channel", new JsonObject().put("channel_id", "club").put("channel_type", 2)
        .put("subscribers", new JsonArray().add("ls").add("other")));
    send("other", "club", 2, "1");
    send("other", "club", 2, "2");
    send("x1", "ls", 1, "dm");
    JsonArray upToDate = sync(new JsonObject().put("uid", "ls").put("last_msg_seqs", "club:2:2|garbage|x1:1:0")
        .put("msg_count", 5));
    assertEquals(null, find(upToDate, "club"), "the client already has seq 2");
    assertEquals(1, find(upToDate, "x1").getJsonArray("recents").size());
    JsonArray noGroups = sync(new JsonObject().put("uid", "ls").put("exclude_channel_types", new JsonArray().add(2)));
    assertEquals(null, find(noGroups, "club"));
    assertTrue(find(noGroups, "x1") != null);
  }

  @Test
  void setUnreadMarksAsUnreadAndDeleteHidesUntilANewerMessage() {
    http.post("/channel", new JsonObject().put("channel_id", "mark").put("channel_type", 2)
        .put("subscribers", new JsonArray().add("mu").add("mo")));
    for (int i = 0; i < 5; i++) {
      send("mo", "mark", 2, "m" + i);
    }
    JsonObject target = new JsonObject().put("uid", "mu").put("channel_id", "mark").put("channel_type", 2);
    http.post("/conversations/clearUnread", target);
    http.post("/conversations/setUnread", target.copy().put("unread", 2));
    assertEquals(2, find(sync(new JsonObject().put("uid", "mu")), "mark").getLong("unread"));
    http.post("/conversations/setUnread", target.copy().put("unread", 99));
    assertEquals(5, find(sync(new JsonObject().put("uid", "mu")), "mark").getLong("unread"), "capped at visible");
    assertEquals(400, http.post("/conversations/setUnread", target.copy().put("unread", -1)).status());
    http.post("/conversations/delete", target);
    assertEquals(null, find(sync(new JsonObject().put("uid", "mu")), "mark"));
    assertEquals(0, http.post("/channel/messagesync", new JsonObject().put("login_uid", "mu").put("channel_id", "mark")
        .put("channel_type", 2).put("limit", 10)).json().getJsonArray("messages").size());
    send("mo", "mark", 2, "new");
    JsonObject back = find(sync(new JsonObject().put("uid", "mu")), "mark");
    assertEquals(1, back.getLong("unread"));
  }

  @Test
  void commandMessagesAreDeliveredOnlineFetchedOfflineAckedAndSurviveRestart() throws Exception {
    http.post("/channel", new JsonObject().put("channel_id", "ops").put("channel_type", 2)
        .put("subscribers", new JsonArray().add("online").add("offline")));
    node.token("online", "t", 0);
    try (WkClient c = WkClient.connect(node.tcpPort, 6, "online", "t")) {
      cmd("ops", "{\"type\":99,\"cmd\":\"a\"}");
      RecvPacket r = c.await(RecvPacket.class, Duration.ofSeconds(10));
      assertTrue(r.flags().syncOnce());
      assertEquals("ops", r.channelId());
      c.recvack(r);
      c.send(1, "cmd-1", "ops", 2, "{\"type\":99,\"cmd\":\"from-client\"}", new Flags(false, true, false, false));
      assertEquals(1, c.await(SendackPacket.class, Duration.ofSeconds(10)).reasonCode());
    }
    cmd("ops", "{\"type\":99,\"cmd\":\"b\"}");
    JsonObject convs = find(sync(new JsonObject().put("uid", "offline")), "ops");
    assertEquals(null, convs, "commands are never unread and never make a conversation visible");
    assertEquals(0, http.post("/channel/messagesync", new JsonObject().put("login_uid", "offline")
        .put("channel_id", "ops").put("channel_type", 2).put("limit", 10)).json().getJsonArray("messages").size());

    JsonArray pending = http.post("/message/sync", new JsonObject().put("uid", "offline").put("limit", 2)).array();
    assertEquals(2, pending.size());
    assertEquals("ops", pending.getJsonObject(0).getString("channel_id"));
    assertEquals(1L, pending.getJsonObject(0).getLong("message_seq"));
    assertEquals(200, http.post("/message/syncack", new JsonObject().put("uid", "offline")
        .put("last_message_seq", 2)).status());
    node.restart();
    http = node.http;
    JsonArray rest = http.post("/message/sync", new JsonObject().put("uid", "offline")).array();
    assertEquals(1, rest.size(), "acknowledged commands are not resent after a restart");
    assertEquals(3L, rest.getJsonObject(0).getLong("message_seq"));
    node.restart();
    assertEquals(1, http.post("/message/sync", new JsonObject().put("uid", "offline")).array().size(),
        "unacknowledged commands are not lost by a restart");
    assertEquals(400, http.post("/message/syncack", new JsonObject().put("uid", "offline")).status());
  }

  static void cmd(String group, String json) {
    Http.Res r = http.post("/message/send", new JsonObject().put("from_uid", "____system").put("channel_id", group)
        .put("channel_type", 2).put("header", new JsonObject().put("sync_once", 1))
        .put("payload", java.util.Base64.getEncoder().encodeToString(json.getBytes())));
    assertEquals(200, r.status(), r.toString());
  }
}
