package io.jindou.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.proto.Flags;
import io.jindou.proto.RecvPacket;
import io.jindou.proto.SendPacket;
import io.jindou.proto.SendackPacket;
import io.jindou.proto.Setting;
import io.jindou.proto.WkEncoder;
import io.jindou.support.Http;
import io.jindou.support.SdkClient;
import io.jindou.support.TestNode;
import io.jindou.support.WkClient;
import io.jindou.support.WsClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every client dialect reaches every other (issue 21): WKProto v1–v6 over TCP and over WebSocket, JSON-RPC, the
 * official npm SDK ({@code wukongimjssdk@1.0.4}), and HTTP sends, each sending to each receiving dialect in a
 * person chat and in a group, and the payload arriving byte for byte. Senders include a WKProto client that sends
 * with NoEncrypt and an HTTP send with {@code setting} 16 (NoEncrypt): how a message came in never decides how it
 * goes out, every WKProto connection gets it sealed with its own key (the SDK verifies and decrypts every RECV).
 * One node, one connection per dialect and role, reused by every case.
 */
class DialectMatrixTest {
  static final String GROUP = "mx-group";
  static TestNode node;
  static final List<Sender> senders = new ArrayList<>();
  static final List<Receiver> receivers = new ArrayList<>();
  static final List<AutoCloseable> open = new ArrayList<>();

  /** One sending connection (or the HTTP API). {@code send} returns the exact payload bytes that went out. */
  interface Sender {
    String name();

    String uid();

    byte[] send(String channelId, int channelType, String text) throws Exception;
  }

  /** What a receiver saw: the payload bytes and the message as shown to it. */
  record Seen(byte[] payload, String channelId, int channelType, String fromUid) {
  }

  /** One receiving connection: waits for the message whose payload is exactly {@code payload}. */
  interface Receiver {
    String name();

    String uid();

    /** Waits for the message with exactly these payload bytes; {@code what} names the case in failures. */
    Seen await(byte[] payload, String what) throws Exception;
  }

  @BeforeAll
  static void start() throws Exception {
    SdkClient.installOnce();
    node = new TestNode(Map.of("recv_retry_interval_ms", 600_000));
    List<String> members = new ArrayList<>();
    for (int v = 1; v <= 6; v++) {
      int version = v;
      for (String role : List.of("s", "r")) {
        String tcpUid = "mx-" + role + "-tcp-v" + v;
        String wsUid = "mx-" + role + "-ws-v" + v;
        members.add(tcpUid);
        members.add(wsUid);
        node.token(tcpUid, "t", 0);
        node.token(wsUid, "t", 0);
        WkClient tcp = WkClient.connect(node.tcpPort, v, tcpUid, "t");
        assertEquals(1, tcp.connack.reasonCode(), tcpUid);
        WsClient ws = WsClient.wkproto(node.wsPort, v, wsUid, "t");
        open.add(tcp);
        open.add(ws);
        if (role.equals("s")) {
          senders.add(tcpSender("tcp-v" + v, tcp, false));
          senders.add(wsSender("ws-v" + v, ws));
        } else {
          receivers.add(tcpReceiver("tcp-v" + version, tcp));
          receivers.add(wsReceiver("ws-v" + version, ws));
        }
      }
    }
    String plainUid = "mx-s-tcp-v6-noencrypt";
    node.token(plainUid, "t", 0);
    WkClient plain = WkClient.connect(node.tcpPort, 6, plainUid, "t");
    open.add(plain);
    senders.add(tcpSender("tcp-v6-noencrypt", plain, true));
    members.add(plainUid);
    for (String role : List.of("s", "r")) {
      String rpcUid = "mx-" + role + "-jsonrpc";
      String sdkUid = "mx-" + role + "-sdk";
      node.token(rpcUid, "t", 0);
      node.token(sdkUid, "t", 0);
      members.add(rpcUid);
      members.add(sdkUid);
      WsClient rpc = WsClient.jsonRpc(node.wsPort, rpcUid, "t");
      SdkClient sdk = SdkClient.connect(node.wsPort, sdkUid, "t");
      open.add(rpc);
      open.add(sdk);
      sdk.awaitStatus("Connected");
      if (role.equals("s")) {
        senders.add(rpcSender(rpc));
        senders.add(sdkSender(sdk));
      } else {
        receivers.add(rpcReceiver(rpc));
        receivers.add(sdkReceiver(sdk));
      }
    }
    senders.add(httpSender("http", "mx-s-http", -1));
    senders.add(httpSender("http-setting16", "mx-s-http16", Setting.NO_ENCRYPT));
    members.add("mx-s-http");
    members.add("mx-s-http16");
    Http.Res created = node.http.post("/channel", new JsonObject().put("channel_id", GROUP).put("channel_type", 2)
        .put("subscribers", new JsonArray(members)));
    assertEquals(200, created.status(), created.toString());
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
    node.close();
  }

