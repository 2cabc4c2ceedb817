package io.jindou.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.access.webhook.Signature;
import io.jindou.support.Http;
import io.jindou.support.TestNode;
import io.jindou.support.WebhookReceiver;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * Webhooks as a business server sees them (issue 15), against a real HTTP receiver started by the test: bodies and
 * query strings byte for byte as WuKongIM's (spec http-api §1.10), signatures that verify (and fail on a tampered
 * body), retries through errors and an outage with stable ids and no loss.
 */
class WebhookTest {

  static TestNode node(WebhookReceiver receiver, Map<String, Object> extra) throws Exception {
    Map<String, Object> cfg = new HashMap<>(Map.of("webhook_url", receiver.url(), "webhook_timeout_ms", 1000,
        "webhook_retry_backoff_max_ms", 400));
    cfg.putAll(extra);
    return new TestNode(cfg);
  }

  static JsonObject send(Http http, String from, String channel, int type, String cmn, String text) {
    Http.Res r = http.post("/message/send", new JsonObject().put("from_uid", from).put("channel_id", channel)
        .put("channel_type", type).put("client_msg_no", cmn).put("header", new JsonObject().put("red_dot", 1))
        .put("payload", Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8))));
    assertEquals(200, r.status(), r.toString());
    return r.json().containsKey("data") ? r.json().getJsonObject("data") : r.json();
  }

  static void group(Http http, String id, String... members) {
    Http.Res r = http.post("/channel", new JsonObject().put("channel_id", id).put("channel_type", 2)
        .put("subscribers", new JsonArray(List.of(members))));
    assertEquals(200, r.status(), r.toString());
  }

  static void await(String what, Duration max, BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  /** The message objects of every delivered msg.notify post, in arrival order. */
  static List<JsonObject> notified(WebhookReceiver r) {
    return r.delivered("msg.notify").stream().flatMap(p -> new JsonArray(p.text()).stream())
        .map(o -> (JsonObject) o).toList();
  }

  static long timestampOf(Http http, String uid, String channel, int type) {
    return http.post("/channel/messagesync", new JsonObject().put("login_uid", uid).put("channel_id", channel)
        .put("channel_type", type).put("limit", 10)).json().getJsonArray("messages").getJsonObject(0)
        .getLong("timestamp");
  }

  @Test
  void bodiesAndQueryStringsAreWuKongImsAndSignaturesVerify() throws Exception {
    try (WebhookReceiver rx = new WebhookReceiver(); TestNode n = node(rx, Map.of("webhook_secret", "s3cret",
        "webhook_offline_compress_threshold", 2))) {
      group(n.http, "wh-g", "wa", "wb", "wc");
      JsonObject sent = send(n.http, "wa", "wh-g", 2, "cmn-1", "hi");
      long id = sent.getLong("message_id");
      await("msg.notify and msg.offline", Duration.ofSeconds(20),
          () -> !rx.delivered("msg.notify").isEmpty() && !rx.delivered("msg.offline").isEmpty());
      long ts = timestampOf(n.http, "wa", "wh-g", 2);
      WebhookReceiver.Post notify = rx.delivered("msg.notify").get(0);
      assertEquals("event=msg.notify", notify.query());
      assertEquals("application/json", notify.header("Content-Type"));
      assertEquals("[{\"header\":{\"no_persist\":0,\"red_dot\":1,\"sync_once\":0},\"setting\":0,\"message_id\":" + id
          + ",\"message_idstr\":\"" + id + "\",\"client_msg_no\":\"cmn-1\",\"message_seq\":1,\"from_uid\":\"wa\","
          + "\"channel_id\":\"wh-g\",\"channel_type\":2,\"expire\":0,\"timestamp\":" + ts + ",\"payload\":\"aGk=\"}]",
          notify.text());
      WebhookReceiver.Post offline = rx.delivered("msg.offline").get(0);
      assertEquals("event=msg.offline", offline.query());
      assertEquals("{\"header\":{\"no_persist\":0,\"red_dot\":1,\"sync_once\":0},\"setting\":0,\"message_id\":" + id
          + ",\"message_idstr\":\"" + id + "\",\"client_msg_no\":\"cmn-1\",\"message_seq\":1,\"from_uid\":\"wa\","
          + "\"channel_id\":\"wh-g\",\"channel_type\":2,\"expire\":0,\"timestamp\":" + ts + ",\"payload\":\"aGk=\","
          + "\"to_uids\":[\"wb\",\"wc\"],\"source_id\":1}", offline.text());

      // signature: v1=hex(HMAC-SHA256(secret, timestamp + "." + body)); a tampered body does not verify
      String signature = notify.header("X-Jindou-Signature");
      String stamp = notify.header("X-Jindou-Timestamp");
      assertTrue(stamp.matches("\\d{10}"), stamp);
      assertEquals(signature, hmac("s3cret", stamp, notify.body()));
      byte[] tampered = notify.text().replace("aGk=", "aGl=").getBytes(StandardCharsets.UTF_8);
      assertNotEquals(signature, hmac("s3cret", stamp, tampered));
      assertNotEquals(signature, hmac("other", stamp, notify.body()));
      assertTrue(notify.header("X-Jindou-Event-Id").length() > 10);
      assertTrue(Long.parseLong(notify.header("X-Jindou-Event-Seq")) > 0);

      // a person channel: channel_id is the recipient and from_uid the raw sender in msg.offline
      JsonObject p = send(n.http, "pa", "pb", 1, "cmn-p", "yo");
      await("the person message's events", Duration.ofSeconds(20), () -> rx.delivered("msg.offline").stream()
          .anyMatch(o -> o.text().contains("\"message_id\":" + p.getLong("message_id"))));
      JsonObject po = new JsonObject(rx.delivered("msg.offline").stream()
          .filter(o -> o.text().contains("\"message_id\":" + p.getLong("message_id"))).findFirst().get().text());
      assertEquals("pb", po.getString("channel_id"));
      assertEquals("pa", po.getString("from_uid"));
      assertEquals(List.of("pb"), po.getJsonArray("to_uids").getList());
      await("the person message's msg.notify", Duration.ofSeconds(20), () -> notified(rx).stream()
          .anyMatch(m -> m.getLong("message_id").equals(p.getLong("message_id"))));
      JsonObject pn = notified(rx).stream().filter(m -> m.getLong("message_id").equals(p.getLong("message_id")))
          .findFirst().get();
      assertEquals("pb", pn.getString("channel_id"), "msg.notify: the party that is not from_uid");

      // above the threshold the recipients are gzip + Base64
      group(n.http, "wh-big", "wa", "w1", "w2", "w3");
      JsonObject big = send(n.http, "wa", "wh-big", 2, "cmn-big", "to many");
      await("the compressed msg.offline", Duration.ofSeconds(20), () -> rx.delivered("msg.offline").stream()
          .anyMatch(o -> o.text().contains("\"message_id\":" + big.getLong("message_id"))));
      JsonObject bo = new JsonObject(rx.delivered("msg.offline").stream()
          .filter(o -> o.text().contains("\"message_id\":" + big.getLong("message_id"))).findFirst().get().text());
      assertEquals("gzip", bo.getString("compress"));
      assertTrue(bo.containsKey("to_uids") && bo.getValue("to_uids") == null);
      byte[] gz = Base64.getDecoder().decode(bo.getString("compress_to_uids"));
      String uids = new String(new GZIPInputStream(new ByteArrayInputStream(gz)).readAllBytes(),
          StandardCharsets.UTF_8);
      assertEquals("[\"w1\",\"w2\",\"w3\"]", uids);
    }
  }

  static String hmac(String secret, String ts, byte[] body) throws Exception {
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    mac.update((ts + ".").getBytes(StandardCharsets.UTF_8));
    return "v1=" + java.util.HexFormat.of().formatHex(mac.doFinal(body));
  }

  @Test
  void theSignatureHelperIsTheReadmesCheck() throws Exception {
    byte[] body = "[]".getBytes(StandardCharsets.UTF_8);
    assertEquals(hmac("k", "1700000000", body), Signature.sign("k", "1700000000", body));
  }

  @Test
  void errorsThenAnOutageLoseNothingAndRetriesKeepTheirIds() throws Exception {
    try (WebhookReceiver rx = new WebhookReceiver(); TestNode n = node(rx, Map.of("webhook_batch_max", 3))) {
      rx.failNext(4);
      group(n.http, "wr-g", "ra", "rb");
      java.util.Set<Long> ids = new java.util.HashSet<>();
      for (int i = 0; i < 6; i++) {
        ids.add(send(n.http, "ra", "wr-g", 2, "r-" + i, "m" + i).getLong("message_id"));
      }
      await("four failed posts", Duration.ofSeconds(20), () -> rx.posts.stream()
          .filter(p -> p.answered() == 500).count() >= 4);
      rx.down();
      for (int i = 6; i < 12; i++) { // sends go on while the receiver is down
        ids.add(send(n.http, "ra", "wr-g", 2, "r-" + i, "m" + i).getLong("message_id"));
      }
      Thread.sleep(10_000);
      assertTrue(n.http.get("/webhook/status").json().getLong("pending") > 0);
      rx.up();
      await("every message notified", Duration.ofSeconds(30), () -> notified(rx).stream()
          .map(m -> m.getLong("message_id")).collect(java.util.stream.Collectors.toSet()).containsAll(ids));
      // each event id always carries the same body; a message is in exactly one event id
      Map<String, String> bodyById = new HashMap<>();
      Map<Long, String> eventOfMessage = new HashMap<>();
      for (WebhookReceiver.Post p : rx.posts) {
        String id = p.header("X-Jindou-Event-Id");
        String earlier = bodyById.putIfAbsent(id, p.text());
        assertTrue(earlier == null || earlier.equals(p.text()), "a retry of " + id + " has the same body");
        if (p.event().equals("msg.notify")) {
          for (Object o : new JsonArray(p.text())) {
            String before = eventOfMessage.putIfAbsent(((JsonObject) o).getLong("message_id"), id);
            assertTrue(before == null || before.equals(id), "a message is never re-sent under another id");
          }
        }
      }
      assertTrue(rx.posts.stream().filter(p -> p.answered() == 500).map(p -> p.header("X-Jindou-Event-Id"))
          .anyMatch(id -> rx.delivered("msg.notify").stream().anyMatch(d -> id.equals(
              d.header("X-Jindou-Event-Id")))), "a failed event was delivered later under its id");
      // commit order: the messages of the channel arrive in seq order
      List<Long> seqs = notified(rx).stream().map(m -> m.getLong("message_seq")).distinct().toList();
      assertEquals(seqs.stream().sorted().toList(), seqs);
      await("nothing pending", Duration.ofSeconds(10), () -> n.http.get("/webhook/status").json()
          .getLong("pending") == 0);
    }
  }

  @Test
  void theLogReplaysFromACursorAndDeadLettersAreRedeliveredWithTheirIds() throws Exception {
    try (WebhookReceiver rx = new WebhookReceiver(); TestNode n = node(rx, Map.of("webhook_retry_max_age_seconds", 1,
        "webhook_events", "msg.notify", "webhook_batch_max", 1))) {
      rx.status(500);
      group(n.http, "wd-g", "da", "db");
      for (int i = 0; i < 3; i++) {
        send(n.http, "da", "wd-g", 2, "d-" + i, "dead " + i);
      }
      await("three dead letters", Duration.ofSeconds(20), () -> n.http.get("/webhook/status").json()
          .getLong("dead_letters") == 3);
      JsonObject status = n.http.get("/webhook/status").json();
      assertTrue(status.getLong("failures") >= 3, status.encode());
      assertEquals("HTTP 500", status.getString("last_error"));
      JsonArray log = n.http.get("/webhook/events?cursor=0&limit=10").json().getJsonArray("events");
      assertEquals(3, log.size());
      assertEquals(List.of("dead", "dead", "dead"),
          log.stream().map(o -> ((JsonObject) o).getString("state")).toList());
      long first = log.getJsonObject(0).getLong("seq");
      JsonObject page = n.http.get("/webhook/events?cursor=" + first + "&limit=1&event=msg.notify").json();
      assertEquals(log.getJsonObject(1), page.getJsonArray("events").getJsonObject(0), "the same event from a cursor");
      assertEquals(log.getJsonObject(1).getLong("seq"), page.getLong("next_cursor"));
      JsonObject none = n.http.get("/webhook/events?cursor=0&limit=5&event=msg.offline").json();
      assertEquals(0, none.getJsonArray("events").size());
      assertEquals(log.getJsonObject(2).getLong("seq"), none.getLong("next_cursor"), "the cursor moves past others");

      rx.status(200);
      assertEquals(3, n.http.post("/webhook/redeliver", new JsonObject().put("dead_letters", true)).json()
          .getInteger("redelivered"));
      await("the dead letters delivered", Duration.ofSeconds(20), () -> rx.delivered("msg.notify").size() == 3);
      Set<String> ids = rx.delivered("msg.notify").stream().map(p -> p.header("X-Jindou-Event-Id"))
          .collect(java.util.stream.Collectors.toSet());
      assertEquals(log.stream().map(o -> ((JsonObject) o).getString("id")).collect(java.util.stream.Collectors.toSet()),
          ids, "redelivered under their original ids");
      assertEquals(log.getJsonObject(0).getValue("body"), new JsonArray(rx.delivered("msg.notify").stream()
          .filter(p -> p.header("X-Jindou-Event-Id").equals(log.getJsonObject(0).getString("id"))).findFirst()
          .get().text()), "the log holds the exact body posted");
      await("the log says delivered", Duration.ofSeconds(10), () -> n.http.get("/webhook/events?cursor=0&limit=10")
          .json().getJsonArray("events").stream()
          .allMatch(o -> ((JsonObject) o).getString("state").equals("delivered")));
      assertEquals(1, n.http.post("/webhook/redeliver", new JsonObject().put("from_seq", first).put("to_seq", first))
          .json().getInteger("redelivered"));
      await("a range redelivered", Duration.ofSeconds(20), () -> rx.delivered("msg.notify").size() == 4);

      assertEquals(400, n.http.get("/webhook/events?limit=0").status());
      assertEquals(400, n.http.get("/webhook/events?cursor=-1").status());
      Http.Res unknown = n.http.get("/webhook/events?event=msg.bogus");
      assertEquals(400, unknown.status());
      assertTrue(unknown.json().getString("msg").contains("unknown event 'msg.bogus'"), unknown.toString());
      assertEquals(400, n.http.post("/webhook/redeliver", new JsonObject().put("from_seq", 5).put("to_seq", 2))
          .status());
    }
  }

  @Test
  void badReceiversNeitherStallSendsNorPileUpPosts() throws Exception {
    try (WebhookReceiver rx = new WebhookReceiver(); TestNode n = node(rx, Map.of("webhook_max_inflight", 2,
        "webhook_batch_max", 1, "webhook_events", "msg.notify"))) {
      group(n.http, "wb-g", "ba", "bb");
      int sent = 0;
      for (String mode : List.of("hang", "redirect", "huge")) {
        rx.hang(mode.equals("hang")).status(mode.equals("redirect") ? 302 : 200).hugeAnswers(mode.equals("huge"));
        for (int i = 0; i < 20; i++) { // every send is answered while the receiver misbehaves
          send(n.http, "ba", "wb-g", 2, mode + i, mode + " " + i);
          sent++;
        }
        Thread.sleep(1500);
        JsonObject status = n.http.get("/webhook/status").json();
        assertTrue(status.getLong("inflight") <= 2, mode + ": " + status.encode());
        if (!mode.equals("huge")) {
          assertTrue(status.getLong("failures") > 0, mode + ": " + status.encode());
        }
      }
      rx.hang(false).status(200).hugeAnswers(false);
      int all = sent;
      await("every message notified once the receiver behaves", Duration.ofSeconds(60), () -> notified(rx).stream()
          .map(m -> m.getLong("message_id")).distinct().count() == all);
    }
    try (TestNode unreachable = new TestNode(Map.of("webhook_url", "http://127.0.0.1:" + TestNode.freePort() + "/x",
        "webhook_retry_backoff_max_ms", 200))) {
      group(unreachable.http, "wu-g", "ua", "ub");
      for (int i = 0; i < 20; i++) {
        send(unreachable.http, "ua", "wu-g", 2, "u" + i, "nobody listens");
      }
      await("failures counted", Duration.ofSeconds(10), () -> unreachable.http.get("/webhook/status").json()
          .getLong("failures") > 0);
      assertTrue(unreachable.http.get("/webhook/status").json().getLong("lag") > 0);
    }
  }

  @Test
  void connectsAndDisconnectsArePostedAsOnlineStatusStrings() throws Exception {
    try (WebhookReceiver rx = new WebhookReceiver(); TestNode n = node(rx, Map.of())) {
      n.token("os-a", "t", 1);
      try (io.jindou.support.WkClient first = io.jindou.support.WkClient.connect(n.tcpPort, 5, "os-a", "t")) {
        assertEquals(1, first.connack.reasonCode());
        await("the online item", Duration.ofSeconds(10), () -> statusItems(rx).stream()
            .anyMatch(i -> i.matches("os-a-1-1-\\d+-1-1")));
      }
      await("the offline item", Duration.ofSeconds(10), () -> statusItems(rx).stream()
          .anyMatch(i -> i.matches("os-a-1-0-\\d+-0-0")));
      WebhookReceiver.Post post = rx.delivered("user.onlinestatus").get(0);
      assertEquals("event=user.onlinestatus", post.query());
      assertTrue(post.text().startsWith("[\"os-a-1-1-"), post.text());
    }
  }

  static List<String> statusItems(WebhookReceiver rx) {
    return rx.delivered("user.onlinestatus").stream().flatMap(p -> new JsonArray(p.text()).stream())
        .map(Object::toString).toList();
  }

  @Test
  void theOutboxCapStopsNewEventsWithOneLogLineAndSendsGoOn() throws Exception {
    java.util.logging.Logger log = java.util.logging.Logger.getLogger("io.jindou.webhook.WebhookOutbox");
    List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.logging.Handler h = new java.util.logging.Handler() {
      @Override
      public void publish(java.util.logging.LogRecord r) {
        lines.add(r.getLevel() + " " + r.getMessage());
      }

      @Override
      public void flush() {
      }

      @Override
      public void close() {
      }
    };
    log.addHandler(h);
    try (WebhookReceiver rx = new WebhookReceiver(); TestNode n = node(rx, Map.of("webhook_outbox_max", 5,
        "webhook_events", "msg.notify", "webhook_batch_max", 1))) {
      rx.down();
      group(n.http, "wc-g", "ca", "cb");
      for (int i = 0; i < 8; i++) {
        send(n.http, "ca", "wc-g", 2, "c" + i, "before the cap");
      }
      await("the cap's log line", Duration.ofSeconds(10), () -> lines.stream()
          .anyMatch(l -> l.startsWith("WARNING webhook outbox full") && l.contains("webhook_outbox_max=5")));
      long lag = n.http.get("/webhook/status").json().getLong("lag");
      for (int i = 8; i < 20; i++) {
        send(n.http, "ca", "wc-g", 2, "c" + i, "past the cap: no event");
      }
      assertEquals(lag, n.http.get("/webhook/status").json().getLong("lag"), "no event was added at the cap");
      assertEquals(1, lines.stream().filter(l -> l.startsWith("WARNING webhook outbox full")).count());
      rx.up();
      await("drained and open again", Duration.ofSeconds(20), () -> lines.stream()
          .anyMatch(l -> l.startsWith("INFO webhook outbox below webhook_outbox_max")));
    } finally {
      log.removeHandler(h);
    }
  }

  @Test
  void withoutRetentionADeliveredEventIsForgotten() throws Exception {
    try (WebhookReceiver rx = new WebhookReceiver(); TestNode n = node(rx, Map.of("webhook_retention_seconds", 0))) {
      group(n.http, "wn-g", "na", "nb");
      send(n.http, "na", "wn-g", 2, "n1", "gone after delivery");
      await("delivered", Duration.ofSeconds(10), () -> !rx.delivered("msg.notify").isEmpty()
          && !rx.delivered("msg.offline").isEmpty());
      await("forgotten", Duration.ofSeconds(10), () -> n.http.get("/webhook/events").json().getJsonArray("events")
          .isEmpty());
    }
  }

  @Test
  void aUserWithOnlyASlaveDeviceOnlineStillGetsMsgOffline() throws Exception {
    try (WebhookReceiver rx = new WebhookReceiver(); TestNode n = node(rx, Map.of("webhook_events", "msg.offline"))) {
      group(n.http, "wm-g", "ma", "m-slave", "m-master", "m-gone");
      n.token("m-slave", "t", 0);
      n.token("m-master", "t", 1);
      try (io.jindou.support.WkClient slave = io.jindou.support.WkClient.connect(n.tcpPort, 5, "m-slave", "t");
          io.jindou.support.WkClient master = io.jindou.support.WkClient.connect(n.tcpPort, 5, "m-master", "t")) {
        assertEquals(1, slave.connack.reasonCode());
        assertEquals(1, master.connack.reasonCode());
        send(n.http, "ma", "wm-g", 2, "m1", "who is away?");
        await("msg.offline", Duration.ofSeconds(10), () -> !rx.delivered("msg.offline").isEmpty());
        JsonObject o = new JsonObject(rx.delivered("msg.offline").get(0).text());
        assertEquals(Set.of("m-slave", "m-gone"), Set.copyOf(o.getJsonArray("to_uids").getList()),
            "the sender and a user with a master device online are left out");
      }
    }
  }

  @Test
  void offlineRecipientsAreTheOwnersIncludingDatasourceMembersAndNoPersistMessagesToo() throws Exception {
    try (WebhookReceiver rx = new WebhookReceiver(); io.jindou.support.DatasourceServer ds =
        new io.jindou.support.DatasourceServer()) {
      ds.answer("getSubscribers", "wds-g", 2, "[\"xa\",\"xb\",\"xc\"]");
      try (TestNode n = node(rx, Map.of("datasource_url", ds.url()))) {
        JsonObject m = send(n.http, "xa", "wds-g", 2, "x1", "to the datasource's members");
        await("msg.offline", Duration.ofSeconds(10), () -> !rx.delivered("msg.offline").isEmpty());
        JsonObject o = new JsonObject(rx.delivered("msg.offline").get(0).text());
        assertEquals(m.getLong("message_id"), o.getLong("message_id"));
        assertEquals(List.of("xb", "xc"), o.getJsonArray("to_uids").getList());

        group(n.http, "wnp-g", "ya", "yb");
        Http.Res r = n.http.post("/message/send", new JsonObject().put("from_uid", "ya").put("channel_id", "wnp-g")
            .put("channel_type", 2).put("header", new JsonObject().put("no_persist", 1)).put("payload", "aGk="));
        assertEquals(200, r.status(), r.toString());
        await("the no_persist message's msg.offline", Duration.ofSeconds(10), () -> rx.delivered("msg.offline")
            .stream().anyMatch(p -> p.text().contains("\"channel_id\":\"wnp-g\"")));
        JsonObject np = new JsonObject(rx.delivered("msg.offline").stream()
            .filter(p -> p.text().contains("\"channel_id\":\"wnp-g\"")).findFirst().get().text());
        assertEquals(1, np.getJsonObject("header").getInteger("no_persist"));
        assertEquals(0, np.getInteger("message_seq"));
        assertEquals(List.of("yb"), np.getJsonArray("to_uids").getList());
        Thread.sleep(300);
        assertTrue(notified(rx).stream().noneMatch(x -> x.getString("channel_id").equals("wnp-g")),
            "no msg.notify for a message that is not stored");
      }
    }
  }
}
