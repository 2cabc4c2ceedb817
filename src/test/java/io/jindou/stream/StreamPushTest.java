package io.jindou.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.proto.EventPacket;
import io.jindou.proto.RecvPacket;
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
import java.util.Base64;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Live push of stream events to a group's online members, by dialect (spec wkproto §2.11, §6): a raw protocol-v6
 * client gets every EVENT in order, a JSON-RPC client every {@code event} notification, and the npm SDK 1.0.4
 * (protocol 2, no EVENT decoder) and a raw v2 client get none, stay connected and read the finished text through
 * sync. A client that drops mid-stream resumes through eventsync plus live push with every delta exactly once.
 */
class StreamPushTest {
  static TestNode node;
  static Http http;

  @BeforeAll
  static void start() throws Exception {
    SdkClient.installOnce();
    node = new TestNode();
    http = node.http;
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }

  static void group(String id, String... members) {
    assertEquals(200, http.post("/channel", new JsonObject().put("channel_id", id).put("channel_type", 2)
        .put("subscribers", new JsonArray(List.of(members)))).status());
    for (String m : members) {
      node.token(m, "t-" + m, 0);
    }
  }

  static void anchor(String group, String cmn) {
    assertEquals(200, http.post("/message/send", new JsonObject().put("from_uid", "bot").put("channel_id", group)
        .put("channel_type", 2).put("client_msg_no", cmn).put("is_stream", 1)
        .put("payload", Base64.getEncoder().encodeToString("{\"type\":1,\"content\":\"\"}".getBytes()))).status());
  }

  static long event(String group, String cmn, String id, String type, JsonObject payload) {
    Http.Res r = http.post("/message/event", new JsonObject().put("channel_id", group).put("channel_type", 2)
        .put("client_msg_no", cmn).put("event_id", id).put("event_type", type).put("payload", payload));
    assertEquals(200, r.status(), r.toString());
    return r.json().getJsonObject("data").getLong("msg_event_seq");
  }

  static JsonObject delta(String t) {
    return new JsonObject().put("kind", "text").put("delta", t);
  }

  static String token(int i) {
    return "w" + i + " ";
  }

  @Test
  void everyDialectThatCanDecodeEventsGetsThemLiveInOrderAndTheOthersReadTheResultBySync() throws Exception {
    group("push-g", "bot", "v6", "rpc", "v2", "sdk");
    try (WkClient v6 = WkClient.connect(node.tcpPort, 6, "v6", "t-v6");
        WkClient v2 = WkClient.connect(node.tcpPort, 2, "v2", "t-v2");
        WsClient rpc = WsClient.jsonRpc(node.wsPort, "rpc", "t-rpc");
        SdkClient sdk = SdkClient.start(SdkClient.Options.of(node.wsPort, "sdk", "t-sdk").withTrace())) {
      sdk.awaitStatus("Connected");
      anchor("push-g", "ai-1");
      RecvPacket anchorRecv = v6.await(RecvPacket.class, Duration.ofSeconds(10));
      assertEquals("ai-1", anchorRecv.clientMsgNo());
      v6.recvack(anchorRecv);
      event("push-g", "ai-1", "open", "stream.open", null);
      int n = 500;
      StringBuilder want = new StringBuilder();
      long start = System.nanoTime();
      for (int i = 1; i <= n; i++) { // an AI-like producer: 50 deltas per second
        event("push-g", "ai-1", "d" + i, "stream.delta", delta(token(i)));
        want.append(token(i));
        long due = start + i * 20_000_000L;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
      }
      event("push-g", "ai-1", "fin", "stream.finish", null);

      EventPacket first = v6.await(EventPacket.class, Duration.ofSeconds(10));
      assertEquals("stream.open", first.type());
      assertEquals("open", first.id());
      StringBuilder live = new StringBuilder();
      for (int i = 1; i <= n; i++) {
        EventPacket e = v6.await(EventPacket.class, Duration.ofSeconds(10));
        JsonObject data = new JsonObject(new String(e.data(), StandardCharsets.UTF_8));
        assertEquals(i + 1L, data.getLong("msg_event_seq"), "in order, none missing");
        assertEquals("d" + i, e.id());
        assertEquals("stream.delta", e.type());
        assertEquals("ai-1", data.getString("client_msg_no"));
        assertEquals("push-g", data.getString("channel_id"));
        assertEquals("bot", data.getString("from_uid"));
        assertEquals("main", data.getString("event_key"));
        assertEquals("open", data.getString("stream_status"));
        live.append(data.getJsonObject("payload").getString("delta"));
      }
      EventPacket fin = v6.await(EventPacket.class, Duration.ofSeconds(10));
      assertEquals("stream.finish", fin.type());
      assertEquals(want.toString(), live.toString());

      JsonObject rpcOpen = rpc.awaitJson(o -> "event".equals(o.getString("method")));
      assertEquals("stream.open", rpcOpen.getJsonObject("params").getString("type"));
      StringBuilder rpcText = new StringBuilder();
      for (int i = 1; i <= n; i++) {
        JsonObject p = rpc.awaitJson(o -> "event".equals(o.getString("method"))).getJsonObject("params");
        JsonObject data = new JsonObject(p.getString("data"));
        assertEquals(i + 1L, data.getLong("msg_event_seq"));
        rpcText.append(data.getJsonObject("payload").getString("delta"));
      }
      assertEquals(want.toString(), rpcText.toString());

      // the clients that cannot decode EVENT got none, and are still connected: a plain message reaches them
      assertEquals(200, http.post("/message/send", new JsonObject().put("from_uid", "bot").put("channel_id", "push-g")
          .put("channel_type", 2).put("payload", Base64.getEncoder().encodeToString(
              "{\"type\":1,\"content\":\"after\"}".getBytes()))).status());
      RecvPacket v2Anchor = v2.await(RecvPacket.class, Duration.ofSeconds(10));
      assertEquals("ai-1", v2Anchor.clientMsgNo());
      RecvPacket after = v2.await(RecvPacket.class, Duration.ofSeconds(10));
      assertTrue(WkClient.text(after).contains("after"));
      assertTrue(v2.seen().stream().noneMatch(p -> p instanceof EventPacket), "no EVENT to a v2 client");
      sdk.awaitMessage(m -> "after".equals(m.getString("text")));
      assertTrue(sdk.events().stream().anyMatch(e -> "frame".equals(e.getString("event"))
          && "RECV".equals(e.getString("type"))), "the trace records the frames the SDK receives");
      assertTrue(sdk.events().stream().noneMatch(e -> "EVENT".equals(e.getString("type"))),
          "no EVENT frame reached the npm SDK");
      assertTrue(sdk.events().stream().noneMatch(e -> "status".equals(e.getString("event"))
          && "Disconnect".equals(e.getString("status"))), "the npm SDK never dropped its connection");
      JsonObject page = http.post("/channel/messagesync", new JsonObject().put("login_uid", "sdk")
          .put("channel_id", "push-g").put("channel_type", 2).put("limit", 10)).json();
      JsonObject synced = page.getJsonArray("messages").getJsonObject(0);
      assertEquals("ai-1", synced.getString("client_msg_no"));
      assertEquals(1, synced.getInteger("end"));
      assertEquals(want.toString(), new String(Base64.getDecoder().decode(synced.getString("stream_data")),
          StandardCharsets.UTF_8), "the SDK's app reads the finished text through sync");
    }
  }

