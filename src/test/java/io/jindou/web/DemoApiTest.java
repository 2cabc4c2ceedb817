package io.jindou.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.app.Config;
import io.jindou.app.JindouServer;
import io.jindou.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo API and the console reads over HTTP: who may call what. The demo API hands out demo tokens only for
 * ordinary uids it may own, acts only as the uid whose demo token came with the call (whatever the body says),
 * and only opens {@code demo-*} groups; with a manager token set it is off unless switched on, and it never
 * accepts the manager token as a credential. The console reads need the manager token like the rest of the API.
 */
class DemoApiTest {
  static final String MANAGER = "the-manager-token";
  static TestNode open;
  static TestNode locked;
  static final List<String> startLines = new ArrayList<>();
  static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void start() throws IOException {
    Logger log = Logger.getLogger(JindouServer.class.getName());
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord r) {
        if (r.getMessage() != null && r.getMessage().contains("ready in")) {
          startLines.add(r.getMessage());
        }
      }

      @Override
      public void flush() {
      }

      @Override
      public void close() {
      }
    };
    log.addHandler(capture);
    try {
      open = new TestNode();
      locked = new TestNode(Map.of("manager_token", MANAGER));
    } finally {
      log.removeHandler(capture);
    }
  }

  @AfterAll
  static void stop() throws IOException {
    open.close();
    locked.close();
  }

  record Res(int status, String body) {
    JsonObject json() {
      return new JsonObject(body);
    }
  }

  static Res call(TestNode node, String method, String path, String body, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    try {
      HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Res(r.statusCode(), r.body());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  static Res demo(TestNode node, String path, Object body, String uid, String token) {
    return call(node, "POST", "/demo/api" + path, body.toString(), "Content-Type", "application/json",
        "X-Demo-Uid", uid, "Authorization", "Bearer " + token);
  }

  static String token(TestNode node, String uid) {
    Res r = call(node, "POST", "/demo/api/token", new JsonObject().put("uid", uid).encode(), "Content-Type",
        "application/json");
    assertEquals(200, r.status(), r.body());
    return r.json().getString("token");
  }

  @Test
  void theStartupLineSaysWhetherTheDemoIsOn() {
    assertEquals(2, startLines.size(), startLines.toString());
    assertTrue(startLines.get(0).contains("demo on at /demo/"), startLines.get(0));
    assertTrue(startLines.get(1).contains("demo off"), startLines.get(1));
  }

  @Test
  void demoEnabledIsAutoTrueOrFalse() {
    assertTrue(Config.of(Map.of()).demoEnabled());
    assertFalse(Config.of(Map.of("manager_token", "x")).demoEnabled());
    assertTrue(Config.of(Map.of("manager_token", "x", "demo_enabled", "true")).demoEnabled());
    assertTrue(Config.of(Map.of("manager_token", "x", "demo_enabled", true)).demoEnabled());
    assertFalse(Config.of(Map.of("demo_enabled", "off")).demoEnabled());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Config.of(Map.of("demo_enabled", "maybe")));
    assertEquals("'demo_enabled' must be auto, true or false, got 'maybe'", e.getMessage());
  }

  @Test
  void aTokenIsIssuedOncePerUidAndOnlyForUidsTheDemoMayOwn() {
    String t = token(open, "tina");
    assertTrue(t.startsWith("demo.") && t.length() == 37, t);
    assertEquals(t, token(open, "tina"), "a second tab of the same uid gets the same token");
    for (String bad : List.of("____system", "____x", "bad uid", "a@b", "<script>", "x".repeat(33), "")) {
      Res r = call(open, "POST", "/demo/api/token", new JsonObject().put("uid", bad).encode(), "Content-Type",
          "application/json");
      assertEquals(400, r.status(), bad + " " + r.body());
    }
    open.token("realuser", "real-app-token", 1);
    Res taken = call(open, "POST", "/demo/api/token", new JsonObject().put("uid", "realuser").encode(),
        "Content-Type", "application/json");
    assertEquals(409, taken.status(), taken.body());
    assertFalse(taken.body().contains("real-app-token"));
    Res form = call(open, "POST", "/demo/api/token", "uid=tina", "Content-Type", "application/x-www-form-urlencoded");
    assertEquals(415, form.status(), "a cross-site form cannot call the demo API");
    assertEquals(405, call(open, "GET", "/demo/api/token", null).status());
  }

  @Test
  void demoCallsActOnlyAsTheTokensOwnUid() {
    String uma = token(open, "uma");
    String vic = token(open, "vic");
    String payload = Base64.getEncoder().encodeToString("{\"type\":1,\"content\":\"for vic\"}"
        .getBytes(StandardCharsets.UTF_8));
    assertEquals(200, open.http.post("/message/send", new JsonObject().put("from_uid", "shop")
        .put("channel_id", "vic").put("channel_type", 1).put("payload", payload)).status());

    assertEquals(401, demo(open, "/conversation/sync", "{}", "uma", "demo.wrong").status());
    assertEquals(401, demo(open, "/conversation/sync", "{}", "vic", uma).status(), "uma's token is not vic's");
    assertEquals(401, call(open, "POST", "/demo/api/conversation/sync", "{}", "Content-Type", "application/json")
        .status());
    Res mine = demo(open, "/conversation/sync", new JsonObject().put("uid", "vic"), "uma", uma);
    assertEquals(200, mine.status(), mine.body());
    assertEquals(new JsonArray(), new JsonArray(mine.body()), "the body's uid is ignored: uma has no conversations");
    JsonArray vics = new JsonArray(demo(open, "/conversation/sync", "{}", "vic", vic).body());
    assertEquals("shop", vics.getJsonObject(0).getString("channel_id"));

    Res history = demo(open, "/channel/messagesync", new JsonObject().put("channel_id", "vic").put("channel_type", 1)
        .put("login_uid", "vic"), "uma", uma);
    assertEquals(0, history.json().getJsonArray("messages").size(), "uma reads the uma@vic chat, not vic's");
    assertEquals(400, demo(open, "/channel/messagesync", new JsonObject().put("channel_id", "x").put("channel_type", 3),
        "uma", uma).status(), "only person and group chats");
    assertEquals(400, demo(open, "/channel/messagesync", new JsonObject().put("channel_id", "vic")
        .put("channel_type", 1).put("limit", 100_000), "uma", uma).status());
    JsonArray many = new JsonArray();
    for (int i = 0; i < 101; i++) {
      many.add("u" + i);
    }
    assertEquals(400, demo(open, "/user/onlinestatus", many, "uma", uma).status());
    assertEquals(404, demo(open, "/message/send", "{}", "uma", uma).status(), "the demo API cannot send");
  }

  @Test
  void groupsAreDemoGroupsOnlyAndJoiningNeverResetsOne() {
    String wes = token(open, "wes");
    String xia = token(open, "xia");
    assertEquals(400, demo(open, "/group/join", new JsonObject().put("channel_id", "staff"), "wes", wes).status());
    assertEquals(200, demo(open, "/group/join", new JsonObject().put("channel_id", "demo-club"), "wes", wes).status());
    assertEquals(200, open.http.post("/channel/info", new JsonObject().put("channel_id", "demo-club")
        .put("channel_type", 2).put("allow_stranger", 1)).status());
    assertEquals(200, demo(open, "/group/join", new JsonObject().put("channel_id", "demo-club"), "xia", xia).status());
    JsonObject club = new JsonObject(call(open, "GET", "/manager/api/channel?channel_id=demo-club", null).body());
    assertEquals(new JsonArray().add("wes").add("xia"), club.getJsonArray("subscribers"));
    assertEquals(1, club.getInteger("allow_stranger"), "the second join left the group's flags alone");
    JsonObject first = new JsonObject(call(open, "GET", "/manager/api/channel?channel_id=demo-club&limit=1", null)
        .body());
    assertEquals(new JsonArray().add("wes"), first.getJsonArray("subscribers"), "limit lists the first subscribers");
    assertEquals(2, first.getInteger("subscriber_count"), "and counts them all");
    assertEquals(400, demo(open, "/channel/messagesync", new JsonObject().put("channel_id", "demo-other")
        .put("channel_type", 2), "wes", wes).status(), "no history of a group wes has not joined");
  }

  @Test
  void withAManagerTokenTheDemoIsOffAndTheConsoleReadsNeedTheToken() {
    Res off = call(locked, "POST", "/demo/api/token", "{\"uid\":\"ann\"}", "Content-Type", "application/json");
    assertEquals(403, off.status(), off.body());
    assertTrue(off.json().getString("msg").contains("demo_enabled"), off.body());
    assertEquals(403, demo(locked, "/conversation/sync", "{}", "ann", MANAGER).status());
    assertEquals(200, call(locked, "GET", "/manager/", null).status(), "the console page itself is public");
    assertEquals(200, call(locked, "GET", "/demo/", null).status());
    for (String path : List.of("/manager/api/nodes", "/manager/api/channel?channel_id=g", "/manager/api/user?uid=u")) {
      assertEquals(401, call(locked, "GET", path, null).status(), path);
      assertEquals(401, call(locked, "GET", path, null, "token", "wrong").status(), path);
      assertEquals(200, call(locked, "GET", path, null, "token", MANAGER).status(), path);
    }
    Res root = call(locked, "GET", "/", null);
    assertEquals(302, root.status());
  }

  @Test
  void consoleReadsShowNodesChannelsAndTokenHintsOnly() {
    String yan = token(open, "yan");
    JsonObject nodes = new JsonObject(call(open, "GET", "/manager/api/nodes", null).body());
    assertEquals(new JsonObject().put("local_node_id", 1).put("nodes", new JsonArray().add(new JsonObject()
        .put("node_id", 1).put("ready", true).put("local", true))), nodes);
    JsonObject user = new JsonObject(call(open, "GET", "/manager/api/user?uid=yan", null).body());
    JsonObject web = user.getJsonArray("devices").getJsonObject(0);
    assertEquals(1, web.getInteger("device_flag"));
    assertEquals("demo… (37 chars)", web.getString("token_hint"));
    assertFalse(user.encode().contains(yan.substring(5)), "never the token itself");
    assertEquals(200, open.http.post("/channel/blacklist_add", new JsonObject().put("channel_id", "g-lists")
        .put("channel_type", 2).put("uids", new JsonArray().add("zed"))).status());
    JsonObject ch = new JsonObject(call(open, "GET", "/manager/api/channel?channel_id=g-lists&channel_type=2", null)
        .body());
    assertEquals(new JsonArray().add("zed"), ch.getJsonArray("blacklist"));
    assertEquals(new JsonArray(), ch.getJsonArray("whitelist"));
    assertEquals(400, call(open, "GET", "/manager/api/channel?channel_id=g&channel_type=99", null).status());
    assertEquals(400, call(open, "GET", "/manager/api/channel?channel_id=g&channel_type=0", null).status());
    Res notANumber = call(open, "GET", "/manager/api/channel?channel_id=g&channel_type=two", null);
    assertEquals(400, notANumber.status());
    assertTrue(notANumber.json().getString("msg").startsWith("channel_type must be an integer"), notANumber.body());
    assertEquals(400, call(open, "GET", "/manager/api/channel?channel_id=g&limit=10001", null).status());
    assertEquals(400, call(open, "GET", "/manager/api/channel", null).status());
    JsonObject person = new JsonObject(call(open, "GET", "/manager/api/channel?channel_id=shop@vic&channel_type=1",
        null).body());
    assertEquals(new JsonArray(), person.getJsonArray("subscribers"), "a person chat has no subscribers");
    assertEquals(400, call(open, "GET", "/manager/api/user", null).status());
    assertNotEquals(yan, web.getString("token_hint"));
  }
}
