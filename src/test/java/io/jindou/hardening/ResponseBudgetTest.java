package io.jindou.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.support.Http;
import io.jindou.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Finding 3 of the hardening review: one {@code /channel/messagesync} could ask for 10,000 messages of up to 1 MB
 * each and {@code /conversation/sync} page 0 returned 84 MB. Now every answer stops at about
 * {@code response_max_bytes} (here 256 KiB, with 48 KB payloads): messagesync says {@code more: 1} and the client
 * pages on from the sequences it got; a conversation sync ends its list early with the {@code Jindou-More: 1}
 * header and the client continues by listing what it got in {@code last_msg_seqs}; a {@code /messages} lookup
 * says {@code more: 1} and the client asks again for the rest. Paging this way returns every message and
 * conversation exactly once.
 */
class ResponseBudgetTest {
  static final int BUDGET = 256 * 1024;
  static final int PAYLOAD = 48 * 1024;
  static final int MESSAGES = 40;
  static final int GROUPS = 24;
  /** What an answer may carry beyond the budget: the one message that reaches it, with its JSON. */
  static final int SLACK = PAYLOAD / 3 * 4 + 4096;
  static TestNode node;

  @BeforeAll
  static void start() throws Exception {
    node = new TestNode(Map.of("response_max_bytes", BUDGET));
    ok(node.http.post("/channel", new JsonObject().put("channel_id", "big").put("channel_type", 2)
        .put("subscribers", new JsonArray().add("reader").add("writer"))));
    for (int i = 1; i <= MESSAGES; i++) {
      send("big", i);
    }
    for (int g = 0; g < GROUPS; g++) {
      ok(node.http.post("/channel", new JsonObject().put("channel_id", "conv" + g).put("channel_type", 2)
          .put("subscribers", new JsonArray().add("member").add("writer"))));
      for (int i = 1; i <= 3; i++) {
        send("conv" + g, i);
      }
    }
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }

  static void send(String group, int i) {
    byte[] payload = new byte[PAYLOAD];
    payload[0] = (byte) i;
    ok(node.http.post("/message/send", new JsonObject().put("from_uid", "writer").put("channel_id", group)
        .put("channel_type", 2).put("payload", Base64.getEncoder().encodeToString(payload))));
  }

  static Http.Res ok(Http.Res r) {
    assertEquals(200, r.status(), r::toString);
    return r;
  }

  static JsonObject sync(long start, int pullMode) {
    Http.Res r = ok(node.http.post("/channel/messagesync", new JsonObject().put("login_uid", "reader")
        .put("channel_id", "big").put("channel_type", 2).put("start_message_seq", start).put("end_message_seq", 0)
        .put("limit", 100).put("pull_mode", pullMode)));
    assertTrue(r.body().length() <= BUDGET + SLACK, "a messagesync answer of " + r.body().length() + " bytes");
    return r.json();
  }

  @Test
  void messagesyncStopsAtTheBudgetWithMoreAndPagesOnToEveryMessage() {
    List<Long> seen = new ArrayList<>();
    long start = 1;
    int calls = 0;
    while (true) {
      JsonObject page = sync(start, 1);
      calls++;
      JsonArray ms = page.getJsonArray("messages");
      // a page cut exactly at the last message says more: 1, and the next one is empty with more: 0
      assertTrue(ms.size() > 0 || page.getInteger("more") == 0, "every page but the last makes progress");
      ms.forEach(m -> seen.add(((JsonObject) m).getLong("message_seq")));
      if (page.getInteger("more") == 0) {
        break;
      }
      start = seen.get(seen.size() - 1) + 1;
      assertTrue(calls < MESSAGES, "paging must end");
    }
    assertTrue(calls > 3, "the 40 messages (2.6 MB of JSON) must take several answers of 256 KiB, took " + calls);
    assertEquals(ascending(MESSAGES), seen, "every message exactly once, in order");
  }

  @Test
  void messagesyncDownwardsPagesFromTheNewest() {
    List<Long> seen = new ArrayList<>();
    long start = 0;
    for (int calls = 0; calls < MESSAGES; calls++) {
      JsonObject page = sync(start, 0);
      List<Long> seqs = new ArrayList<>();
      page.getJsonArray("messages").forEach(m -> seqs.add(((JsonObject) m).getLong("message_seq")));
      assertTrue(!seqs.isEmpty() || page.getInteger("more") == 0);
      seen.addAll(0, seqs);
      if (page.getInteger("more") == 0 || seqs.get(0) == 1) {
        break;
      }
      start = seqs.get(0) - 1;
    }
    assertEquals(ascending(MESSAGES), seen);
  }

  @Test
  void conversationSyncEndsEarlyWithAHeaderAndContinuesWithLastMsgSeqs() throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    Set<String> seen = new LinkedHashSet<>();
    StringBuilder have = new StringBuilder();
    int calls = 0;
    while (true) {
      HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort
          + "/conversation/sync")).timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(
              new JsonObject().put("uid", "member").put("msg_count", 3).put("last_msg_seqs", have.toString())
                  .encode())).build(), HttpResponse.BodyHandlers.ofString());
      calls++;
      assertEquals(200, r.statusCode(), r.body());
      assertTrue(r.body().length() <= BUDGET + SLACK, "a conversation sync answer of " + r.body().length()
          + " bytes");
      JsonArray items = new JsonArray(r.body());
      boolean more = r.headers().firstValue("Jindou-More").map("1"::equals).orElse(false);
      for (Object o : items) {
        JsonObject c = (JsonObject) o;
        assertTrue(seen.add(c.getString("channel_id")), "each conversation once: " + c.getString("channel_id"));
        have.append(have.length() == 0 ? "" : "|").append(c.getString("channel_id")).append(":2:")
            .append(c.getLong("last_msg_seq"));
        assertTrue(c.getJsonArray("recents").size() >= 1, "a conversation carries at least its newest message");
      }
      if (!more) {
        break;
      }
      assertTrue(items.size() > 0 && calls < GROUPS, "paging must make progress and end");
    }
    assertEquals(GROUPS, seen.size(), "every conversation: " + seen);
    assertTrue(calls > 2, "24 conversations with 3 x 48 KB each must take several answers, took " + calls);
  }

  @Test
  void aLookupBySequencesStopsAtTheBudgetWithMore() {
    List<Long> wanted = ascending(MESSAGES);
    List<Long> seen = new ArrayList<>();
    for (int calls = 0; !wanted.isEmpty(); calls++) {
      assertTrue(calls < MESSAGES, "lookups must make progress");
      Http.Res r = ok(node.http.post("/messages", new JsonObject().put("login_uid", "reader").put("channel_id", "big")
          .put("channel_type", 2).put("message_seqs", new JsonArray(new ArrayList<>(wanted)))));
      assertTrue(r.body().length() <= BUDGET + SLACK, "a lookup answer of " + r.body().length() + " bytes");
      List<Long> got = new ArrayList<>();
      r.json().getJsonArray("messages").forEach(m -> got.add(((JsonObject) m).getLong("message_seq")));
      assertTrue(!got.isEmpty());
      assertEquals(got.size() < wanted.size() ? 1 : 0, r.json().getInteger("more"), r.json().getInteger("more")
          + " with " + got.size() + " of " + wanted.size());
      seen.addAll(got);
      wanted.removeAll(got);
    }
    assertEquals(ascending(MESSAGES), seen);
  }

  static List<Long> ascending(int n) {
    List<Long> out = new ArrayList<>();
    for (long i = 1; i <= n; i++) {
      out.add(i);
    }
    return out;
  }
}
