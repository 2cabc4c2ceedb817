package io.jindou.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.support.Http;
import io.jindou.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Findings 6 and 8 of the hardening review, the HTTP part: subscribers per request and per channel were unlimited
 * (three adds of 120k uids held 54 MB), and ids could carry CR, LF and NUL. Now one call names at most
 * {@code request_uids_max} uids, a channel holds at most {@code channel_subscribers_max} subscribers (and as many
 * uids per black or white list), and ids with control characters are refused, each with a 400 that says why.
 */
class BoundedRequestsTest {
  static TestNode node;

  @BeforeAll
  static void start() throws Exception {
    node = new TestNode(Map.of("request_uids_max", 20, "channel_subscribers_max", 50));
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }

  static JsonArray uids(String prefix, int n) {
    JsonArray a = new JsonArray();
    for (int i = 0; i < n; i++) {
      a.add(prefix + i);
    }
    return a;
  }

  static void refused(Http.Res r, String why) {
    assertEquals(400, r.status(), r::toString);
    assertTrue(r.json().getString("msg").contains(why), r::toString);
  }

  @Test
  void oneCallNamesAtMostRequestUidsMax() {
    refused(node.http.post("/channel/subscriber_add", new JsonObject().put("channel_id", "g1").put("channel_type", 2)
        .put("subscribers", uids("u", 21))), "names 21 uids, over the limit of 20");
    refused(node.http.post("/channel", new JsonObject().put("channel_id", "g1").put("channel_type", 2)
        .put("subscribers", uids("u", 21))), "over the limit of 20");
    refused(node.http.post("/channel/blacklist_add", new JsonObject().put("channel_id", "g1").put("channel_type", 2)
        .put("uids", uids("u", 21))), "over the limit of 20");
    refused(node.http.post("/user/systemuids_add", new JsonObject().put("uids", uids("s", 21))), "over the limit");
    refused(node.http.post("/message/send", new JsonObject().put("from_uid", "a").put("subscribers", uids("u", 21))
        .put("header", new JsonObject().put("sync_once", 1)).put("payload", "aGk=")), "over the limit of 20");
    assertEquals(200, node.http.post("/channel/subscriber_add", new JsonObject().put("channel_id", "g1")
        .put("channel_type", 2).put("subscribers", uids("u", 20))).status());
    assertEquals(new JsonArray(), node.http.get("/user/systemuids").array(), "nothing of the refused calls stayed");
  }

  @Test
  void aChannelHoldsAtMostChannelSubscribersMax() {
    for (int round = 0; round < 2; round++) {
      assertEquals(200, node.http.post("/channel/subscriber_add", new JsonObject().put("channel_id", "g2")
          .put("channel_type", 2).put("subscribers", uids("r" + round + "-", 20))).status());
    }
    refused(node.http.post("/channel/subscriber_add", new JsonObject().put("channel_id", "g2").put("channel_type", 2)
        .put("subscribers", uids("r2-", 20))), "would have 60 subscribers, over the limit of 50");
    assertEquals(200, node.http.post("/channel/subscriber_add", new JsonObject().put("channel_id", "g2")
        .put("channel_type", 2).put("subscribers", uids("r2-", 10))).status(), "up to the limit is fine");
    assertEquals(200, node.http.post("/channel/subscriber_remove", new JsonObject().put("channel_id", "g2")
        .put("channel_type", 2).put("subscribers", uids("r0-", 5))).status(), "removing is always allowed");
    for (int round = 0; round < 3; round++) {
      Http.Res r = node.http.post("/channel/whitelist_add", new JsonObject().put("channel_id", "g2")
          .put("channel_type", 2).put("uids", uids("w" + round + "-", 20)));
      if (round < 2) {
        assertEquals(200, r.status(), r::toString);
      } else {
        refused(r, "would have 60 whitelisted uids, over the limit of 50");
      }
    }
    assertEquals(40, node.http.get("/channel/whitelist?channel_id=g2&channel_type=2").array().size());
  }

  @Test
  void idsWithControlCharactersAreRefused() {
    refused(node.http.post("/user/token", new JsonObject().put("uid", "eve\r\nX-Forged: 1").put("token", "t")),
        "uid must not contain control characters, got U+000D at index 3");
    refused(node.http.post("/message/send", new JsonObject().put("from_uid", "a").put("channel_id", "b\u0000c")
        .put("channel_type", 2).put("payload", "aGk=")), "channel_id must not contain control characters");
    refused(node.http.post("/message/send", new JsonObject().put("from_uid", "a").put("channel_id", "b")
        .put("channel_type", 1).put("client_msg_no", "x\ny").put("payload", "aGk=")), "client_msg_no must not");
    refused(node.http.post("/channel/subscriber_add", new JsonObject().put("channel_id", "g3").put("channel_type", 2)
        .put("subscribers", new JsonArray().add("ok").add("ba\u001fd"))), "must not contain control characters");
    refused(node.http.post("/conversation/sync", new JsonObject().put("uid", "x\u007fy")), "control characters");
    assertEquals(200, node.http.post("/user/token", new JsonObject().put("uid", "fine-ü-名").put("token", "t"))
        .status(), "printable Unicode is fine");
  }
}
