package io.jindou.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.proto.ConnackPacket;
import io.jindou.proto.ConnectPacket;
import io.jindou.proto.Flags;
import io.jindou.proto.Packet;
import io.jindou.proto.PingPacket;
import io.jindou.proto.PongPacket;
import io.jindou.proto.RecvPacket;
import io.jindou.proto.SendPacket;
import io.jindou.proto.SendackPacket;
import io.jindou.proto.Setting;
import io.jindou.proto.WkCrypto;
import io.jindou.proto.WkCryptoSession;
import io.jindou.proto.WkDecoder;
import io.jindou.proto.WkEncoder;
import io.jindou.support.TestNode;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** WKProto in binary WebSocket messages (one packet each) and JSON-RPC in text messages on the same port. */
class WebSocketTest {
  static TestNode node;

  @BeforeAll
  static void start() throws Exception {
    node = new TestNode();
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }

  /** Collects every message of a JDK WebSocket client: binary as byte[], text as String. */
  static final class Collector implements WebSocket.Listener {
    final LinkedBlockingQueue<Object> messages = new LinkedBlockingQueue<>();
    private final java.io.ByteArrayOutputStream partial = new java.io.ByteArrayOutputStream();
    private final StringBuilder text = new StringBuilder();

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
      byte[] b = new byte[data.remaining()];
      data.get(b);
      partial.writeBytes(b);
      if (last) {
        messages.add(partial.toByteArray());
        partial.reset();
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        messages.add(text.toString());
        text.setLength(0);
      }
      ws.request(1);
      return null;
    }

