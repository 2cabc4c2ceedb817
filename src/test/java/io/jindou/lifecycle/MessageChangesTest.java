package io.jindou.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.support.Http;
import io.jindou.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Recall, edit, delete and reactions over real HTTP on one node: who may do what (403 with a reason, 404, 409),
 * retries that change nothing, and how every read then shows the message — {@code messagesync}, conversation
 * recents and {@code /message/extra/sync} paged by its cursor.
 */
class MessageChangesTest {
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

  static void group(String id, String... members) {
    Http.Res r = http.post("/channel", new JsonObject().put("channel_id", id).put("channel_type", 2)
        .put("subscribers", new JsonArray(List.of(members))));
    assertEquals(200, r.status(), r.toString());
  }

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  static String text(JsonObject m) {
    return new String(Base64.getDecoder().decode(m.getString("payload")), StandardCharsets.UTF_8);
  }

  static long send(String from, String group, String content) {
    Http.Res r = http.post("/message/send", new JsonObject().put("from_uid", from).put("channel_id", group)
        .put("channel_type", 2).put("payload", b64(content)));
    assertEquals(200, r.status(), r.toString());
    return r.json().getLong("message_seq");
  }

  static Http.Res change(String path, String from, String group, long seq, JsonObject more) {
    JsonObject body = new JsonObject().put("channel_id", group).put("channel_type", 2).put("message_seq", seq);
    if (from != null) {
      body.put("from_uid", from);
    }
    return http.post(path, body.mergeIn(more));
  }

  static JsonArray sync(String login, String group) {
    Http.Res r = http.post("/channel/messagesync", new JsonObject().put("login_uid", login).put("channel_id", group)
        .put("channel_type", 2).put("limit", 100));
    assertEquals(200, r.status(), r.toString());
    return r.json().getJsonArray("messages");
  }

  static JsonObject bySeq(JsonArray ms, long seq) {
    for (Object o : ms) {
      if (((JsonObject) o).getLong("message_seq") == seq) {
        return (JsonObject) o;
      }
    }
    return null;
  }

  static JsonObject extraSync(String login, String group, long after, int limit) {
    Http.Res r = http.post("/message/extra/sync", new JsonObject().put("login_uid", login).put("channel_id", group)
        .put("channel_type", 2).put("extra_version", after).put("limit", limit));
    assertEquals(200, r.status(), r.toString());
    return r.json();
  }

  @Test
  void onlyTheSenderRecallsAndARecalledMessageShowsNoPayloadAnywhere() {
    group("lc1", "a", "b");
    long seq = send("a", "lc1", "secret");
    Http.Res other = change("/message/revoke", "b", "lc1", seq, new JsonObject());
    assertEquals(403, other.status(), other.toString());
    assertEquals(101, other.json().getInteger("reason"));
    Http.Res noActor = change("/message/revoke", null, "lc1", seq, new JsonObject());
    assertEquals(400, noActor.status(), "without the manager token a change needs from_uid: " + noActor);
    Http.Res ok = change("/message/revoke", "a", "lc1", seq, new JsonObject());
    assertEquals(200, ok.status(), ok.toString());
    assertEquals(1, ok.json().getInteger("revoke"));
    assertEquals(1, ok.json().getInteger("changed"));
    assertEquals("", ok.json().getString("payload"));
    Http.Res again = change("/message/revoke", "a", "lc1", seq, new JsonObject());
    assertEquals(200, again.status(), "a retried recall is harmless");
    assertEquals(0, again.json().getInteger("changed"));
    assertEquals(ok.json().getLong("extra_version"), again.json().getLong("extra_version"));
    Http.Res edit = change("/message/edit", "a", "lc1", seq, new JsonObject().put("payload", b64("x")));
    assertEquals(409, edit.status(), edit.toString());
    assertEquals(103, edit.json().getInteger("reason"));
    JsonObject seen = bySeq(sync("b", "lc1"), seq);
    assertEquals(1, seen.getInteger("revoke"));
    assertEquals("a", seen.getString("revoker"));
    assertEquals("", seen.getString("payload"));
    Http.Res conv = http.post("/conversation/sync", new JsonObject().put("uid", "b").put("msg_count", 1));
    assertEquals(200, conv.status(), conv.toString());
    JsonObject item = conv.array().stream().map(o -> (JsonObject) o)
        .filter(o -> "lc1".equals(o.getString("channel_id"))).findFirst().orElseThrow();
    JsonObject last = item.getJsonArray("recents").getJsonObject(0);
    assertEquals(1, last.getInteger("revoke"), "the conversation preview shows the recall: " + item);
    assertEquals("", last.getString("payload"));
    assertEquals(1, item.getInteger("unread"), "the recalled message is counted once, as its tombstone");
    assertEquals(200, http.post("/conversations/clearUnread", new JsonObject().put("uid", "b")
        .put("channel_id", "lc1").put("channel_type", 2)).status());
    JsonObject after = http.post("/conversation/sync", new JsonObject().put("uid", "b").put("msg_count", 1)).array()
        .stream().map(o -> (JsonObject) o).filter(o -> "lc1".equals(o.getString("channel_id"))).findFirst()
        .orElseThrow();
    assertEquals(0, after.getInteger("unread"), "and never below zero: " + after);
    Http.Res missing = change("/message/revoke", "a", "lc1", 999, new JsonObject());
    assertEquals(404, missing.status(), missing.toString());
  }