  @Test
  void everySenderReachesEveryReceiverInPersonChatsAndInAGroup() throws Exception {
    assertEquals(17, senders.size());
    assertEquals(14, receivers.size());
    int cases = 0;
    for (Sender s : senders) {
      for (Receiver r : receivers) {
        byte[] sent = s.send(r.uid(), 1, s.name() + " → " + r.name() + " 金豆 é");
        Seen seen = r.await(sent, s.name() + " → " + r.name());
        assertEquals(s.uid(), seen.channelId(), s.name() + " → " + r.name() + ": person channel shown as the peer");
        assertEquals(1, seen.channelType());
        assertEquals(s.uid(), seen.fromUid(), s.name() + " → " + r.name());
        cases++;
      }
      byte[] sent = s.send(GROUP, 2, s.name() + " → everyone 金豆 é");
      for (Receiver r : receivers) {
        Seen seen = r.await(sent, s.name() + " → " + r.name() + " in the group");
        assertEquals(GROUP, seen.channelId(), s.name() + " → " + r.name() + " in the group");
        assertEquals(2, seen.channelType());
        assertEquals(s.uid(), seen.fromUid());
        cases++;
      }
    }
    assertEquals(17 * 14 * 2, cases);
  }

  // ---- the dialects

  static byte[] json(String text) {
    return new JsonObject().put("type", 1).put("content", text).encode().getBytes(StandardCharsets.UTF_8);
  }

  static Sender tcpSender(String name, WkClient c, boolean noEncrypt) {
    return new Sender() {
      long seq;

      public String name() {
        return name;
      }

      public String uid() {
        return c.uid;
      }

      public byte[] send(String channelId, int type, String text) throws Exception {
        byte[] payload = json(text);
        long clientSeq = ++seq;
        if (noEncrypt) {
          c.write(WkEncoder.encode(new SendPacket(Flags.RED_DOT, Setting.of(Setting.NO_ENCRYPT), clientSeq,
              name + "-" + clientSeq, "", channelId, type, 0, "", "", payload), c.version));
        } else {
          c.send(clientSeq, name + "-" + clientSeq, channelId, type, new String(payload, StandardCharsets.UTF_8),
              Flags.RED_DOT);
        }
        SendackPacket ack = c.await(SendackPacket.class, Duration.ofSeconds(15));
        assertEquals(clientSeq, ack.clientSeq(), name);
        assertEquals(1, ack.reasonCode(), name + " → " + channelId);
        return payload;
      }
    };
  }

  static Sender wsSender(String name, WsClient c) {
    return new Sender() {
      long seq;

      public String name() {
        return name;
      }

      public String uid() {
        return c.uid;
      }

      public byte[] send(String channelId, int type, String text) throws Exception {
        byte[] payload = json(text);
        long clientSeq = ++seq;
        c.send(clientSeq, name + "-" + clientSeq, channelId, type, payload);
        SendackPacket ack = c.awaitPacket(SendackPacket.class, a -> a.clientSeq() == clientSeq);
        assertEquals(1, ack.reasonCode(), name + " → " + channelId);
        return payload;
      }
    };
  }