    Object next() throws InterruptedException {
      Object o = messages.poll(10, TimeUnit.SECONDS);
      if (o == null) {
        throw new AssertionError("no WebSocket message within 10 s");
      }
      return o;
    }
  }

  static WebSocket open(Collector c) {
    return HttpClient.newHttpClient().newWebSocketBuilder()
        .buildAsync(URI.create("ws://127.0.0.1:" + node.wsPort + "/"), c).join();
  }

  @Test
  void wkprotoOverWebSocketOnePacketPerMessage() throws Exception {
    node.token("wsu", "t", 0);
    Collector col = new Collector();
    WebSocket ws = open(col);
    WkCrypto.X25519KeyPair keys = WkCrypto.generateKeyPair();
    ws.sendBinary(ByteBuffer.wrap(WkEncoder.encode(new ConnectPacket(6, 1, "d", "wsu", "t", System.currentTimeMillis(),
        keys.publicKeyBase64()), 6)), true).join();
    ConnackPacket ack = (ConnackPacket) WkDecoder.decode((byte[]) col.next(), 6);
    assertEquals(1, ack.reasonCode());
    WkCryptoSession crypto = WkCrypto.session(keys.privateKey(), ack.serverKey(), ack.salt());
    SendPacket send = crypto.sealSend(new SendPacket(Flags.NONE, Setting.NONE, 9, "ws-1", "", "wsu", 1, 0, "", "",
        "note to self".getBytes(StandardCharsets.UTF_8)));
    // SEND and PING in one binary message: inbound WebSocket data is a stream
    byte[] a = WkEncoder.encode(send, 6);
    byte[] b = WkEncoder.encode(PingPacket.INSTANCE, 6);
    byte[] both = new byte[a.length + b.length];
    System.arraycopy(a, 0, both, 0, a.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    ws.sendBinary(ByteBuffer.wrap(both), true).join();
    boolean sawAck = false;
    boolean sawPong = false;
    for (int i = 0; i < 2; i++) {
      Packet p = WkDecoder.decode((byte[]) col.next(), 6); // exactly one packet per message, or this throws
      if (p instanceof SendackPacket s) {
        assertEquals(9, s.clientSeq());
        assertEquals(1, s.reasonCode());
        sawAck = true;
      } else if (p instanceof PongPacket) {
        sawPong = true;
      }
    }
    assertTrue(sawAck && sawPong);
    ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
  }

  @Test
  void jsonRpcConnectSendReceivePing() throws Exception {
    node.token("rpc1", "t1", 0);
    Collector col = new Collector();
    WebSocket ws = open(col);
    ws.sendText(new JsonObject().put("method", "connect").put("id", "c-1").put("params", new JsonObject()
        .put("uid", "rpc1").put("token", "t1").put("deviceFlag", 1).put("clientTimestamp", System.currentTimeMillis()))
        .encode(), true).join();
    JsonObject connected = new JsonObject((String) col.next());
    assertEquals("c-1", connected.getString("id"));
    assertEquals(1, connected.getJsonObject("result").getInteger("reasonCode"));

    String payload = Base64.getEncoder().encodeToString("{\"type\":1,\"content\":\"hi\"}".getBytes(StandardCharsets.UTF_8));
    ws.sendText(new JsonObject().put("method", "send").put("id", "s-1").put("params", new JsonObject()
        .put("clientMsgNo", "m-1").put("channelId", "rpc-peer").put("channelType", 1).put("payload", payload)
        .put("header", new JsonObject().put("redDot", true))).encode(), true).join();
    JsonObject sent = new JsonObject((String) col.next());
    assertEquals("s-1", sent.getString("id"));
    assertEquals(1, sent.getJsonObject("result").getInteger("reasonCode"));
    assertTrue(Long.parseLong(sent.getJsonObject("result").getString("messageId")) > 0);

    node.http.post("/message/send", new JsonObject().put("from_uid", "rpc-peer").put("channel_id", "rpc1")
        .put("channel_type", 1).put("payload", payload));
    JsonObject recv = new JsonObject((String) col.next());
    assertEquals("recv", recv.getString("method"));
    assertEquals("rpc-peer", recv.getJsonObject("params").getString("channelId"));
    assertEquals(payload, recv.getJsonObject("params").getString("payload"));

    ws.sendText("{\"method\":\"ping\",\"id\":\"p-1\"}", true).join();
    JsonObject pong = new JsonObject((String) col.next());
    assertEquals("p-1", pong.getString("id"));
    assertTrue(!pong.containsKey("result") && !pong.containsKey("error"));

    ws.sendText("{\"method\":\"nonsense\",\"id\":\"x\"}", true).join();
    JsonObject err = new JsonObject((String) col.next());
    assertTrue(err.getJsonObject("error").getString("message").contains("nonsense"));
    ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
  }

  @Test
  void jsonRpcWithoutConnectFirstIsClosed() throws Exception {
    Collector col = new Collector();
    WebSocket ws = open(col);
    ws.sendText("{\"method\":\"ping\",\"id\":\"p\"}", true).join();
    long deadline = System.currentTimeMillis() + 10_000;
    while (!ws.isInputClosed() && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(ws.isInputClosed());
  }

  @Test
  void recvOverWebSocketDecryptsForTheSession() throws Exception {
    node.token("wsr", "t", 0);
    Collector col = new Collector();
    WebSocket ws = open(col);
    WkCrypto.X25519KeyPair keys = WkCrypto.generateKeyPair();
    ws.sendBinary(ByteBuffer.wrap(WkEncoder.encode(new ConnectPacket(2, 1, "d", "wsr", "t", System.currentTimeMillis(),
        keys.publicKeyBase64()), 2)), true).join();
    ConnackPacket ack = (ConnackPacket) WkDecoder.decode((byte[]) col.next(), 2);
    WkCryptoSession crypto = WkCrypto.session(keys.privateKey(), ack.serverKey(), ack.salt());
    node.http.post("/message/send", new JsonObject().put("from_uid", "someone").put("channel_id", "wsr")
        .put("channel_type", 1).put("payload", "aGVsbG8="));
    RecvPacket r = crypto.openRecv((RecvPacket) WkDecoder.decode((byte[]) col.next(), 2));
    assertEquals("hello", new String(r.payload(), StandardCharsets.UTF_8));
    ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
  }
  /**
   * Browsers and the npm {@code ws} library offer permessage-deflate by default; the gateway declines it (issue 17,
   * issue 22: a negotiated deflate keeps zlib contexts per connection once a message has passed, by zlib's own
   * formula about 290 KB, for payloads that are encrypted and do not compress). The upgrade still succeeds, without
   * the extension; main accepted it.
   */
  @Test
  void anOfferedPermessageDeflateIsDeclined() throws Exception {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", node.wsPort)) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
          + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n")
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      java.io.InputStream in = s.getInputStream();
      StringBuilder head = new StringBuilder();
      while (!head.toString().endsWith("\r\n\r\n")) {
        int b = in.read();
        assertTrue(b >= 0, "closed during the upgrade: " + head);
        head.append((char) b);
      }
      assertTrue(head.toString().startsWith("HTTP/1.1 101"), head.toString());
      assertTrue(!head.toString().toLowerCase(java.util.Locale.ROOT).contains("sec-websocket-extensions"),
          "no extension accepted: " + head);
    }
  }
}