  @Test
  void everyChangeIsPublishedAsAnEvent() throws Exception {
    group("lc4", "a", "b");
    java.util.concurrent.LinkedBlockingQueue<JsonObject> events = new java.util.concurrent.LinkedBlockingQueue<>();
    var consumer = node.server.vertx().eventBus().<JsonObject>consumer("jindou.event.message.extra",
        m -> events.add(m.body()));
    consumer.completion().await(10, java.util.concurrent.TimeUnit.SECONDS);
    try {
      long seq = send("a", "lc4", "hi");
      assertEquals(200, change("/message/edit", "a", "lc4", seq, new JsonObject().put("payload", b64("hi!")))
          .status());
      JsonObject e = events.poll(10, java.util.concurrent.TimeUnit.SECONDS);
      assertEquals("edit", e.getString("action"), String.valueOf(e));
      assertEquals("a", e.getString("actor"));
      assertEquals("lc4", e.getString("channel_id"));
      assertEquals(seq, e.getLong("message_seq"));
      assertEquals(1, e.getInteger("edit_count"));
      assertEquals(b64("hi!"), e.getString("payload"));
      assertEquals(200, change("/message/edit", "a", "lc4", seq, new JsonObject().put("payload", b64("hi!")))
          .status());
      assertEquals(null, events.poll(300, java.util.concurrent.TimeUnit.MILLISECONDS), "no change, no event");
    } finally {
      consumer.unregister();
    }
  }

  @Test
  void theEventBusApiTakesTheSameChanges() throws Exception {
    group("lc7", "a", "b");
    long seq = send("a", "lc7", "via bus");
    var bus = node.server.vertx().eventBus();
    JsonObject reacted = bus.<JsonObject>request("jindou.api.message.reaction", new JsonObject().put("from_uid", "b")
        .put("channel_id", "lc7").put("channel_type", 2).put("message_seq", seq).put("emoji", "y"))
        .await(10, java.util.concurrent.TimeUnit.SECONDS).body();
    assertEquals(1, reacted.getInteger("changed"), reacted.encode());
    JsonObject revoked = bus.<JsonObject>request("jindou.api.message.revoke", new JsonObject().put("from_uid", "a")
        .put("channel_id", "lc7").put("channel_type", 2).put("message_seq", seq))
        .await(10, java.util.concurrent.TimeUnit.SECONDS).body();
    assertEquals(1, revoked.getInteger("revoke"));
    JsonObject page = bus.<JsonObject>request("jindou.api.message.extra.sync", new JsonObject().put("login_uid", "b")
        .put("channel_id", "lc7").put("channel_type", 2).put("extra_version", 0))
        .await(10, java.util.concurrent.TimeUnit.SECONDS).body();
    assertEquals(1, page.getJsonArray("messages").size(), page.encode());
    assertEquals(1, page.getJsonArray("messages").getJsonObject(0).getInteger("revoke"));
  }

  @Test
  void aSystemUidModeratesAnyMessage() {
    group("lc2", "a", "b");
    assertEquals(200, http.post("/user/systemuids_add", new JsonObject().put("uids", new JsonArray().add("mod1")))
        .status());
    long seq = send("b", "lc2", "spam");
    Http.Res ok = change("/message/delete", "mod1", "lc2", seq, new JsonObject().put("for_everyone", 1));
    assertEquals(200, ok.status(), ok.toString());
    assertEquals(1, ok.json().getInteger("is_deleted"));
    JsonObject seen = bySeq(sync("a", "lc2"), seq);
    assertEquals(1, seen.getInteger("is_deleted"));
    assertEquals("", seen.getString("payload"));
  }

