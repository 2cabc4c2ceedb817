package io.jindou.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.support.Http;
import io.jindou.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every class of bad input gets a 400 that names the problem, and never changes stored data. */
class BadInputTest {
  static TestNode node;
  static Http http;

  @BeforeAll
  static void start() throws Exception {
    node = new TestNode(Map.of("payload_max_bytes", 1024));
    http = node.http;
    http.post("/channel", new JsonObject().put("channel_id", "g").put("channel_type", 2)
        .put("subscribers", new JsonArray().add("u")));
  }

  @AfterAll
  static void stop() throws Exception {
    assertEquals(0L, http.get("/channel/max_message_seq?channel_id=g&channel_type=2").json().getLong("message_seq"),
        "refused input must not store anything");
    node.close();
  }

  static JsonObject good() {
    return new JsonObject().put("from_uid", "u").put("channel_id", "g").put("channel_type", 2).put("payload", "eA==");
  }

  static void assert400(Http.Res r, String mustMention) {
    assertEquals(400, r.status(), r.toString());
    JsonObject j = r.json();
    assertEquals(400, j.getInteger("status"));
    assertTrue(j.getString("msg").contains(mustMention), "msg should mention '" + mustMention + "': " + j);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{not json                                                   | malformed JSON",
      "''                                                           | empty",
      "[1,2]                                                        | JSON object",
      "\"text\"                                                     | JSON object",
      "{\"channel_id\":\"g\",\"channel_type\":2,\"payload\":\"eA==\"} | from_uid",
      "{\"from_uid\":\"  \",\"channel_id\":\"g\",\"channel_type\":2,\"payload\":\"eA==\"} | from_uid",
      "{\"from_uid\":7,\"channel_id\":\"g\",\"channel_type\":2,\"payload\":\"eA==\"} | from_uid",
      "{\"from_uid\":\"u\",\"channel_id\":\"\",\"channel_type\":2,\"payload\":\"eA==\"} | channel_id",
      "{\"from_uid\":\"u\",\"channel_type\":2,\"payload\":\"eA==\"} | channel_id",
      "{\"from_uid\":\"u\",\"channel_id\":\"g#1\",\"channel_type\":2,\"payload\":\"eA==\"} | channel_id",
      "{\"from_uid\":\"u\",\"channel_id\":\"g@1\",\"channel_type\":2,\"payload\":\"eA==\"} | channel_id",
      "{\"from_uid\":\"u&v\",\"channel_id\":\"g\",\"channel_type\":2,\"payload\":\"eA==\"} | from_uid",
      "{\"from_uid\":\"u\",\"channel_id\":\"g\",\"channel_type\":99,\"payload\":\"eA==\"} | channel_type",
      "{\"from_uid\":\"u\",\"channel_id\":\"g\",\"channel_type\":0,\"payload\":\"eA==\"} | channel_type",
      "{\"from_uid\":\"u\",\"channel_id\":\"g\",\"channel_type\":\"2\",\"payload\":\"eA==\"} | channel_type",
      "{\"from_uid\":\"u\",\"channel_id\":\"g\",\"channel_type\":2.5,\"payload\":\"eA==\"} | channel_type",
      "{\"from_uid\":\"u\",\"channel_id\":\"g\",\"payload\":\"eA==\"} | channel_type",
      "{\"from_uid\":\"u\",\"channel_id\":\"g\",\"channel_type\":2} | payload",
      "{\"from_uid\":\"u\",\"channel_id\":\"g\",\"channel_type\":2,\"payload\":\"\"} | payload",
      "{\"from_uid\":\"u\",\"channel_id\":\"g\",\"channel_type\":2,\"payload\":\"not*base64!\"} | Base64",
      "{\"from_uid\":\"u\",\"channel_id\":\"g\",\"channel_type\":2,\"payload\":123} | payload",
      "{\"from_uid\":\"u\",\"channel_id\":\"g\",\"channel_type\":2,\"payload\":\"eA==\",\"header\":5} | header",
      "{\"from_uid\":\"u\",\"channel_id\":\"g\",\"channel_type\":2,\"payload\":\"eA==\",\"header\":{\"no_persist\":7}} | no_persist",
      "{\"from_uid\":\"u\",\"channel_id\":\"g\",\"channel_type\":2,\"payload\":\"eA==\",\"expire\":-1} | expire",
      "{\"from_uid\":\"u\",\"channel_id\":\"g\",\"channel_type\":2,\"payload\":\"eA==\",\"expire\":1e400} | expire",
      "{\"from_uid\":\"u\",\"channel_id\":\"g\",\"channel_type\":99999999999999999999999,\"payload\":\"eA==\"} | channel_type",
      "{\"from_uid\":\"u\",\"channel_id\":\"g\",\"channel_type\":2,\"payload\":\"eA==\",\"client_msg_no\":[]} | client_msg_no",
      "{\"from_uid\":\"u\",\"channel_id\":\"g\",\"channel_type\":2,\"payload\":\"eA==\",\"subscribers\":[\"a\"]} | subscribers",
      "{\"from_uid\":\"u\",\"payload\":\"eA==\",\"subscribers\":[\"a\"]} | sync_once",
      "{\"from_uid\":\"u\",\"payload\":\"eA==\",\"subscribers\":[1],\"header\":{\"sync_once\":1}} | subscribers",
  })
  void malformedSendIsRefusedWith400(String body, String mention) {
    assert400(http.raw("/message/send", body), mention);
  }

