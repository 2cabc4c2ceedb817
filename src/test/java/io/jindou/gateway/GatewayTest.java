package io.jindou.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.proto.ConnackPacket;
import io.jindou.proto.DisconnectPacket;
import io.jindou.proto.Flags;
import io.jindou.proto.PongPacket;
import io.jindou.proto.RecvPacket;
import io.jindou.proto.SendackPacket;
import io.jindou.support.Http;
import io.jindou.support.TestNode;
import io.jindou.support.WkClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** WKProto over real TCP sockets: handshake, send, receive, ack, ping, kicks and refusals. */
class GatewayTest {
  static final Duration WAIT = Duration.ofSeconds(10);
  static TestNode node;
  static Http http;

  @BeforeAll
  static void start() throws Exception {
    node = new TestNode(Map.of("recv_retry_interval_ms", 300, "recv_retry_max", 3, "kick_close_delay_ms", 200));
    http = node.http;
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }

  static WkClient client(int version, String uid) throws Exception {
    node.token(uid, "tok-" + uid, 0);
    WkClient c = WkClient.connect(node.tcpPort, version, uid, "tok-" + uid);
    assertEquals(1, c.connack.reasonCode(), "connack for " + uid);
    return c;
  }

  @Test
  void v5AndV6ClientsChatBothWays() throws Exception {
    try (WkClient a = client(5, "alice5"); WkClient b = client(6, "bob6")) {
      assertTrue(a.connack.hasServerVersion());
      assertEquals(5, a.connack.serverVersion());
      assertEquals(6, b.connack.serverVersion());
      assertEquals(node.server.isReady() ? 1 : 0, a.connack.nodeId());

      a.send(1, "bob6", 1, "hello bob");
      SendackPacket ack = a.await(SendackPacket.class, WAIT);
      assertEquals(1, ack.reasonCode());
      assertEquals(1, ack.clientSeq());
      assertEquals(1, ack.messageSeq());
      RecvPacket r = b.await(RecvPacket.class, WAIT);
      assertEquals("hello bob", WkClient.text(r));
      assertEquals("alice5", r.fromUid());
      assertEquals("alice5", r.channelId(), "the receiver sees the peer as the channel");
      assertEquals(1, r.channelType());
      assertEquals(ack.messageId(), r.messageId());
      assertEquals(1, r.messageSeq());
      b.recvack(r);

      b.send(7, "alice5", 1, "hi alice");
      assertEquals(2, b.await(SendackPacket.class, WAIT).messageSeq(), "both directions share one log");
      RecvPacket back = a.await(RecvPacket.class, WAIT);
      assertEquals("hi alice", WkClient.text(back));
      assertEquals("bob6", back.channelId());
      a.recvack(back);

      a.ping();
      assertNotNull(a.await(PongPacket.class, WAIT));
      b.ping();
      assertNotNull(b.await(PongPacket.class, WAIT));
    }
  }

  @Test
  void groupMessageReachesEveryMemberAndTheSendersOtherDeviceButNotTheSendingConnection() throws Exception {
    http.post("/channel", new JsonObject().put("channel_id", "trio").put("channel_type", 2)
        .put("subscribers", new JsonArray().add("g1").add("g2").add("g3")));
    node.token("g1", "tok-g1", 0);
    try (WkClient g1 = WkClient.connect(node.tcpPort, 6, "g1", "tok-g1", 1, "phone");
        WkClient g1b = WkClient.connect(node.tcpPort, 6, "g1", "tok-g1", 1, "tablet");
        WkClient g2 = client(6, "g2"); WkClient g3 = client(5, "g3")) {
      g1.send(1, "trio", 2, "to all");
      assertEquals(1, g1.await(SendackPacket.class, WAIT).reasonCode());
      for (WkClient c : new WkClient[] {g1b, g2, g3}) {
        RecvPacket r = c.await(RecvPacket.class, WAIT);
        assertEquals("to all", WkClient.text(r));
        assertEquals("trio", r.channelId());
        assertEquals("g1", r.fromUid());
        c.recvack(r);
      }
      assertNull(g1.poll(RecvPacket.class, Duration.ofMillis(500)), "the sending connection gets no RECV");
    }
  }

  @Test
  void httpSendReachesAConnectedClientWithTheSamePayload() throws Exception {
    try (WkClient c = client(4, "listener")) {
      byte[] payload = "{\"type\":1,\"content\":\"from the business server\"}".getBytes(StandardCharsets.UTF_8);
      Http.Res r = http.post("/message/send", new JsonObject().put("from_uid", "biz").put("channel_id", "listener")
          .put("channel_type", 1).put("payload", Base64.getEncoder().encodeToString(payload))
          .put("header", new JsonObject().put("red_dot", 1)));
      assertEquals(200, r.status(), r.toString());
      RecvPacket m = c.await(RecvPacket.class, WAIT);
      assertTrue(java.util.Arrays.equals(payload, m.payload()));
      assertEquals("biz", m.channelId());
      assertTrue(m.flags().redDot());
      assertEquals(r.json().getLong("message_id"), m.messageId());
      c.recvack(m);
    }
  }