  @Test
  void editsReactionsAndDeleteForMeConvergeThroughExtraSync() {
    group("lc3", "a", "b", "c");
    long first = send("a", "lc3", "hello");
    long second = send("a", "lc3", "world");
    Http.Res notSender = change("/message/edit", "b", "lc3", first, new JsonObject().put("payload", b64("x")));
    assertEquals(403, notSender.status(), notSender.toString());
    Http.Res edit = change("/message/edit", "a", "lc3", first, new JsonObject().put("payload", b64("hello!")));
    assertEquals(200, edit.status(), edit.toString());
    assertEquals(1, edit.json().getInteger("edit_count"));
    assertTrue(edit.json().getLong("edited_at") > 0);
    assertEquals(0, change("/message/edit", "a", "lc3", first, new JsonObject().put("payload", b64("hello!")))
        .json().getInteger("changed"), "the same edit again changes nothing");
    assertEquals(200, change("/message/reaction", "b", "lc3", second, new JsonObject().put("emoji", "👍")).status());
    assertEquals(200, change("/message/reaction", "c", "lc3", second, new JsonObject().put("emoji", "👍")).status());
    assertEquals(200, change("/message/reaction", "c", "lc3", second, new JsonObject().put("emoji", "🎉")).status());
    Http.Res removed = change("/message/reaction", "c", "lc3", second, new JsonObject().put("emoji", "🎉")
        .put("action", "remove"));
    assertEquals(200, removed.status(), removed.toString());
    Http.Res stranger = change("/message/reaction", "zz", "lc3", second, new JsonObject().put("emoji", "x"));
    assertEquals(403, stranger.status(), stranger.toString());
    Http.Res badAction = change("/message/reaction", "b", "lc3", second, new JsonObject().put("emoji", "x")
        .put("action", "toggle"));
    assertEquals(400, badAction.status(), badAction.toString());
    Http.Res hide = change("/message/delete", "c", "lc3", first, new JsonObject());
    assertEquals(200, hide.status(), hide.toString());

    JsonArray forB = sync("b", "lc3");
    assertEquals("hello!", text(bySeq(forB, first)));
    assertEquals(1, bySeq(forB, first).getInteger("edit_count"));
    JsonArray reactions = bySeq(forB, second).getJsonArray("reactions");
    assertEquals(1, reactions.size(), reactions.encode());
    assertEquals("👍", reactions.getJsonObject(0).getString("emoji"));
    assertEquals(2, reactions.getJsonObject(0).getInteger("count"));
    assertEquals(List.of("b", "c"), reactions.getJsonObject(0).getJsonArray("uids").getList());
    JsonArray forC = sync("c", "lc3");
    assertEquals(null, bySeq(forC, first), "deleted for c: gone from c's sync");
    JsonObject convC = http.post("/conversation/sync", new JsonObject().put("uid", "c").put("msg_count", 10)).array()
        .stream().map(o -> (JsonObject) o).filter(o -> "lc3".equals(o.getString("channel_id"))).findFirst()
        .orElseThrow();
    assertEquals(1, convC.getJsonArray("recents").size(), "and from c's conversation recents: " + convC);
    assertFalse(bySeq(forC, second) == null);

    JsonObject all = extraSync("b", "lc3", 0, 100);
    JsonArray ms = all.getJsonArray("messages");
    assertEquals(2, ms.size(), all.encode());
    assertEquals(second, ms.getJsonObject(0).getLong("message_seq"), "ascending by the latest change");
    assertEquals(first, ms.getJsonObject(1).getLong("message_seq"), "the hide was the latest change of the first");
    assertEquals(0, ms.getJsonObject(1).getInteger("is_deleted"), "hidden for c, not for b");
    assertEquals(all.getLong("extra_version"), ms.getJsonObject(1).getLong("extra_version"));
    assertEquals(0, all.getInteger("more"));
    assertEquals(1, extraSync("c", "lc3", 0, 100).getJsonArray("messages").getJsonObject(1).getInteger("is_deleted"));
    JsonObject page1 = extraSync("b", "lc3", 0, 1);
    assertEquals(1, page1.getInteger("more"));
    assertEquals(1, page1.getJsonArray("messages").size());
    JsonObject page2 = extraSync("b", "lc3", page1.getLong("extra_version"), 1);
    assertEquals(first, page2.getJsonArray("messages").getJsonObject(0).getLong("message_seq"));
    JsonObject none = extraSync("b", "lc3", page2.getLong("extra_version"), 1);
    assertEquals(0, none.getJsonArray("messages").size());
    assertEquals(page2.getLong("extra_version"), none.getLong("extra_version"), "the cursor stays");
    Http.Res notMember = http.post("/message/extra/sync", new JsonObject().put("login_uid", "zz")
        .put("channel_id", "lc3").put("channel_type", 2));
    assertEquals(400, notMember.status(), notMember.toString());
  }