  @Test
  void payloadOverTheLimitIsRefused() {
    String big = Base64.getEncoder().encodeToString(new byte[1025]);
    assert400(http.post("/message/send", good().put("payload", big)), "limit");
    String huge = Base64.getEncoder().encodeToString(new byte[200_000]);
    Http.Res r = http.post("/message/send", good().put("payload", huge));
    assertEquals(400, r.status(), r.toString());
  }

  /**
   * A sendbatch whose message itself is bad is refused whole, as {@code /message/send} would refuse it (it used
   * to answer 200 with every subscriber in fail_uids); what fails for one recipient is still listed per uid.
   */
  @Test
  void sendbatchWithABadMessageIsRefusedWhole() {
    JsonObject batch = new JsonObject().put("from_uid", "u").put("subscribers", new JsonArray().add("b1").add("b2"));
    assert400(http.post("/message/sendbatch", batch.copy().put("payload", "")), "payload");
    assert400(http.post("/message/sendbatch", batch.copy()), "payload");
    assert400(http.post("/message/sendbatch", batch.copy().put("payload", "eA==").put("topic", 7)), "topic");
    assert400(http.post("/message/sendbatch", batch.copy().put("payload",
        Base64.getEncoder().encodeToString(new byte[1025]))), "limit");
    assert400(http.post("/message/sendbatch", batch.copy().put("payload", "eA==").put("stream_no", "s".repeat(129))),
        "stream_no");
    JsonObject partly = http.post("/message/sendbatch", batch.copy().put("payload", "eA==")
        .put("subscribers", new JsonArray().add("b1").add("x@y"))).json();
    assertEquals(new JsonArray().add("x@y"), partly.getJsonArray("fail_uids"), partly.encode());
    assertTrue(partly.getJsonArray("reason").getString(0).contains("invalid person channel_id"), partly.encode());
  }

  @Test
  void invalidUtf8IsRefused() {
    byte[] body = "{\"from_uid\":\"u\u00FF\",\"channel_id\":\"g\",\"channel_type\":2,\"payload\":\"eA==\"}"
        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    assert400(http.rawBytes("/message/send", body), "malformed JSON");
  }

  @Test
  void deepNestingIsRefused() {
    String deep = "{\"header\":".repeat(3000) + "1" + "}".repeat(3000);
    Http.Res r = http.raw("/message/send", deep);
    assertEquals(400, r.status(), r.toString());
  }

  @Test
  void overlongIdsAreRefused() {
    assert400(http.post("/message/send", good().put("from_uid", "x".repeat(129))), "from_uid");
  }

  @Test
  void otherEndpointsValidateToo() {
    assert400(http.post("/channel", new JsonObject().put("channel_type", 2)), "channel_id");
    assert400(http.post("/channel", new JsonObject().put("channel_id", "a#b").put("channel_type", 2)), "channel_id");
    assert400(http.post("/channel", new JsonObject().put("channel_id", "p").put("channel_type", 1)
        .put("subscribers", new JsonArray().add("x"))), "person");
    assert400(http.post("/channel/subscriber_add", new JsonObject().put("channel_id", "g")), "subscribers");
    assert400(http.post("/channel/subscriber_add", new JsonObject().put("channel_id", "g")
        .put("subscribers", new JsonArray().add(""))), "subscribers");
    assert400(http.post("/channel/delete", new JsonObject().put("channel_id", "p").put("channel_type", 1)), "person");
    assert400(http.post("/user/token", new JsonObject().put("uid", "u")), "token");
    assert400(http.post("/user/token", new JsonObject().put("uid", "a@b").put("token", "t")), "uid");
    assert400(http.post("/user/token", new JsonObject().put("uid", "____system").put("token", "t")), "system");
    assert400(http.post("/channel/messagesync", new JsonObject().put("channel_id", "g").put("channel_type", 2)),
        "login_uid");
    assert400(http.post("/channel/messagesync", new JsonObject().put("login_uid", "u").put("channel_id", "g")
        .put("channel_type", 2).put("limit", -1)), "limit");
    assert400(http.post("/message/sendbatch", new JsonObject().put("from_uid", "u").put("payload", "eA==")),
        "subscribers");
    assert400(http.raw("/route/batch", "{\"uids\":1}"), "array");
    assert400(http.get("/channel/max_message_seq?channel_type=x&channel_id=g"), "channel_type");
    Http.Res unknown = http.post("/no/such/thing", new JsonObject());
    assertEquals(404, unknown.status());
  }
}