  @Test
  void unacknowledgedRecvIsResentBoundedTimesAndAckedOnesNever() throws Exception {
    try (WkClient c = client(6, "lazy")) {
      http.post("/message/send", new JsonObject().put("from_uid", "biz").put("channel_id", "lazy")
          .put("channel_type", 1).put("payload", "YWNr"));
      RecvPacket first = c.await(RecvPacket.class, WAIT);
      c.recvack(first);
      http.post("/message/send", new JsonObject().put("from_uid", "biz").put("channel_id", "lazy")
          .put("channel_type", 1).put("payload", "bm8tYWNr"));
      RecvPacket unacked = c.await(RecvPacket.class, WAIT);
      assertEquals(2, unacked.messageSeq());
      Thread.sleep(2000); // 300 ms interval, 3 attempts in all
      long copies = c.seen().stream().filter(p -> p instanceof RecvPacket r && r.messageSeq() == 2).count();
      long acked = c.seen().stream().filter(p -> p instanceof RecvPacket r && r.messageSeq() == 1).count();
      assertEquals(3, copies, "first delivery + 2 retries");
      assertTrue(c.seen().stream().filter(p -> p instanceof RecvPacket r && r.messageSeq() == 2)
          .allMatch(unacked::equals), "a retry is the same RECV (fields, msgKey, payload) as the first push");
      assertEquals(1, acked, "an acknowledged RECV is never pushed again");
    }
  }

  @Test
  void wrongTokenIsRefusedWithReason2() throws Exception {
    node.token("guarded", "right", 0);
    try (WkClient c = WkClient.connect(node.tcpPort, 5, "guarded", "wrong")) {
      assertEquals(2, c.connack.reasonCode());
      assertTrue(c.awaitClosed(WAIT));
    }
    try (WkClient c = WkClient.connect(node.tcpPort, 5, "nobody-registered", "x")) {
      assertEquals(2, c.connack.reasonCode());
    }
  }

  @Test
  void bannedUidIsRefusedWithReason19() throws Exception {
    node.token("villain", "t", 0);
    http.post("/channel/info", new JsonObject().put("channel_id", "villain").put("channel_type", 1).put("ban", 1));
    try (WkClient c = WkClient.connect(node.tcpPort, 5, "villain", "t")) {
      assertEquals(19, c.connack.reasonCode());
    }
  }

  @Test
  void policyDenialsComeBackAsSendackReasons() throws Exception {
    http.post("/channel", new JsonObject().put("channel_id", "closed-club").put("channel_type", 2)
        .put("subscribers", new JsonArray().add("member")));
    try (WkClient c = client(5, "outsider")) {
      c.send(1, "closed-club", 2, "let me in");
      assertEquals(3, c.await(SendackPacket.class, WAIT).reasonCode());
      c.send(2, "no-such-group", 2, "hello?");
      assertEquals(5, c.await(SendackPacket.class, WAIT).reasonCode());
      c.sendWithWrongMsgKey(3, "member", 1);
      SendackPacket bad = c.await(SendackPacket.class, WAIT);
      assertEquals(8, bad.reasonCode());
      assertEquals(3, bad.clientSeq());
      c.send(4, "member", 1, "still fine");
      assertEquals(1, c.await(SendackPacket.class, WAIT).reasonCode(), "the connection survives a refused send");
    }
  }

  @Test
  void aRetriedSendIsStoredOnce() throws Exception {
    try (WkClient c = client(6, "retrier"); WkClient peer = client(6, "retry-peer")) {
      c.send(1, "same-cmn", "retry-peer", 1, "once", Flags.NONE);
      SendackPacket a1 = c.await(SendackPacket.class, WAIT);
      c.send(1, "same-cmn", "retry-peer", 1, "once", Flags.NONE);
      SendackPacket a2 = c.await(SendackPacket.class, WAIT);
      assertEquals(a1.messageId(), a2.messageId());
      assertEquals(a1.messageSeq(), a2.messageSeq());
      RecvPacket r = peer.await(RecvPacket.class, WAIT);
      peer.recvack(r);
      assertNull(peer.poll(RecvPacket.class, Duration.ofMillis(500)), "a duplicate is not delivered twice");
    }
  }