  static Sender rpcSender(WsClient c) {
    return new Sender() {
      public String name() {
        return "jsonrpc";
      }

      public String uid() {
        return c.uid;
      }

      public byte[] send(String channelId, int type, String text) throws Exception {
        byte[] payload = json(text);
        c.send(0, "rpc-" + System.nanoTime(), channelId, type, payload);
        JsonObject res = c.awaitJson(o -> o.containsKey("result")
            && o.getJsonObject("result").containsKey("messageId"));
        assertEquals(1, res.getJsonObject("result").getInteger("reasonCode"), "jsonrpc → " + channelId);
        return payload;
      }
    };
  }

  static Sender sdkSender(SdkClient c) {
    return new Sender() {
      public String name() {
        return "sdk";
      }

      public String uid() {
        return c.uid();
      }

      public byte[] send(String channelId, int type, String text) {
        JsonObject sent = c.send(channelId, type, text);
        assertEquals(1, c.awaitSendack(sent.getInteger("clientSeq")).getInteger("reasonCode"), "sdk → " + channelId);
        return Base64.getDecoder().decode(sent.getString("payloadBase64"));
      }
    };
  }

  static Sender httpSender(String name, String uid, int setting) {
    return new Sender() {
      public String name() {
        return name;
      }

      public String uid() {
        return uid;
      }

      public byte[] send(String channelId, int type, String text) {
        byte[] payload = json(text);
        JsonObject body = new JsonObject().put("from_uid", uid).put("channel_id", channelId).put("channel_type", type)
            .put("payload", Base64.getEncoder().encodeToString(payload));
        if (setting >= 0) {
          body.put("setting", setting);
        }
        Http.Res r = node.http.post("/message/send", body);
        assertEquals(200, r.status(), name + " → " + channelId + ": " + r);
        return payload;
      }
    };
  }

  static Receiver tcpReceiver(String name, WkClient c) {
    return new Receiver() {
      public String name() {
        return name;
      }

      public String uid() {
        return c.uid;
      }

      public Seen await(byte[] payload, String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
          RecvPacket r = c.await(RecvPacket.class, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
          if (Arrays.equals(payload, r.payload())) {
            c.recvack(r);
            assertTrue(!r.setting().noEncrypt() && r.msgKey().length() == 32, what + ": a sealed RECV");
            return new Seen(r.payload(), r.channelId(), r.channelType(), r.fromUid());
          }
        }
      }
    };
  }

  static Receiver wsReceiver(String name, WsClient c) {
    return new Receiver() {
      public String name() {
        return name;
      }

      public String uid() {
        return c.uid;
      }

      public Seen await(byte[] payload, String what) throws Exception {
        RecvPacket r = (RecvPacket) c.awaitRecv(p -> Arrays.equals(payload, p));
        assertTrue(!r.setting().noEncrypt() && r.msgKey().length() == 32, what + ": a sealed RECV");
        assertEquals(List.of(), c.errors(), what);
        return new Seen(r.payload(), r.channelId(), r.channelType(), r.fromUid());
      }
    };
  }

  static Receiver rpcReceiver(WsClient c) {
    return new Receiver() {
      public String name() {
        return "jsonrpc";
      }

      public String uid() {
        return c.uid;
      }

      public Seen await(byte[] payload, String what) throws Exception {
        JsonObject p = (JsonObject) c.awaitRecv(b -> Arrays.equals(payload, b));
        return new Seen(Base64.getDecoder().decode(p.getString("payload")), p.getString("channelId"),
            p.getInteger("channelType"), p.getString("fromUid"));
      }
    };
  }

  static Receiver sdkReceiver(SdkClient c) {
    return new Receiver() {
      public String name() {
        return "sdk";
      }

      public String uid() {
        return c.uid();
      }

      public Seen await(byte[] payload, String what) {
        String b64 = Base64.getEncoder().encodeToString(payload);
        JsonObject m = c.awaitMessage(x -> b64.equals(x.getString("payloadBase64")));
        return new Seen(Base64.getDecoder().decode(m.getString("payloadBase64")), m.getString("channelID"),
            m.getInteger("channelType"), m.getString("fromUID"));
      }
    };
  }
}
