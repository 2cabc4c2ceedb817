package io.jindou.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jindou.model.PersonChannels;
import io.jindou.support.Http;
import io.jindou.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Model-based test of conversations and unread counts: thousands of random sends (members, non-members,
 * system), joins, leaves, reads, setUnread, deletes and restarts, each checked against a tiny in-test model
 * of the v3 formula {@code unread = max(0, head − max(join, delete, read, own last sent))}.
 */
class ConversationModelTest {
  static final String[] USERS = {"ua", "ub", "uc", "ud", "ue"};
  static final String[] GROUPS = {"ga", "gb", "gc"};

  /** The model of one (user, channel) row. */
  static final class Row {
    long join;
    long del;
    long read;
    long own;

    long floor() {
      return Math.max(join, del);
    }

    long unread(long head) {
      return Math.max(0, head - Math.max(floor(), Math.max(read, own)));
    }
  }

  record Ch(String id, int type) {
  }

  final Map<Ch, Long> heads = new HashMap<>();
  final Map<String, Set<String>> members = new HashMap<>();
  final Map<String, Map<Ch, Row>> rows = new HashMap<>();
  Http http;

  long head(Ch c) {
    return heads.getOrDefault(c, 0L);
  }

  Map<Ch, Row> rowsOf(String u) {
    return rows.computeIfAbsent(u, k -> new HashMap<>());
  }

  static Ch person(String a, String b) {
    return new Ch(PersonChannels.canonical(a, b), 1);
  }

  @Test
  void randomOperationsMatchTheModel() throws Exception {
    long seed = Long.getLong("model.seed", System.nanoTime());
    Random rnd = new Random(seed);
    int steps = Integer.getInteger("model.steps", 3000);
    try (TestNode node = new TestNode()) {
      http = node.http;
      for (String g : GROUPS) {
        members.put(g, new HashSet<>());
        assertEquals(200, http.post("/channel", new JsonObject().put("channel_id", g).put("channel_type", 2)).status());
      }
      for (int step = 0; step < steps; step++) {
        String what;
        try {
          what = step(rnd, node, step);
        } catch (AssertionError e) {
          throw new AssertionError("seed " + seed + ", step " + step + ": " + e.getMessage(), e);
        }
        String u = USERS[rnd.nextInt(USERS.length)];
        check(u, seed, step, what);
        if (step % 250 == 0) {
          for (String any : USERS) {
            check(any, seed, step, what);
          }
        }
      }
    }
  }

