package io.jindou.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Finding 3 of the hardening review for the reads that {@link ResponseBudgetTest} does not cover: the offline
 * command sync ({@code /message/sync}, with {@code /message/syncack}) and the V2 channel syncs
 * ({@code /conversation/syncMessages}, {@code /conversation/syncByChannels}) each returned everything asked in one
 * answer, whatever its size (here 8 groups × 3 messages and 2 commands of 24 KB: 0.5–0.8 MB against a budget of
 * 128 KiB). Now each answer stays within {@code response_max_bytes} plus the one message that reaches it, and
 * paging the way each contract allows returns every message and command exactly once: the command sync by
 * acknowledging what it got and syncing again, syncMessages from the last seq of each channel it got while the
 * {@code Jindou-More: 1} header says there is more, syncByChannels by asking again for the channels it did not get.
 */
class SyncBudgetTest {
  static final int BUDGET = 128 * 1024;
  static final int PAYLOAD = 24 * 1024;
  static final int GROUPS = 8;
  static final int MESSAGES = 3;
  static final int COMMANDS = 2;
  /** What an answer may carry beyond the budget: the one message that reaches it, with its JSON. */
  static final int SLACK = PAYLOAD / 3 * 4 + 4096;
  static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  static TestNode node;

  @BeforeAll
  static void start() throws Exception {
    node = new TestNode(Map.of("response_max_bytes", BUDGET));
    for (int g = 0; g < GROUPS; g++) {
      assertEquals(200, node.http.post("/channel", new JsonObject().put("channel_id", "sb" + g).put("channel_type", 2)
          .put("subscribers", new JsonArray().add("member").add("writer"))).status());
      for (int i = 1; i <= MESSAGES; i++) {
        send("sb" + g, "writer", i, false);
      }
      for (int i = 1; i <= COMMANDS; i++) {
        send("sb" + g, "____system", i, true);
      }
    }
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }

  static void send(String group, String from, int i, boolean command) {
    byte[] payload = new byte[PAYLOAD];
    payload[0] = (byte) i;
    JsonObject body = new JsonObject().put("from_uid", from).put("channel_id", group).put("channel_type", 2)
        .put("payload", Base64.getEncoder().encodeToString(payload));
    if (command) {
      body.put("header", new JsonObject().put("sync_once", 1));
    }
    var r = node.http.post("/message/send", body);
    assertEquals(200, r.status(), r::toString);
  }

