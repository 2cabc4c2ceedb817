package io.jindou.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.support.Browser;
import io.jindou.support.Http;
import io.jindou.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chat demo at {@code /demo/} in real headless Chromium against a real node (defaults: no manager token, so the
 * demo is on): two users chat both ways in a person chat and in a group, unread counts rise and clear (on the
 * server too), a message sent with {@code POST /message/send} appears in the open page, a restart of the server
 * is bridged by a reconnect that fills the gap from sync, and HTML in messages stays text.
 */
class DemoBrowserTest {
  static TestNode node;
  static Http http;
  static Browser browser;
  static String base;

  @BeforeAll
  static void start() throws Exception {
    browser = Browser.launch(); // first: fails the class loudly when Chromium is missing
    node = new TestNode();
    http = node.http;
    base = "http://127.0.0.1:" + node.httpPort;
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.close();
    }
    if (node != null) {
      node.close();
    }
  }

  @AfterEach
  void noScriptErrors() {
    assertEquals(List.of(), browser.events("pageerror"), "no script error in any page");
    assertTrue(browser.events("console").stream().noneMatch(e -> e.getString("text").contains("Content Security Policy")),
        () -> "no CSP violation: " + browser.events("console"));
  }

  /** A page signed in as {@code uid} and connected over JSON-RPC. */
  static Browser.Page signIn(String uid) {
    Browser.Page p = browser.page(uid);
    p.go(base + "/demo/");
    p.fill("#uid", uid);
    p.click("#login-form button");
    p.waitVisible("#status[data-state=online]");
    return p;
  }

  static void send(Browser.Page p, String text) {
    p.fill("#text", text);
    p.click("#send");
    p.waitText("#messages li.mine .text", text);
  }

  static String badge(String key) {
    return "#conversations li[data-key=\"" + key + "\"] .badge";
  }

  static JsonObject httpSend(String from, String channel, int type, String text) {
    String payload = new JsonObject().put("type", 1).put("content", text).encode();
    Http.Res r = http.post("/message/send", new JsonObject().put("from_uid", from).put("channel_id", channel)
        .put("channel_type", type).put("payload", Base64.getEncoder().encodeToString(
            payload.getBytes(StandardCharsets.UTF_8))));
    assertEquals(200, r.status(), r.toString());
    return r.json();
  }

  static int serverUnread(String uid, String channel, int type) {
    JsonArray items = http.post("/conversation/sync", new JsonObject().put("uid", uid).put("msg_count", 1)).array();
    return items.stream().map(JsonObject.class::cast)
        .filter(c -> c.getString("channel_id").equals(channel) && c.getInteger("channel_type") == type)
        .findFirst().map(c -> c.getInteger("unread")).orElseThrow(() -> new AssertionError(uid + " has no "
            + channel + " conversation: " + items));
  }

  @Test
  void personChatBothWaysWithUnreadCountsThatRiseAndClear() {
    Browser.Page alice = signIn("alice");
    Browser.Page bob = signIn("bob");
    try {
      alice.fill("#peer", "bob");
      alice.click("#open-person button");
      alice.waitText("#peer-status", "online");
      send(alice, "hi bob");
      bob.waitText(badge("1:alice"), "1");
      send(alice, "are you there?");
      bob.waitText(badge("1:alice"), "2");
      assertEquals(2, serverUnread("bob", "alice", 1));

      bob.click("#conversations li[data-key=\"1:alice\"]");
      bob.waitText("#messages li .text", "are you there?");
      assertEquals(List.of("hi bob", "are you there?"), bob.texts("#messages li .text"));
      bob.waitCount(badge("1:alice"), 0);
      send(bob, "hi alice");
      alice.waitText("#messages li:not(.mine) .text", "hi alice");
      assertEquals(List.of("hi bob", "are you there?", "hi alice"), alice.texts("#messages li .text"));
      assertEquals(0, alice.count(badge("1:bob")), "the open chat never shows a badge");
      assertEquals(0, serverUnread("bob", "alice", 1), "opening the chat cleared the unread count on the server");
      assertEquals(0, serverUnread("alice", "bob", 1));
      bob.screenshot(Path.of("target/web-screenshots/demo-person.png"));
    } finally {
      alice.close();
      bob.close();
    }
  }

  @Test
  void groupChatBothWaysAndAnHttpSendAppearsInTheOpenPage() {
    Browser.Page gina = signIn("gina");
    Browser.Page gus = signIn("gus");
    try {
      gina.fill("#group", "team");
      gina.click("#open-group button");
      gina.waitText("#title", "group demo-team");
      gus.fill("#group", "team");
      gus.click("#open-group button");
      gus.waitText("#title", "group demo-team");
      gus.fill("#peer", "nobody");
      gus.click("#open-person button"); // the group is no longer the open chat
      gus.waitText("#title", "nobody");

      send(gina, "hello team");
      send(gina, "second one");
      gus.waitText(badge("2:demo-team"), "2");
      gus.click("#conversations li[data-key=\"2:demo-team\"]");
      gus.waitText("#messages li .text", "second one");
      gus.waitCount(badge("2:demo-team"), 0);
      send(gus, "hi gina");
      gina.waitText("#messages li:not(.mine) .text", "hi gina");

      httpSend("gus", "demo-team", 2, "sent by the business server");
      gina.waitText("#messages li .text", "sent by the business server");
      gus.waitText("#messages li.mine .text", "sent by the business server"); // gus's own device shows it as his
      assertEquals(List.of("hello team", "second one", "hi gina", "sent by the business server"),
          gina.texts("#messages li .text"));
      assertEquals(0, serverUnread("gina", "demo-team", 2));
      assertEquals(0, serverUnread("gus", "demo-team", 2));
      gus.screenshot(Path.of("target/web-screenshots/demo.png"));
    } finally {
      gina.close();
      gus.close();
    }
  }

  @Test
  void htmlAndScriptInMessagesRenderAsText() {
    String img = "<img src=x onerror=alert(1)>";
    String script = "<script>alert(2)</script><b>bold</b>";
    Browser.Page mallory = signIn("mallory");
    Browser.Page victim = signIn("victim");
    try {
      mallory.fill("#peer", "victim");
      mallory.click("#open-person button");
      send(mallory, img);
      send(mallory, script);
      httpSend("mallory", "victim", 1, "<iframe src=\"javascript:alert(3)\"></iframe>");
      victim.waitText(badge("1:mallory"), "3");
      victim.waitText("#conversations li[data-key=\"1:mallory\"] .preview", "<iframe");
      victim.click("#conversations li[data-key=\"1:mallory\"]");
      victim.waitText("#messages li .text", "<iframe");
      assertEquals(List.of(img, script, "<iframe src=\"javascript:alert(3)\"></iframe>"),
          victim.texts("#messages li .text"));
      for (Browser.Page p : List.of(mallory, victim)) {
        assertEquals(0, p.count("#messages img, #messages script, #messages b, #messages iframe"),
            "no element was made from message text");
      }
      assertEquals(List.of(), browser.events("dialog"), "no script ran");
    } finally {
      mallory.close();
      victim.close();
    }
  }

  /**
   * The page stays open across a restart of the server (same ports, same data). Its context is offline from just
   * before the stop until after the messages are sent, so those messages can only reach it through the gap sync
   * that follows the reconnect, not through a push.
   */
  @Test
  void afterAServerRestartThePageReconnectsAndShowsWhatWasSentMeanwhile() {
    Browser.Page rita = signIn("rita");
    try {
      rita.fill("#peer", "sam");
      rita.click("#open-person button");
      httpSend("sam", "rita", 1, "before the restart");
      rita.waitText("#messages li .text", "before the restart");

      rita.offline(true);
      node.restart();
      httpSend("sam", "rita", 1, "while you were away 1");
      httpSend("sam", "rita", 1, "while you were away 2");
      rita.waitVisible("#status[data-state=reconnecting]");
      rita.offline(false);

      rita.waitText("#messages li .text", "while you were away 2");
      rita.waitVisible("#status[data-state=online]");
      assertEquals(List.of("before the restart", "while you were away 1", "while you were away 2"),
          rita.texts("#messages li .text"));
      send(rita, "back online");
      JsonObject page = http.post("/channel/messagesync", new JsonObject().put("login_uid", "sam")
          .put("channel_id", "rita").put("channel_type", 1).put("limit", 10)).json();
      assertEquals(4, page.getJsonArray("messages").size(), page.encode());
      assertEquals(0, serverUnread("rita", "sam", 1), "the gap was marked read because the chat is open");
    } finally {
      rita.close();
    }
  }
}
