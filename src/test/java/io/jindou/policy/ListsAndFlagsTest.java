package io.jindou.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.proto.SendackPacket;
import io.jindou.support.Http;
import io.jindou.support.TestNode;
import io.jindou.support.WkClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Black/white lists, send_ban, allow_stranger and per-type rules, on HTTP (403 + reason) and WKProto (SENDACK). */
class ListsAndFlagsTest {
  static TestNode node;
  static Http http;

  @BeforeAll
  static void start() throws Exception {
    node = new TestNode(Map.of("person_whitelist", true));
    http = node.http;
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }

  static Http.Res send(String from, String to, int type) {
    return http.post("/message/send", new JsonObject().put("from_uid", from).put("channel_id", to)
        .put("channel_type", type).put("payload", "eA=="));
  }

  static void ok(Http.Res r) {
    assertEquals(200, r.status(), r.toString());
  }

  static void denied(Http.Res r, int reason) {
    assertEquals(403, r.status(), r.toString());
    assertEquals(reason, r.json().getInteger("reason"), r.toString());
    assertTrue(r.json().getString("msg").length() > 10, r.toString());
  }

  static void post(String path, JsonObject body) {
    Http.Res r = http.post(path, body);
    assertEquals(200, r.status(), path + " " + r);
  }

  static JsonObject list(String channel, int type, String... uids) {
    return new JsonObject().put("channel_id", channel).put("channel_type", type).put("uids", new JsonArray(List.of(uids)));
  }

  @Test
  void groupBlacklistAndWhitelistInTheSpecOrder() {
    post("/channel", new JsonObject().put("channel_id", "lg").put("channel_type", 2)
        .put("subscribers", new JsonArray().add("a").add("b").add("c")));
    ok(send("a", "lg", 2));
    post("/channel/blacklist_add", list("lg", 2, "a"));
    denied(send("a", "lg", 2), 4);
    ok(send("____system", "lg", 2));
    post("/channel/blacklist_remove", list("lg", 2, "a"));
    ok(send("a", "lg", 2));
    post("/channel/whitelist_add", list("lg", 2, "b"));
    denied(send("a", "lg", 2), 13);
    ok(send("b", "lg", 2));
    denied(send("outsider", "lg", 2), 3);
    JsonArray wl = http.get("/channel/whitelist?channel_id=lg&channel_type=2").array();
    assertEquals("b", wl.getJsonObject(0).getString("uid"));
    post("/channel/whitelist_set", list("lg", 2, "a", "c"));
    ok(send("a", "lg", 2));
    denied(send("b", "lg", 2), 13);
    post("/channel/whitelist_remove_all", list("lg", 2));
    ok(send("b", "lg", 2));
    post("/channel/blacklist_set", list("lg", 2, "b", "c"));
    denied(send("c", "lg", 2), 4);
    post("/channel/blacklist_remove_all", list("lg", 2));
    ok(send("c", "lg", 2));
  }

  @Test
  void personListsSayWhoMayMessageThatPerson() {
    // person_whitelist is on in this node: strangers need the receiver's whitelist or allow_stranger
    denied(send("stranger", "pr", 1), 13);
    post("/channel/whitelist_add", list("pr", 1, "friend"));
    ok(send("friend", "pr", 1));
    denied(send("stranger", "pr", 1), 13);
    post("/channel/info", new JsonObject().put("channel_id", "pr").put("channel_type", 1).put("allow_stranger", 1));
    ok(send("stranger", "pr", 1));
    post("/channel/blacklist_add", list("pr", 1, "stranger"));
    Http.Res r = send("stranger", "pr", 1);
    denied(r, 4);
    assertTrue(r.json().getString("msg").contains("blacklisted"), r.toString());
    ok(send("____system", "pr", 1));
    ok(http.post("/message/send", new JsonObject().put("from_uid", "stranger").put("channel_id", "pr")
        .put("channel_type", 1).put("payload", "eA==").put("device_id", "____device")));
  }

  @Test
  void sendBanStopsAUsersSendsOnHttpAndWkproto() throws Exception {
    post("/channel", new JsonObject().put("channel_id", "sbg").put("channel_type", 2)
        .put("subscribers", new JsonArray().add("noisy")));
    post("/channel/whitelist_add", list("quiet-friend", 1, "noisy"));
    ok(send("noisy", "sbg", 2));
    post("/channel/info", new JsonObject().put("channel_id", "noisy").put("channel_type", 1).put("send_ban", 1));
    denied(send("noisy", "sbg", 2), 25);
    denied(send("noisy", "quiet-friend", 1), 25);
    node.token("noisy", "t", 0);
    try (WkClient c = WkClient.connect(node.tcpPort, 6, "noisy", "t")) {
      assertEquals(1, c.connack.reasonCode(), "send_ban does not stop connecting");
      c.send(1, "sbg", 2, "hello?");
      assertEquals(25, c.await(SendackPacket.class, Duration.ofSeconds(10)).reasonCode());
    }
    post("/channel/info", new JsonObject().put("channel_id", "noisy").put("channel_type", 1).put("send_ban", 0));
    ok(send("noisy", "sbg", 2));
  }

  @Test
  void channelTypesFollowTheirOwnRules() {
    denied(send("x", "ua@agentb", 11), 11);
    ok(send("ua", "ua@agentb", 11));
    ok(send("anyone", "news", 6));
    ok(send("anyone", "help-desk", 3));
    post("/channel", new JsonObject().put("channel_id", "visitor1").put("channel_type", 10)
        .put("subscribers", new JsonArray().add("agent7")));
    ok(send("visitor1", "visitor1", 10));
    ok(send("agent7", "visitor1", 10));
    denied(send("nosy", "visitor1", 10), 3);
    post("/channel", new JsonObject().put("channel_id", "c4").put("channel_type", 4)
        .put("subscribers", new JsonArray().add("m")));
    ok(send("m", "c4", 4));
    denied(send("n", "c4", 4), 3);
    assertEquals(400, send("m", "c4", 13).status(), "type 13 is not a channel type");
  }

  @Test
  void listEndpointsValidate() {
    assertEquals(400, http.post("/channel/blacklist_add", new JsonObject().put("channel_id", "g").put("channel_type", 2))
        .status());
    assertEquals(400, http.post("/channel/whitelist_add", list("", 2, "a")).status());
    assertEquals(400, http.post("/channel/blacklist_remove_all", new JsonObject().put("channel_id", "g")).status());
    assertEquals(400, http.get("/channel/whitelist?channel_id=g&channel_type=zz").status());
  }
}