  @Test
  void masterLoginKicksTheOtherDevice() throws Exception {
    node.token("multi", "t", 1);
    try (WkClient first = WkClient.connect(node.tcpPort, 5, "multi", "t", 1, "laptop");
        WkClient second = WkClient.connect(node.tcpPort, 5, "multi", "t", 1, "phone")) {
      assertEquals(1, second.connack.reasonCode());
      DisconnectPacket d = first.await(DisconnectPacket.class, WAIT);
      assertEquals(12, d.reasonCode());
      assertTrue(first.awaitClosed(WAIT));
      assertFalse(second.closedByServer());
    }
  }

  @Test
  void deviceQuitAndConnKickDisconnectWithReason12() throws Exception {
    try (WkClient q = client(5, "quitter"); WkClient k = client(5, "kicked")) {
      assertEquals(200, http.post("/user/device_quit", new JsonObject().put("uid", "quitter").put("device_flag", 1))
          .status());
      assertEquals(12, q.await(DisconnectPacket.class, WAIT).reasonCode());
      assertTrue(q.awaitClosed(WAIT));
      try (WkClient again = WkClient.connect(node.tcpPort, 5, "quitter", "tok-quitter")) {
        assertEquals(2, again.connack.reasonCode(), "device_quit clears the token");
      }
      JsonArray online = http.raw("/user/onlinestatus", "[\"kicked\",\"quitter\"]").array();
      assertEquals(1, online.size());
      assertEquals("kicked", online.getJsonObject(0).getString("uid"));
      JsonObject connz = http.get("/connz?uid=kicked").json();
      assertEquals(1, connz.getInteger("total"));
      long connId = connz.getJsonArray("connections").getJsonObject(0).getLong("id");
      assertEquals(200, http.post("/conn/kick", new JsonObject().put("uid", "kicked").put("conn_id", connId))
          .status());
      assertEquals(12, k.await(DisconnectPacket.class, WAIT).reasonCode());
      assertTrue(k.awaitClosed(WAIT));
      JsonObject varz = http.get("/varz").json();
      assertTrue(varz.getLong("connections") >= 0);
      assertTrue(varz.getLong("cpu_time_ms") > 0, "cumulative process CPU, for load tools: " + varz);
    }
  }

  @Test
  void badInputClosesOnlyThatConnection() throws Exception {
    try (WkClient healthy = client(6, "healthy")) {
      byte[][] attacks = {
          {(byte) 0xFF, 0x00, 0x01, 0x02},                          // garbage / unknown type 15
          {0x70},                                                    // PING before CONNECT
          {0x10, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0x7F}, // remaining length far over the limit
          {0x10, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x01}, // varint longer than 4 bytes
          {0x10, 0x05, 0x05, 0x01, 0x00, 0x05, 'a'},                // truncated CONNECT body
          {0x10, 0x08, 0x05, 0x01, 0x00, 0x02, (byte) 0xC3, 0x28, 0x00, 0x00}, // invalid UTF-8 device id
      };
      for (byte[] attack : attacks) {
        try (WkClient bad = WkClient.raw(node.tcpPort)) {
          bad.write(attack);
          assertTrue(bad.awaitClosed(WAIT), "connection must be closed after " + java.util.HexFormat.of().formatHex(attack));
        }
      }
      healthy.ping();
      assertNotNull(healthy.await(PongPacket.class, WAIT));
      healthy.send(1, "someone", 1, "still here");
      assertEquals(1, healthy.await(SendackPacket.class, WAIT).reasonCode());
    }
  }

  @Test
  void slowReaderIsDisconnectedAndMessagesStayForSync() throws Exception {
    try (WkClient slow = client(6, "slowpoke")) {
      slow.pauseReading();
      String big = Base64.getEncoder().encodeToString(new byte[60_000]);
      int sent = 0;
      for (int i = 0; i < 400 && !closedOnServer("slowpoke"); i++) {
        assertEquals(200, http.post("/message/send", new JsonObject().put("from_uid", "flood")
            .put("channel_id", "slowpoke").put("channel_type", 1).put("payload", big)).status());
        sent++;
      }
      assertTrue(closedOnServer("slowpoke"), "the server should have dropped the slow reader");
      assertTrue(http.get("/varz").json().getLong("slow_clients") >= 1);
      long stored = http.get("/channel/max_message_seq?channel_id=flood&channel_type=1&login_uid=slowpoke").json()
          .getLong("message_seq");
      assertEquals(sent, stored, "every message is still in the store for sync");
    }
  }

  static boolean closedOnServer(String uid) {
    return http.raw("/user/onlinestatus", "[\"" + uid + "\"]").array().isEmpty();
  }

  @Test
  void connackForOldVersionsHasNoServerVersion() throws Exception {
    try (WkClient c = client(3, "oldtimer")) {
      ConnackPacket ack = c.connack;
      assertFalse(ack.hasServerVersion());
      c.send(1, "x", 1, "v3 works");
      assertEquals(1, c.await(SendackPacket.class, WAIT).reasonCode());
    }
  }
}
