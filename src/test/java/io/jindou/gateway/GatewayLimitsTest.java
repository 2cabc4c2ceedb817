package io.jindou.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.proto.Flags;
import io.jindou.proto.SendackPacket;
import io.jindou.support.Http;
import io.jindou.support.TestNode;
import io.jindou.support.WkClient;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A client's SEND is held to the node's configured {@code id_max_length} and {@code payload_max_bytes}, exactly as
 * {@code POST /message/send} is (the gateway used to allow 256-character client_msg_nos and topics, 257-character
 * channel ids and payloads up to its frame limit whatever the configuration said). Refusals keep the SENDACK
 * reasons clients know (9 for an over-long field or payload, 16 for the channel id) and the connection stays up;
 * CONNECT takes the uids the limit allows.
 */
class GatewayLimitsTest {
  static final Duration WAIT = Duration.ofSeconds(10);
  static TestNode node;

  @BeforeAll
  static void start() throws Exception {
    node = new TestNode(Map.of("id_max_length", 20, "payload_max_bytes", 64));
    node.token("lim-a", "t", 0);
    node.token("lim-b", "t", 0);
    node.token("lim-r", "t", 0);
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }

  static int ack(WkClient c) throws InterruptedException {
    return c.await(SendackPacket.class, WAIT).reasonCode();
  }

  @Test
  void wkprotoSendHonoursTheConfiguredLimits() throws Exception {
    try (WkClient a = WkClient.connect(node.tcpPort, 6, "lim-a", "t")) {
      assertEquals(1, a.connack.reasonCode());
      a.send(1, "c".repeat(20), "lim-b", 1, "at the limit", Flags.NONE);
      assertEquals(1, ack(a), "a 20-character client_msg_no is within id_max_length 20");
      a.send(2, "c".repeat(21), "lim-b", 1, "over the limit", Flags.NONE);
      assertEquals(9, ack(a), "a 21-character client_msg_no is over id_max_length 20");
      a.send(3, "cmn-3", "g".repeat(42), 2, "channel id over 2 × 20 + 1", Flags.NONE);
      assertEquals(16, ack(a));
      a.send(4, "cmn-4", "lim-b", 1, "x".repeat(65), Flags.NONE);
      assertEquals(9, ack(a), "a 65-byte payload is over payload_max_bytes 64");
      a.send(5, "cmn-5", "lim-b", 1, "x".repeat(64), Flags.NONE);
      assertEquals(1, ack(a), "the connection survives every refusal");
    }
    Http.Res http = node.http.post("/message/send", new JsonObject().put("from_uid", "lim-a")
        .put("channel_id", "lim-b").put("channel_type", 1).put("client_msg_no", "c".repeat(21)).put("payload", "eA=="));
    assertEquals(400, http.status(), "HTTP refuses the same client_msg_no");
    assertTrue(http.json().getString("msg").contains("client_msg_no is 21 characters long, over the limit of 20"),
        http.toString());
  }

  /**
   * CONNECT takes any uid the HTTP API gives a token to: with {@code id_max_length} above 128 a long uid could get
   * a token but was refused at CONNECT (the gateway hard-coded 128); over the limit it is still refused (2).
   */
  @Test
  void connectHonoursTheConfiguredUidLength() throws Exception {
    try (TestNode wide = new TestNode(Map.of("id_max_length", 200))) {
      String uid = "u".repeat(150);
      wide.token(uid, "t", 0);
      try (WkClient c = WkClient.connect(wide.tcpPort, 6, uid, "t", 1, "long-uid-device")) {
        assertEquals(1, c.connack.reasonCode(), "a 150-character uid within id_max_length 200 connects");
        c.send(1, "peer", 1, "hello");
        assertEquals(1, ack(c));
      }
    }
    try (WkClient c = WkClient.connect(node.tcpPort, 6, "u".repeat(21), "t")) {
      assertEquals(2, c.connack.reasonCode(), "a uid over id_max_length 20 is refused at CONNECT");
    }
  }

  @Test
  void jsonRpcSendHonoursTheConfiguredLimits() throws Exception {
    WebSocketTest.Collector col = new WebSocketTest.Collector();
    WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
        .buildAsync(URI.create("ws://127.0.0.1:" + node.wsPort + "/"), col).join();
    ws.sendText(new JsonObject().put("method", "connect").put("id", "c").put("params", new JsonObject()
        .put("uid", "lim-r").put("token", "t").put("deviceFlag", 1)).encode(), true).join();
    assertEquals(1, new JsonObject((String) col.next()).getJsonObject("result").getInteger("reasonCode"));
    String payload = Base64.getEncoder().encodeToString("hi".getBytes(StandardCharsets.UTF_8));
    int[] expected = {1, 9};
    String[] clientMsgNos = {"r".repeat(20), "r".repeat(21)};
    for (int i = 0; i < 2; i++) {
      ws.sendText(new JsonObject().put("method", "send").put("id", "s" + i).put("params", new JsonObject()
          .put("clientMsgNo", clientMsgNos[i]).put("channelId", "lim-b").put("channelType", 1)
          .put("payload", payload)).encode(), true).join();
      JsonObject sent = new JsonObject((String) col.next());
      assertEquals("s" + i, sent.getString("id"));
      assertEquals(expected[i], sent.getJsonObject("result").getInteger("reasonCode"), clientMsgNos[i]);
    }
    ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
  }
}