  /** POSTs {@code body}; the answer's body, checked to be 200 and within the budget, and its more header. */
  static Answer post(String path, JsonObject body) throws Exception {
    HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort + path))
        .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(r.body().length() <= BUDGET + SLACK, "a " + path + " answer of " + r.body().length() + " bytes");
    return new Answer(new JsonArray(r.body()), r.headers().firstValue("Jindou-More").map("1"::equals).orElse(false));
  }

  record Answer(JsonArray items, boolean more) {
  }

  @Test
  void conversationListCutsItsPageAtTheBudgetAndPagesOnFromItsCursor() throws Exception {
    Set<String> seen = new LinkedHashSet<>();
    String cursor = "";
    int pages = 0;
    while (true) {
      assertTrue(pages++ < 2 * GROUPS, "the pass must make progress and end");
      HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort
          + "/conversation/list")).timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(
              new JsonObject().put("uid", "member").put("cursor", cursor).put("limit", 200).encode())).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), r.body());
      assertTrue(r.body().length() <= BUDGET + SLACK, "a /conversation/list answer of " + r.body().length() + " bytes");
      JsonObject page = new JsonObject(r.body());
      for (Object o : page.getJsonArray("conversations")) {
        assertTrue(seen.add(((JsonObject) o).getString("channel_id")), "each conversation once: " + o);
      }
      if (page.getBoolean("done")) {
        break;
      }
      cursor = page.getString("next_cursor");
    }
    assertTrue(pages > 1, "8 last messages of 24 KB do not fit in 128 KiB: the pass takes several pages");
    assertEquals(GROUPS, seen.size(), "every conversation: " + seen);
  }

  @Test
  void offlineCommandSyncStaysWithinTheBudgetAndAcksPageThroughEveryCommand() throws Exception {
    Set<String> seen = new LinkedHashSet<>();
    int calls = 0;
    while (true) {
      assertTrue(calls++ < 4 * GROUPS * COMMANDS, "the sync must make progress and end");
      JsonArray got = post("/message/sync", new JsonObject().put("uid", "member").put("limit", 500)).items();
      if (got.isEmpty()) {
        break;
      }
      long last = 0;
      for (Object o : got) {
        JsonObject m = (JsonObject) o;
        assertTrue(seen.add(m.getString("channel_id") + "/" + m.getLong("message_seq")), "each command once: " + m
            .getString("channel_id") + "/" + m.getLong("message_seq"));
        last = Math.max(last, m.getLong("message_seq"));
      }
      assertEquals(200, node.http.post("/message/syncack", new JsonObject().put("uid", "member")
          .put("last_message_seq", last)).status());
    }
    assertEquals(GROUPS * COMMANDS, seen.size(), "every command: " + seen);
    assertTrue(calls > 3, GROUPS * COMMANDS + " commands of 24 KB must take several answers, took " + (calls - 1));
  }

  @Test
  void syncMessagesGivesEachChannelAShareAndContinuesFromTheLastSeqs() throws Exception {
    Map<String, Long> from = new HashMap<>();
    Set<String> seen = new HashSet<>();
    int calls = 0;
    boolean more = true;
    while (more) {
      assertTrue(calls++ < 4 * GROUPS * MESSAGES, "paging must make progress and end");
      JsonArray channels = new JsonArray();
      for (int g = 0; g < GROUPS; g++) {
        channels.add(new JsonObject().put("channel_id", "sb" + g).put("channel_type", 2)
            .put("last_msg_seq", from.getOrDefault("sb" + g, 0L)));
      }
      Answer a = post("/conversation/syncMessages", new JsonObject().put("uid", "member").put("channels", channels)
          .put("msg_count", 10));
      more = a.more();
      int got = 0;
      for (Object o : a.items()) {
        JsonObject c = (JsonObject) o;
        for (Object mo : c.getJsonArray("messages")) {
          JsonObject m = (JsonObject) mo;
          assertTrue(seen.add(c.getString("channel_id") + "/" + m.getLong("message_seq")), "each message once");
          from.merge(c.getString("channel_id"), m.getLong("message_seq") + 1, Math::max);
          got++;
        }
      }
      assertTrue(!more || got > 0, "an answer that says more must carry something");
    }
    assertEquals(GROUPS * MESSAGES, seen.size(), "every message: " + seen);
    assertTrue(calls > 2, "8 × 3 messages of 24 KB must take several answers, took " + calls);
  }

  @Test
  void syncByChannelsEndsEarlyWithTheHeaderAndAnswersTheRestNext() throws Exception {
    Set<String> answered = new LinkedHashSet<>();
    int calls = 0;
    while (answered.size() < GROUPS) {
      assertTrue(calls++ < 2 * GROUPS, "paging must make progress and end");
      JsonArray channels = new JsonArray();
      for (int g = 0; g < GROUPS; g++) {
        if (!answered.contains("sb" + g)) {
          channels.add(new JsonObject().put("channel_id", "sb" + g).put("channel_type", 2));
        }
      }
      Answer a = post("/conversation/syncByChannels", new JsonObject().put("uid", "member").put("channels", channels)
          .put("msg_count", MESSAGES));
      assertTrue(a.items().size() > 0, "at least one channel per answer");
      for (Object o : a.items()) {
        JsonObject c = (JsonObject) o;
        assertTrue(answered.add(c.getString("channel_id")), "each channel once: " + c.getString("channel_id"));
        assertTrue(c.getJsonArray("recents").size() >= 1, "a channel carries at least its newest message");
      }
      assertEquals(answered.size() < GROUPS, a.more(), "more exactly when channels were left out");
    }
    assertTrue(calls > 2, "8 channels with 3 × 24 KB each must take several answers, took " + calls);
  }
}
