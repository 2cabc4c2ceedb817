package io.jindou.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.support.ChildNode;
import io.jindou.support.Http;
import io.jindou.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The server as a separate process: acknowledged messages survive kill -9; startup errors are one line. */
class CrashRecoveryTest {

  @Test
  void everyAcknowledgedMessageSurvivesKill9() throws Exception {
    Path data = Files.createTempDirectory("jindou-crash");
    int port = TestNode.freePort();
    Map<String, Long> acked = new HashMap<>();
    try (ChildNode node = ChildNode.start(data, port)) {
      Http http = new Http(port);
      assertEquals(200, http.post("/channel", new JsonObject().put("channel_id", "c").put("channel_type", 2)
          .put("subscribers", new JsonArray().add("u"))).status());
      List<CompletableFuture<Http.Res>> inflight = new ArrayList<>();
      List<String> keys = new ArrayList<>();
      java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
      for (int i = 0; i < 500; i++) {
        String key = "k" + i;
        keys.add(key);
        byte[] body = new JsonObject().put("from_uid", "u").put("channel_id", "c").put("channel_type", 2)
            .put("client_msg_no", key).put("payload", "cGF5bG9hZA==").encode().getBytes(StandardCharsets.UTF_8);
        CompletableFuture<Http.Res> call = http.postAsync("/message/send", body);
        call.whenComplete((r, e) -> done.incrementAndGet());
        inflight.add(call);
        if (i == 199) {
          CompletableFuture.allOf(inflight.toArray(new CompletableFuture[0])).join(); // first wave: all acknowledged
        }
      }
      while (done.get() < 230) {
        Thread.sleep(1);
      }
      node.kill9(); // second wave: killed with sends still in flight
      for (int i = 0; i < inflight.size(); i++) {
        try {
          Http.Res r = inflight.get(i).join();
          if (r.status() == 200) {
            acked.put(keys.get(i), r.json().getLong("message_seq"));
          }
        } catch (RuntimeException e) {
          // connection reset by the kill: not acknowledged, so no promise was made
        }
      }
    }
    assertTrue(acked.size() >= 230, "expected the first wave and some of the second acknowledged, got " + acked.size());
    try (ChildNode again = ChildNode.start(data, port)) {
      Http http = new Http(port);
      JsonArray ms = http.post("/channel/messagesync", new JsonObject().put("login_uid", "u").put("channel_id", "c")
          .put("channel_type", 2).put("start_message_seq", 1).put("pull_mode", 1).put("limit", 10000)).json()
          .getJsonArray("messages");
      Map<String, Long> stored = new HashMap<>();
      for (int i = 0; i < ms.size(); i++) {
        JsonObject m = ms.getJsonObject(i);
        assertEquals(i + 1L, m.getLong("message_seq"), "sequences stay contiguous after recovery");
        stored.put(m.getString("client_msg_no"), m.getLong("message_seq"));
      }
      for (Map.Entry<String, Long> e : acked.entrySet()) {
        assertEquals(e.getValue(), stored.get(e.getKey()), "acknowledged " + e.getKey() + " lost or moved");
      }
      // a retry of an acknowledged send after the crash is still de-duplicated
      String first = acked.keySet().iterator().next();
      JsonObject retry = http.post("/message/send", new JsonObject().put("from_uid", "u").put("channel_id", "c")
          .put("channel_type", 2).put("client_msg_no", first).put("payload", "cGF5bG9hZA==")).json();
      assertEquals(acked.get(first), retry.getLong("message_seq"));
    } finally {
      TestNode.deleteTree(data);
    }
  }

  @Test
  void sigtermStopsCleanlyAndKeepsEverything() throws Exception {
    Path data = Files.createTempDirectory("jindou-term");
    int port = TestNode.freePort();
    try {
      try (ChildNode node = ChildNode.start(data, port)) {
        Http http = new Http(port);
        for (int i = 0; i < 20; i++) {
          assertEquals(200, http.post("/message/send", new JsonObject().put("from_uid", "a").put("channel_id", "b")
              .put("channel_type", 1).put("payload", "eA==")).status());
        }
        assertEquals(143, node.terminate(), "SIGTERM exit status");
      }
      try (ChildNode again = ChildNode.start(data, port)) {
        assertEquals(20L, new Http(port).get("/channel/max_message_seq?channel_id=b&channel_type=1&login_uid=a")
            .json().getLong("message_seq"));
      }
    } finally {
      TestNode.deleteTree(data);
    }
  }

  @Test
  void aTakenPortIsAOneLineErrorAndExitCode1() throws Exception {
    Path data = Files.createTempDirectory("jindou-port");
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getByName("0.0.0.0"))) {
      ChildNode.Exit exit = ChildNode.runToExit(data, taken.getLocalPort());
      assertEquals(1, exit.code());
      assertTrue(exit.stderr().contains("port " + taken.getLocalPort() + " is already in use"), exit.stderr());
      assertEquals(1, exit.stderr().lines().filter(l -> l.startsWith("jindou: ")).count(), exit.stderr());
      assertTrue(exit.stderr().strip().endsWith("(Address already in use)"), exit.stderr());
      assertTrue(!exit.stderr().contains("\tat "), "no stack trace: " + exit.stderr());
    } finally {
      TestNode.deleteTree(data);
    }
  }

  @Test
  void anUnusableDataFolderIsAOneLineErrorAndExitCode1() throws Exception {
    Path file = Files.createTempFile("jindou-not-a-dir", ".txt");
    try {
      ChildNode.Exit exit = ChildNode.runToExit(file, TestNode.freePort());
      assertEquals(1, exit.code());
      assertTrue(exit.stderr().contains("jindou: cannot start: data folder"), exit.stderr());
      assertTrue(!exit.stderr().contains("\tat "), "no stack trace: " + exit.stderr());
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