  private String step(Random rnd, TestNode node, int step) {
    String u = USERS[rnd.nextInt(USERS.length)];
    String g = GROUPS[rnd.nextInt(GROUPS.length)];
    int op = rnd.nextInt(100);
    if (op < 30) {
      Ch c = new Ch(g, 2);
      boolean member = members.get(g).contains(u);
      Http.Res r = send(u, g, 2);
      assertEquals(member ? 200 : 403, r.status(), r.toString());
      if (member) {
        heads.put(c, head(c) + 1);
        rowsOf(u).get(c).own = head(c);
      }
      return "group send " + u + "->" + g;
    }
    if (op < 33) {
      Ch c = new Ch(g, 2);
      assertEquals(200, send("____system", g, 2).status());
      heads.put(c, head(c) + 1);
      return "system send to " + g;
    }
    if (op < 50) {
      String v = USERS[rnd.nextInt(USERS.length)];
      Ch c = person(u, v);
      assertEquals(200, send(u, v, 1).status());
      heads.put(c, head(c) + 1);
      if (head(c) == 1) {
        rowsOf(u).putIfAbsent(c, new Row());
        rowsOf(v).putIfAbsent(c, new Row());
      }
      rowsOf(u).get(c).own = head(c);
      return "person send " + u + "->" + v;
    }
    if (op < 58) {
      Ch c = new Ch(g, 2);
      assertEquals(200, http.post("/channel/subscriber_add", new JsonObject().put("channel_id", g)
          .put("channel_type", 2).put("subscribers", new JsonArray().add(u))).status());
      if (members.get(g).add(u)) {
        Row r = new Row();
        r.join = head(c);
        r.read = head(c);
        rowsOf(u).put(c, r);
      }
      return "join " + u + " " + g;
    }
    if (op < 63) {
      assertEquals(200, http.post("/channel/subscriber_remove", new JsonObject().put("channel_id", g)
          .put("channel_type", 2).put("subscribers", new JsonArray().add(u))).status());
      if (members.get(g).remove(u)) {
        rowsOf(u).remove(new Ch(g, 2));
      }
      return "leave " + u + " " + g;
    }
    List<Ch> mine = new ArrayList<>(rowsOf(u).keySet());
    if (mine.isEmpty()) {
      return "nothing for " + u;
    }
    mine.sort((a, b) -> a.id().compareTo(b.id()));
    Ch c = mine.get(rnd.nextInt(mine.size()));
    Row r = rowsOf(u).get(c);
    JsonObject target = new JsonObject().put("uid", u).put("channel_type", c.type())
        .put("channel_id", c.type() == 1 ? PersonChannels.peerOf(c.id(), u) : c.id());
    if (op < 75) {
      assertEquals(200, http.post("/conversations/clearUnread", target).status());
      r.read = Math.max(r.read, head(c));
      return "clear " + u + " " + c;
    }
    if (op < 85) {
      int n = rnd.nextInt(6);
      assertEquals(200, http.post("/conversations/setUnread", target.put("unread", n)).status());
      long visible = Math.max(0, head(c) - r.floor());
      r.read = head(c) - Math.min(n, visible);
      r.own = Math.min(r.own, r.read);
      return "setUnread " + n + " " + u + " " + c;
    }
    if (op < 95) {
      assertEquals(200, http.post("/conversations/delete", target).status());
      r.del = Math.max(r.del, head(c));
      return "delete " + u + " " + c;
    }
    if (op < 97 && step % 7 == 0) {
      node.restart();
      return "restart";
    }
    return "no-op";
  }

  private Http.Res send(String from, String to, int type) {
    return http.post("/message/send", new JsonObject().put("from_uid", from).put("channel_id", to)
        .put("channel_type", type).put("payload", "eA=="));
  }

  private void check(String u, long seed, int step, String what) {
    Map<String, String> expected = new TreeMap<>();
    rowsOf(u).forEach((c, r) -> {
      long h = head(c);
      if (h > r.floor()) {
        String shown = c.type() == 1 ? PersonChannels.peerOf(c.id(), u) : c.id();
        expected.put(shown + "/" + c.type(), "unread=" + r.unread(h) + " last=" + h);
      }
    });
    JsonArray got = http.post("/conversation/sync", new JsonObject().put("uid", u).put("msg_count", 0)).array();
    Map<String, String> actual = new TreeMap<>();
    for (int i = 0; i < got.size(); i++) {
      JsonObject o = got.getJsonObject(i);
      actual.put(o.getString("channel_id") + "/" + o.getInteger("channel_type"),
          "unread=" + o.getLong("unread") + " last=" + o.getLong("last_msg_seq"));
    }
    if (!Objects.equals(expected, actual)) {
      throw new AssertionError("seed " + seed + ", step " + step + " (" + what + "), user " + u + ":\n expected "
          + expected + "\n actual   " + actual);
    }
    // messagesync never shows anything at or below the visibility floor
    for (Map.Entry<Ch, Row> e : rowsOf(u).entrySet()) {
      Ch c = e.getKey();
      if (head(c) == 0) {
        continue;
      }
      JsonObject page = http.post("/channel/messagesync", new JsonObject().put("login_uid", u)
          .put("channel_id", c.type() == 1 ? PersonChannels.peerOf(c.id(), u) : c.id()).put("channel_type", c.type())
          .put("start_message_seq", 0).put("limit", 1000)).json();
      long visible = Math.max(0, head(c) - e.getValue().floor());
      assertEquals(visible, page.getJsonArray("messages").size(), "visible messages of " + c + " for " + u
          + " at step " + step + " (seed " + seed + ")");
      break; // one channel per check keeps the run short
    }
  }
}