  @Test
  void clearingAChannelDeletesItsHistoryForEveryone() {
    group("lc5", "a", "b");
    for (int i = 1; i <= 3; i++) {
      send("a", "lc5", "old " + i);
    }
    Http.Res cleared = http.post("/channel/clear", new JsonObject().put("channel_id", "lc5").put("channel_type", 2)
        .put("message_seq", 2));
    assertEquals(200, cleared.status(), cleared.toString());
    JsonArray left = sync("b", "lc5");
    assertEquals(1, left.size(), left.encode());
    assertEquals(3, left.getJsonObject(0).getLong("message_seq"));
    assertEquals(4, send("a", "lc5", "new"), "sequences go on");
    assertEquals(200, http.post("/channel/clear", new JsonObject().put("channel_id", "lc5").put("channel_type", 2))
        .status());
    assertEquals(0, sync("a", "lc5").size(), "message_seq absent: everything");
    Http.Res bad = http.post("/channel/clear", new JsonObject().put("channel_id", "lc5").put("channel_type", 2)
        .put("message_seq", -1));
    assertEquals(400, bad.status(), bad.toString());
    Http.Res lookup = http.post("/messages", new JsonObject().put("channel_id", "lc5").put("channel_type", 2)
        .put("message_seqs", new JsonArray().add(1).add(4)));
    assertEquals(0, lookup.json().getJsonArray("messages").size(), lookup.toString());
  }

  static long unread(String uid, String group) {
    return http.post("/conversation/sync", new JsonObject().put("uid", uid).put("msg_count", 1)).array().stream()
        .map(o -> (JsonObject) o).filter(o -> group.equals(o.getString("channel_id"))).findFirst()
        .map(o -> o.getLong("unread")).orElse(0L);
  }

  @Test
  void unreadNeverCountsWhatAClearDeleted() {
    group("lc9", "a", "b", "c");
    for (int i = 1; i <= 5; i++) {
      send("a", "lc9", "m" + i);
    }
    assertEquals(200, http.post("/conversations/setUnread", new JsonObject().put("uid", "c").put("channel_id", "lc9")
        .put("channel_type", 2).put("unread", 1)).status());
    assertEquals(5, unread("b", "lc9"));
    assertEquals(200, http.post("/channel/clear", new JsonObject().put("channel_id", "lc9").put("channel_type", 2)
        .put("message_seq", 3)).status());
    assertEquals(2, unread("b", "lc9"), "only the two messages left are unread");
    assertEquals(1, unread("c", "lc9"), "a reader past the cut keeps its count");
    JsonObject item = http.post("/conversation/sync", new JsonObject().put("uid", "b").put("msg_count", 1)).array()
        .stream().map(o -> (JsonObject) o).filter(o -> "lc9".equals(o.getString("channel_id"))).findFirst()
        .orElseThrow();
    assertEquals(3, item.getLong("readed_to_msg_seq"), item.encode());
    assertEquals(200, http.post("/channel/clear", new JsonObject().put("channel_id", "lc9").put("channel_type", 2))
        .status());
    assertEquals(0, unread("b", "lc9"), "everything cleared: nothing unread, never negative");
    send("a", "lc9", "after");
    assertEquals(1, unread("b", "lc9"));
  }

  @Test
  void anExpiredMessageDisappearsFromSync() throws Exception {
    group("lc6", "a", "b");
    Http.Res r = http.post("/message/send", new JsonObject().put("from_uid", "a").put("channel_id", "lc6")
        .put("channel_type", 2).put("expire", 1).put("payload", b64("gone soon")));
    assertEquals(200, r.status(), r.toString());
    long keep = send("a", "lc6", "stays");
    long deadline = System.currentTimeMillis() + 10_000;
    while (sync("b", "lc6").size() > 1 && System.currentTimeMillis() < deadline) {
      Thread.sleep(200); // expire is in whole seconds after the send
    }
    JsonArray left = sync("b", "lc6");
    assertEquals(1, left.size(), left.encode());
    assertEquals(keep, left.getJsonObject(0).getLong("message_seq"));
    JsonObject conv = http.post("/conversation/sync", new JsonObject().put("uid", "b").put("msg_count", 5)).array()
        .stream().map(o -> (JsonObject) o).filter(o -> "lc6".equals(o.getString("channel_id"))).findFirst()
        .orElseThrow();
    assertEquals(1, conv.getJsonArray("recents").size(), "recents leave it out too: " + conv);
  }
}