  @Test
  void aClientThatDropsMidStreamResumesThroughEventsyncAndLivePushExactlyOnce() throws Exception {
    group("push-r", "bot", "rr");
    anchor("push-r", "ai-2");
    int n = 400;
    StringBuilder want = new StringBuilder();
    TreeMap<Long, String> got = new TreeMap<>();
    long lastSeen;
    try (WkClient c = WkClient.connect(node.tcpPort, 6, "rr", "t-rr")) {
      for (int i = 1; i <= 200; i++) {
        event("push-r", "ai-2", "d" + i, "stream.delta", delta(token(i)));
        want.append(token(i));
      }
      for (int i = 1; i <= 200; i++) {
        JsonObject data = data(c.await(EventPacket.class, Duration.ofSeconds(10)));
        got.put(data.getLong("msg_event_seq"), data.getJsonObject("payload").getString("delta"));
      }
      lastSeen = got.lastKey();
    }
    assertEquals(200L, lastSeen, "disconnected at delta 200");
    Thread producer = new Thread(() -> {
      for (int i = 201; i <= n; i++) {
        event("push-r", "ai-2", "d" + i, "stream.delta", delta(token(i)));
      }
    });
    for (int i = 201; i <= n; i++) {
      want.append(token(i));
    }
    producer.start();
    List<Long> duplicates = new ArrayList<>();
    try (WkClient c = WkClient.connect(node.tcpPort, 6, "rr", "t-rr")) {
      Thread.sleep(50); // the producer is mid-stream while the client catches up
      long cursor = lastSeen;
      boolean more = true;
      while (more) { // catch up from the last seq seen, then live
        JsonObject d = http.post("/message/eventsync", new JsonObject().put("channel_id", "push-r")
            .put("channel_type", 2).put("client_msg_no", "ai-2").put("from_msg_event_seq", cursor).put("limit", 50))
            .json().getJsonObject("data");
        for (Object o : d.getJsonArray("events")) {
          JsonObject e = (JsonObject) o;
          if (got.put(e.getLong("msg_event_seq"), e.getJsonObject("payload").getString("delta")) != null) {
            duplicates.add(e.getLong("msg_event_seq"));
          }
        }
        cursor = d.getLong("next_msg_event_seq");
        more = d.getInteger("more") == 1;
      }
      producer.join();
      while (got.size() < n) {
        JsonObject data = data(c.await(EventPacket.class, Duration.ofSeconds(10)));
        long seq = data.getLong("msg_event_seq");
        if (seq > cursor) { // live events up to the cursor were already read by sync: skipped, not applied twice
          assertEquals(null, got.put(seq, data.getJsonObject("payload").getString("delta")), "seq " + seq);
          cursor = seq;
        }
      }
    }
    assertEquals(List.of(), duplicates, "eventsync after the cursor never repeats what was seen");
    assertEquals(n, got.size());
    assertEquals(n, (long) got.lastKey(), "no gap");
    assertEquals(want.toString(), String.join("", got.values()), "the full text, in order, exactly once");
  }

  static JsonObject data(EventPacket e) {
    return new JsonObject(new String(e.data(), StandardCharsets.UTF_8));
  }
}
