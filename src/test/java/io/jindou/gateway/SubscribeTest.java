package io.jindou.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.jindou.proto.PongPacket;
import io.jindou.proto.RecvPacket;
import io.jindou.proto.Setting;
import io.jindou.proto.SubPacket;
import io.jindou.proto.SubackPacket;
import io.jindou.proto.WkEncoder;
import io.jindou.support.SdkClient;
import io.jindou.support.TestNode;
import io.jindou.support.WkClient;
import io.jindou.support.WsClient;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SUB (packet 10) is answered, never a reason to close (spec wkproto §2.10, §5): WuKongIM v2 ignores it and v3
 * closes the connection; Jindou answers every SUB and UNSUB with a SUBACK echoing it with reason 23
 * (NotSupportChannelType, what WuKongIM v1 answered for a channel type it could not subscribe to — Jindou
 * delivers to subscribers only), and the connection goes on working. Over TCP, binary WebSocket, JSON-RPC
 * ({@code subscribe} → a SubscriptionResult) and from the official SDK's {@code channelManager.onSubscribe}.
 */
class SubscribeTest {
  static TestNode node;

  @BeforeAll
  static void start() throws Exception {
    node = new TestNode();
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }

  @Test
  void aSubOverTcpGetsASubackAndTheConnectionStaysUsable() throws Exception {
    node.token("sub-tcp", "t", 0);
    try (WkClient c = WkClient.connect(node.tcpPort, 2, "sub-tcp", "t")) {
      c.write(WkEncoder.encode(new SubPacket(Setting.NONE, "sub-1", "live1", 9, SubPacket.ACTION_SUBSCRIBE, ""), 2));
      assertEquals(new SubackPacket("sub-1", "live1", 9, 0, 23), c.await(SubackPacket.class, Duration.ofSeconds(10)));
      c.write(WkEncoder.encode(new SubPacket(Setting.NONE, "sub-2", "data1", 7, SubPacket.ACTION_UNSUBSCRIBE,
          "{\"x\":1}"), 2));
      assertEquals(new SubackPacket("sub-2", "data1", 7, 1, 23), c.await(SubackPacket.class, Duration.ofSeconds(10)));
      c.ping();
      c.await(PongPacket.class, Duration.ofSeconds(10));
      node.http.post("/message/send", new JsonObject().put("from_uid", "x").put("channel_id", "sub-tcp")
          .put("channel_type", 1).put("payload", "aGk="));
      assertEquals("hi", WkClient.text(c.await(RecvPacket.class, Duration.ofSeconds(10))));
      assertFalse(c.closedByServer());
    }
  }

  @Test
  void aSubOverWebSocketAndAJsonRpcSubscribeAreAnswered() throws Exception {
    node.token("sub-ws", "t", 0);
    node.token("sub-rpc", "t", 0);
    try (WsClient ws = WsClient.wkproto(node.wsPort, 6, "sub-ws", "t");
        WsClient rpc = WsClient.jsonRpc(node.wsPort, "sub-rpc", "t")) {
      ws.write(new SubPacket(Setting.NONE, "s-9", "chan", 2, SubPacket.ACTION_SUBSCRIBE, ""));
      assertEquals(23, ws.awaitPacket(SubackPacket.class, a -> a.subNo().equals("s-9")).reasonCode());

      String id = rpc.call("subscribe", new JsonObject().put("subNo", "r-1").put("channelId", "live2")
          .put("channelType", 9));
      JsonObject res = rpc.awaitJson(o -> id.equals(o.getString("id")));
      assertEquals(new JsonObject().put("subNo", "r-1").put("channelId", "live2").put("channelType", 9)
          .put("action", 0).put("reasonCode", 23), res.getJsonObject("result"));
      String ping = rpc.call("ping", new JsonObject());
      rpc.awaitJson(o -> ping.equals(o.getString("id")));
      assertFalse(ws.closedByServer() || rpc.closedByServer());
      node.http.post("/message/send", new JsonObject().put("from_uid", "x").put("channel_id", "sub-ws")
          .put("channel_type", 1).put("payload", "aGk="));
      ws.awaitRecv(p -> new String(p, StandardCharsets.UTF_8).equals("hi"));
    }
  }

  @Test
  void theOfficialSdksSubscribeListenerGetsTheReasonAndStaysConnected() {
    SdkClient.installOnce();
    node.token("sub-sdk", "t", 0);
    try (SdkClient c = SdkClient.connect(node.wsPort, "sub-sdk", "t")) {
      c.awaitStatus("Connected");
      c.command(new JsonObject().put("cmd", "subscribe").put("channel_id", "news").put("channel_type", 7));
      JsonObject sub = c.awaitEvent(SdkClient.event("subscribe"), SdkClient.DEFAULT_TIMEOUT);
      assertEquals(23, sub.getInteger("reasonCode"));
      assertEquals("news", sub.getString("channelID"));
      assertEquals(1, c.sendAndAwaitAck("sub-sdk", 1, "still here").getInteger("reasonCode"));
      c.assertNoEvent("a disconnect", SdkClient.event("status", "status", "Disconnect"), Duration.ofMillis(300));
    }
  }
}
