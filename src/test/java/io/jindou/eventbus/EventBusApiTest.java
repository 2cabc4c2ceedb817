package io.jindou.eventbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.proto.RecvPacket;
import io.jindou.support.Http;
import io.jindou.support.TestNode;
import io.jindou.support.WkClient;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The event-bus API on a node's own event bus, and the TCP bridge with its allow-list and shared secret. */
class EventBusApiTest {
  static TestNode node;
  static Vertx bus;
  static int bridgePort;

  @BeforeAll
  static void start() throws Exception {
    bridgePort = TestNode.freePort();
    node = new TestNode(Map.of("bridge_port", bridgePort, "bridge_secret", "sesame"));
    bus = node.server.vertx();
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }

  static JsonObject request(String address, Object body) throws Exception {
    return bus.eventBus().<JsonObject>request(address, body).await(10, TimeUnit.SECONDS).body();
  }

  static ReplyException failure(String address, Object body) throws Exception {
    try {
      bus.eventBus().request(address, body).await(10, TimeUnit.SECONDS);
    } catch (ReplyException e) {
      return e;
    }
    throw new AssertionError("expected a failure from " + address);
  }

  @Test
  void apiAddressesAnswerLikeHttpAndEventsFollow() throws Exception {
    LinkedBlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
    bus.eventBus().<JsonObject>consumer("jindou.event.message", m -> events.add(m.body())).completion()
        .await(10, TimeUnit.SECONDS);
    assertEquals(200, request("jindou.api.channel.create", new JsonObject().put("channel_id", "ebg")
        .put("channel_type", 2).put("subscribers", new JsonArray().add("eb1").add("eb2"))).getInteger("status"));
    assertEquals(200, request("jindou.api.user.token", new JsonObject().put("uid", "eb1").put("token", "t")
        .put("device_flag", 1)).getInteger("status"));
    try (WkClient c = WkClient.connect(node.tcpPort, 6, "eb1", "t")) {
      JsonObject sent = request("jindou.api.message.send", new JsonObject().put("from_uid", "eb2")
          .put("channel_id", "ebg").put("channel_type", 2).put("payload", "aGk=").put("client_msg_no", "eb-1"));
      assertEquals(1L, sent.getLong("message_seq"));
      assertEquals("eb-1", sent.getString("client_msg_no"));
      RecvPacket r = c.await(RecvPacket.class, Duration.ofSeconds(10));
      assertEquals("hi", WkClient.text(r));
      JsonObject e = events.poll(10, TimeUnit.SECONDS);
      assertEquals(sent.getLong("message_id"), e.getLong("message_id"));
      assertEquals("ebg", e.getString("channel_id"));
      assertEquals("eb2", e.getString("from_uid"));
      assertEquals("aGk=", e.getString("payload"));
      assertEquals(new JsonArray(), e.getJsonArray("offline_uids"), "eb1 was online; the sender is not listed");
    }
    // the server learns of the closed socket asynchronously: wait until eb1 is offline before the next send
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!node.http.raw("/user/onlinestatus", "[\"eb1\"]").array().isEmpty() && System.nanoTime() < until) {
      Thread.sleep(20);
    }
    request("jindou.api.message.send", new JsonObject().put("from_uid", "eb2").put("channel_id", "ebg")
        .put("channel_type", 2).put("payload", "aGk="));
    JsonObject later = events.poll(10, TimeUnit.SECONDS);
    assertEquals(new JsonArray().add("eb1"), later.getJsonArray("offline_uids"));
    // the same answer as HTTP for the same body
    Http.Res http = node.http.post("/message/send", new JsonObject().put("from_uid", "eb2").put("channel_id", "ebg")
        .put("channel_type", 2).put("payload", "aGk=").put("client_msg_no", "eb-1"));
    assertEquals(1L, http.json().getLong("message_seq"));
  }

  @Test
  void conversationSyncRepliesWithTheJsonArrayHttpSends() throws Exception {
    for (int i = 0; i < 3; i++) {
      node.http.post("/message/send", new JsonObject().put("from_uid", "ebc-peer" + i).put("channel_id", "ebc-me")
          .put("channel_type", 1).put("payload", "aGk=").put("client_msg_no", "ebc-" + i));
    }
    JsonObject req = new JsonObject().put("uid", "ebc-me").put("msg_count", 2);
    JsonArray viaBus = bus.eventBus().<JsonArray>request("jindou.api.conversation.sync", req)
        .await(10, TimeUnit.SECONDS).body();
    assertEquals(3, viaBus.size());
    assertEquals("ebc-peer2", viaBus.getJsonObject(0).getString("channel_id"));
    assertEquals("aGk=", viaBus.getJsonObject(0).getJsonArray("recents").getJsonObject(0).getString("payload"));
    assertEquals(node.http.post("/conversation/sync", req).array(), viaBus);
  }

  @Test
  void badBodiesGetTheSame400AsHttp() throws Exception {
    JsonObject bad = new JsonObject().put("from_uid", "x").put("channel_id", "g#1").put("channel_type", 2)
        .put("payload", "eA==");
    ReplyException e = failure("jindou.api.message.send", bad);
    assertEquals(400, e.failureCode());
    JsonObject viaHttp = node.http.post("/message/send", bad).json();
    assertEquals(viaHttp, new JsonObject(e.getMessage()));
    ReplyException notJson = failure("jindou.api.message.send", "not json");
    assertEquals(400, notJson.failureCode());
    ReplyException denied = failure("jindou.api.message.send", new JsonObject().put("from_uid", "x")
        .put("channel_id", "no-such-group").put("channel_type", 2).put("payload", "eA=="));
    assertEquals(403, denied.failureCode());
    assertEquals(5, new JsonObject(denied.getMessage()).getInteger("reason"));
  }

  @Test
  void userOnlineAndOfflineEvents() throws Exception {
    LinkedBlockingQueue<String> seen = new LinkedBlockingQueue<>();
    bus.eventBus().<JsonObject>consumer("jindou.event.user.online", m -> seen.add("on:" + m.body().getString("uid")))
        .completion().await(10, TimeUnit.SECONDS);
    bus.eventBus().<JsonObject>consumer("jindou.event.user.offline", m -> seen.add("off:" + m.body().getString("uid")))
        .completion().await(10, TimeUnit.SECONDS);
    node.token("presence-u", "t", 0);
    WkClient c = WkClient.connect(node.tcpPort, 6, "presence-u", "t");
    assertEquals("on:presence-u", seen.poll(10, TimeUnit.SECONDS));
    c.close();
    assertEquals("off:presence-u", seen.poll(10, TimeUnit.SECONDS));
  }

  // ---- TCP bridge: 4-byte big-endian length + UTF-8 JSON frames ----

  static void write(DataOutputStream out, JsonObject frame) throws Exception {
    byte[] b = frame.encode().getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
    out.flush();
  }

  static JsonObject read(DataInputStream in) throws Exception {
    int len = in.readInt();
    byte[] b = new byte[len];
    in.readFully(b);
    return new JsonObject(new String(b, StandardCharsets.UTF_8));
  }

  @Test
  void bridgeClientSendsReceivesEventsAndIsRefusedOutsideTheAllowList() throws Exception {
    JsonObject secret = new JsonObject().put("secret", "sesame");
    try (Socket s = new Socket("127.0.0.1", bridgePort)) {
      s.setSoTimeout(10_000);
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      DataInputStream in = new DataInputStream(s.getInputStream());
      write(out, new JsonObject().put("type", "register").put("address", "jindou.event.message").put("headers", secret));
      Thread.sleep(300);
      write(out, new JsonObject().put("type", "send").put("address", "jindou.api.message.send").put("headers", secret)
          .put("replyAddress", "my-reply").put("body", new JsonObject().put("from_uid", "bridge-user")
              .put("channel_id", "someone").put("channel_type", 1).put("payload", "eA==")));
      JsonObject reply = null;
      JsonObject event = null;
      for (int i = 0; i < 4 && (reply == null || event == null); i++) {
        JsonObject f = read(in);
        if ("my-reply".equals(f.getString("address"))) {
          reply = f;
        } else if ("jindou.event.message".equals(f.getString("address"))) {
          event = f;
        }
      }
      assertTrue(reply != null && reply.getJsonObject("body").getLong("message_seq") >= 1, String.valueOf(reply));
      assertEquals("bridge-user", event.getJsonObject("body").getString("from_uid"));

      write(out, new JsonObject().put("type", "send").put("address", "jindou.owner.1.0").put("headers", secret)
          .put("replyAddress", "r2").put("body", new JsonObject()));
      JsonObject refused = read(in);
      assertEquals("err", refused.getString("type"), refused.encode());

      write(out, new JsonObject().put("type", "send").put("address", "jindou.api.message.send")
          .put("headers", new JsonObject().put("secret", "wrong")).put("replyAddress", "r3")
          .put("body", new JsonObject()));
      JsonObject wrongSecret = read(in);
      assertEquals("err", wrongSecret.getString("type"), wrongSecret.encode());
    }
  }
}
