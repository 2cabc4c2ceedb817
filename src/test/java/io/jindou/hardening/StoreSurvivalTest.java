package io.jindou.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.support.ChildNode;
import io.jindou.support.Http;
import io.jindou.support.RedisServer;
import io.jindou.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Finding 2 of the hardening review: one {@code /message/sendbatch} (1,500 uids, a 300 KB payload) ran the JVM out
 * of memory inside the RocksDB writer thread, which died; every later send failed after 12.7 s while
 * {@code /readyz} stayed 200. Now a sendbatch names at most {@code sendbatch_max_uids} uids and keeps at most
 * {@code sendbatch_inflight_max} of its sends in flight, the writer survives any Throwable, and readiness checks
 * the store: the writer thread, and in Redis mode that Redis answers.
 */
class StoreSurvivalTest {

  static JsonObject batch(int uids, int payloadBytes) {
    JsonArray subs = new JsonArray();
    for (int i = 0; i < uids; i++) {
      subs.add("r" + i);
    }
    return new JsonObject().put("from_uid", "bulk").put("subscribers", subs)
        .put("payload", Base64.getEncoder().encodeToString(new byte[payloadBytes]));
  }

  @Test
  void aSendbatchOverTheLimitIsRefusedWhole() throws Exception {
    try (TestNode node = new TestNode(Map.of("sendbatch_max_uids", 50))) {
      Http.Res r = node.http.post("/message/sendbatch", batch(51, 10));
      assertEquals(400, r.status(), r::toString);
      assertTrue(r.json().getString("msg").contains("over the limit of 50"), r::toString);
      assertEquals(0L, node.http.get("/channel/max_message_seq?channel_id=r0@bulk&channel_type=1").json()
          .getLong("message_seq"), "nothing was sent");
      Http.Res ok = node.http.post("/message/sendbatch", batch(50, 10));
      assertEquals(200, ok.status(), ok::toString);
      assertEquals(new JsonArray(), ok.json().getJsonArray("fail_uids"));
    }
  }

  /**
   * The review's request, in a JVM with a 256 MB heap: 1,000 recipients of a 250 KB payload. Sent all at once,
   * their stored copies (250 MB) overflowed the heap in the writer thread; in bounded flight they are a few MB.
   */
  @Test
  void aHugeSendbatchIsStoredAndTheNodeKeepsWorking() throws Exception {
    Path data = Files.createTempDirectory("jindou-survival");
    try (ChildNode node = ChildNode.start(data, TestNode.freePort(), Map.of("JINDOU_TOKEN_AUTH", "false"))) {
      Http http = new Http(node.httpPort);
      Http.Res r = http.post("/message/sendbatch", batch(1000, 250 * 1024));
      assertEquals(200, r.status(), () -> r.toString().substring(0, Math.min(400, r.toString().length())));
      JsonArray failed = r.json().getJsonArray("fail_uids");
      assertEquals(0, failed.size(), () -> failed.size() + " of 1000 recipients failed, the first because: "
          + r.json().getJsonArray("reason").getString(0));
      for (int i = 0; i < 1000; i++) { // every acknowledged message is there, once
        String ch = "/channel/max_message_seq?channel_id=bulk@r" + i + "&channel_type=1";
        assertEquals(1L, http.get(ch).json().getLong("message_seq"), "stored for r" + i);
      }
      long t0 = System.nanoTime();
      Http.Res after = http.post("/message/send", new JsonObject().put("from_uid", "a").put("channel_id", "b")
          .put("channel_type", 1).put("payload", "aGk="));
      assertEquals(200, after.status(), after::toString);
      assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "a send right after it is answered promptly");
      assertEquals(200, http.get("/readyz").status());
      assertTrue(node.isAlive());
    } finally {
      TestNode.deleteTree(data);
    }
  }

  @Test
  void aRedisThatStopsAnsweringTakesTheNodeOutOfReadinessAndBackIn() throws Exception {
    try (RedisServer redis = RedisServer.start();
        TestNode node = new TestNode(Map.of("store", "redis", "redis_url", redis.url()))) {
      assertEquals(200, node.http.get("/readyz").status());
      redis.signal("STOP"); // accepts connections, never answers: the hardest failure to notice
      try {
        awaitStatus(node, 503, 30);
      } finally {
        redis.signal("CONT");
      }
      awaitStatus(node, 200, 30);
      assertEquals(200, node.http.post("/message/send", new JsonObject().put("from_uid", "a")
          .put("channel_id", "b").put("channel_type", 1).put("payload", "aGk=")).status());
    }
  }

  static void awaitStatus(TestNode node, int status, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    int last = -1;
    while (System.nanoTime() < deadline) {
      last = node.http.get("/readyz").status();
      if (last == status) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("/readyz answered " + last + ", not " + status + ", for " + seconds + " s");
  }
}
