package io.jindou.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.proto.SendackPacket;
import io.jindou.support.Http;
import io.jindou.support.TestNode;
import io.jindou.support.WkClient;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The before-send hook (issue 15), against a real HTTP hook started by the test that decides by the payload's
 * text: allow, reject (HTTP 403 reason 11 and SENDACK 11, with the hook's reason), replace the payload, and a hook
 * too slow to answer in time under each {@code webhook_before_send_on_error} policy; system senders are not asked.
 */
class BeforeSendTest {
  static Vertx vertx;
  static HttpServer hook;
  static final List<JsonObject> asked = new CopyOnWriteArrayList<>();
  static TestNode allowing;
  static TestNode rejecting;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    hook = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
      JsonObject m = b.toJsonObject();
      asked.add(m.put("query", req.query()));
      String text = new String(Base64.getDecoder().decode(m.getString("payload")), StandardCharsets.UTF_8);
      Runnable answer = () -> {
        JsonObject verdict = switch (text) {
          case "darn" -> new JsonObject().put("action", "reject").put("reason", "no swearing");
          case "replace me" -> new JsonObject().put("action", "replace")
              .put("payload", Base64.getEncoder().encodeToString("***".getBytes(StandardCharsets.UTF_8)));
          default -> new JsonObject().put("action", "allow");
        };
        req.response().end(verdict.encode());
      };
      if (text.equals("slow")) {
        vertx.setTimer(3000, t -> answer.run());
      } else {
        answer.run();
      }
    })).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    String url = "http://127.0.0.1:" + hook.actualPort() + "/before";
    allowing = new TestNode(Map.of("webhook_before_send_url", url, "webhook_before_send_timeout_ms", 500));
    rejecting = new TestNode(Map.of("webhook_before_send_url", url, "webhook_before_send_timeout_ms", 500,
        "webhook_before_send_on_error", "reject"));
  }

  @AfterAll
  static void stop() throws Exception {
    allowing.close();
    rejecting.close();
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  static Http.Res send(TestNode n, String from, String to, String text) {
    return n.http.post("/message/send", new JsonObject().put("from_uid", from).put("channel_id", to)
        .put("channel_type", 1).put("payload", Base64.getEncoder().encodeToString(text.getBytes(
            StandardCharsets.UTF_8))));
  }

  static String lastText(TestNode n, String uid, String peer) {
    JsonObject page = n.http.post("/channel/messagesync", new JsonObject().put("login_uid", uid)
        .put("channel_id", peer).put("channel_type", 1).put("limit", 100)).json();
    var ms = page.getJsonArray("messages");
    return new String(Base64.getDecoder().decode(ms.getJsonObject(ms.size() - 1).getString("payload")),
        StandardCharsets.UTF_8);
  }

  @Test
  void theHookAllowsRejectsAndReplaces() {
    assertEquals(200, send(allowing, "ha", "hb", "hello").status());
    JsonObject q = asked.get(asked.size() - 1);
    assertEquals("event=msg.before_send", q.getString("query"));
    assertEquals("ha", q.getString("from_uid"));
    assertEquals("hb", q.getString("channel_id"), "as the sender addressed it");
    Http.Res refused = send(allowing, "ha", "hb", "darn");
    assertEquals(403, refused.status(), refused.toString());
    assertEquals(11, refused.json().getInteger("reason"));
    assertEquals("no swearing", refused.json().getString("msg"));
    assertEquals(200, send(allowing, "ha", "hb", "replace me").status());
    assertEquals("***", lastText(allowing, "hb", "ha"), "stored and delivered with the hook's payload");
  }

  @Test
  void aSlowHookFollowsTheOnErrorPolicy() {
    assertEquals(200, send(allowing, "sa", "sb", "slow").status(), "allow: the send goes on");
    assertEquals("slow", lastText(allowing, "sb", "sa"));
    Http.Res refused = send(rejecting, "sa", "sb", "slow");
    assertEquals(403, refused.status(), refused.toString());
    assertEquals(11, refused.json().getInteger("reason"));
    assertTrue(refused.json().getString("msg").contains("did not answer"), refused.toString());
  }

  @Test
  void aClientSendIsRejectedWithSendack11() throws Exception {
    allowing.token("wk-a", "t", 1);
    try (WkClient a = WkClient.connect(allowing.tcpPort, 5, "wk-a", "t")) {
      assertEquals(1, a.connack.reasonCode());
      a.send(1, "wk-b", 1, "darn");
      assertEquals(11, a.await(SendackPacket.class, Duration.ofSeconds(10)).reasonCode());
      a.send(2, "wk-b", 1, "fine");
      assertEquals(1, a.await(SendackPacket.class, Duration.ofSeconds(10)).reasonCode());
    }
  }

  @Test
  void systemSendersAreNotAsked() {
    int before = asked.size();
    assertEquals(200, send(allowing, "____system", "sys-b", "darn").status());
    assertEquals(before, asked.size());
  }
}
