package io.jindou.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.support.Http;
import io.jindou.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The send policy of the single-node issue: 403 with a reason code, and the system bypasses. */
class PolicyTest {
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

  static JsonObject send(String from, String channel) {
    return new JsonObject().put("from_uid", from).put("channel_id", channel).put("channel_type", 2)
        .put("payload", "eA==");
  }

  static void assertDenied(Http.Res r, int reason) {
    assertEquals(403, r.status(), r.toString());
    assertEquals(403, r.json().getInteger("status"));
    assertEquals(reason, r.json().getInteger("reason"), r.toString());
    assertTrue(r.json().getString("msg").length() > 10);
  }

  static void channel(JsonObject body) {
    assertEquals(200, http.post("/channel", body).status());
  }

  @Test
  void missingGroupIsRefusedWithReason5() {
    assertDenied(http.post("/message/send", send("u1", "nosuchgroup")), 5);
  }

  @Test
  void nonSubscriberIsRefusedWithReason3() {
    channel(new JsonObject().put("channel_id", "g3").put("channel_type", 2).put("subscribers", new JsonArray().add("a")));
    Http.Res r = http.post("/message/send", send("stranger", "g3"));
    assertDenied(r, 3);
    assertTrue(r.json().getString("msg").contains("stranger"));
  }

  @Test
  void bannedGroupIsRefusedWithReason19() {
    channel(new JsonObject().put("channel_id", "g19").put("channel_type", 2).put("ban", 1)
        .put("subscribers", new JsonArray().add("a")));
    assertDenied(http.post("/message/send", send("a", "g19")), 19);
  }

  @Test
  void disbandedGroupIsRefusedWithReason24EvenForSystemSenders() {
    channel(new JsonObject().put("channel_id", "g24").put("channel_type", 2).put("subscribers", new JsonArray().add("a")));
    assertEquals(200, http.post("/message/send", send("a", "g24")).status());
    assertEquals(200, http.post("/channel/delete", new JsonObject().put("channel_id", "g24").put("channel_type", 2))
        .status());
    assertDenied(http.post("/message/send", send("a", "g24")), 24);
    assertDenied(http.post("/message/send", send("____system", "g24")), 24);
    // disband is terminal: a later /channel/info without disband does not undo it
    assertEquals(200, http.post("/channel/info", new JsonObject().put("channel_id", "g24").put("channel_type", 2))
        .status());
    assertDenied(http.post("/message/send", send("a", "g24")), 24);
  }

  @Test
  void systemUidAndTrustedDeviceBypassMembershipAndBan() {
    channel(new JsonObject().put("channel_id", "gs").put("channel_type", 2).put("ban", 1));
    assertEquals(200, http.post("/message/send", send("____system", "gs")).status());
    assertEquals(200, http.post("/message/send", send("anyone", "gs").put("device_id", "____device")).status());
    assertDenied(http.post("/message/send", send("anyone", "gs")), 19);
    assertEquals(200, http.post("/user/systemuids_add", new JsonObject().put("uids", new JsonArray().add("bot")))
        .status());
    assertEquals(List.of("bot"), http.get("/user/systemuids").array().getList());
    assertEquals(200, http.post("/message/send", send("bot", "gs")).status());
    assertEquals(200, http.post("/message/send", send("bot", "missing-group")).status(),
        "system senders may write to a channel that does not exist");
    http.post("/user/systemuids_remove", new JsonObject().put("uids", new JsonArray().add("bot")));
    assertDenied(http.post("/message/send", send("bot", "gs")), 19);
  }

  @Test
  void subscriberChangesTakeEffectForTheNextSend() {
    channel(new JsonObject().put("channel_id", "gm").put("channel_type", 2));
    assertDenied(http.post("/message/send", send("m1", "gm")), 3);
    assertEquals(200, http.post("/channel/subscriber_add", new JsonObject().put("channel_id", "gm")
        .put("subscribers", new JsonArray().add("m1").add("m2"))).status());
    assertEquals(200, http.post("/message/send", send("m1", "gm")).status());
    assertEquals(200, http.post("/channel/subscriber_remove", new JsonObject().put("channel_id", "gm")
        .put("channel_type", 2).put("subscribers", new JsonArray().add("m1"))).status());
    assertDenied(http.post("/message/send", send("m1", "gm")), 3);
    assertEquals(200, http.post("/message/send", send("m2", "gm")).status());
    assertEquals(200, http.post("/channel/subscriber_remove_all", new JsonObject().put("channel_id", "gm")
        .put("channel_type", 2)).status());
    assertDenied(http.post("/message/send", send("m2", "gm")), 3);
  }

  @Test
  void subscriberAddCreatesTheGroupWithDefaultType2() {
    assertEquals(200, http.post("/channel/subscriber_add", new JsonObject().put("channel_id", "auto")
        .put("channel_type", 0).put("subscribers", new JsonArray().add("x"))).status());
    assertEquals(200, http.post("/message/send", send("x", "auto")).status());
  }

  @Test
  void personMessagesNeedNoChannel() {
    Http.Res r = http.post("/message/send", new JsonObject().put("from_uid", "p1").put("channel_id", "p2")
        .put("channel_type", 1).put("payload", "eA=="));
    assertEquals(200, r.status(), r.toString());
  }
}
