package io.jindou.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.support.Browser;
import io.jindou.support.TestNode;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The manager console at {@code /manager/} in real headless Chromium, on a node with a manager token and the demo
 * switched on explicitly: two demo users connect (on their own demo tokens), the console signs in with the manager
 * token, shows the node ready, lists both connections, kicks one (the kicked demo page says so), shows a group's
 * subscribers and latest messages (HTML as text), a user's devices and conversations, and live counters. The
 * manager token never appears in a URL, and the demo pages never send it.
 */
class ConsoleBrowserTest {
  static final String TOKEN = "console-s3cret-token";
  static TestNode node;
  static Browser browser;
  static String base;

  @BeforeAll
  static void start() throws Exception {
    browser = Browser.launch();
    node = new TestNode(Map.of("manager_token", TOKEN, "demo_enabled", "true"));
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

  static Browser.Page demoUser(String uid) {
    Browser.Page p = browser.page(uid);
    p.go(base + "/demo/");
    p.fill("#uid", uid);
    p.click("#login-form button");
    p.waitVisible("#status[data-state=online]");
    p.fill("#group", "ops");
    p.click("#open-group button");
    p.waitText("#title", "group demo-ops");
    return p;
  }

  static void tab(Browser.Page console, String name) {
    console.click("a[data-tab=" + name + "]");
    console.waitVisible("#page-" + name);
  }

  @Test
  void consoleListsConnectionsKicksOneAndShowsChannelUserAndCounters() {
    Browser.Page kim = demoUser("kim");
    Browser.Page lee = demoUser("lee");
    Browser.Page console = browser.page("console");
    try {
      kim.fill("#text", "<b>status</b> all green");
      kim.click("#send");
      lee.waitText("#messages li .text", "<b>status</b> all green");

      console.go(base + "/manager/");
      console.fill("#token", "not-the-token");
      console.click("#login-form button");
      console.waitText("#login-error", "Wrong manager token");
      console.fill("#token", TOKEN);
      console.click("#login-form button");
      console.waitText("#nodes-rows tr[data-node=\"1\"]", "ready");
      assertTrue(console.texts("#nodes-rows tr[data-node=\"1\"] td").get(0).contains("this node"));

      tab(console, "connections");
      console.waitCount("#conn-rows tr", 2);
      assertEquals(List.of("kim", "lee"), console.texts("#conn-rows td.uid").stream().sorted().toList());
      console.click("#conn-rows tr[data-uid=\"lee\"] button.kick");
      lee.waitVisible("#status[data-state=kicked]");
      lee.waitText("#banner", "kicked by the server (reason 12");
      console.waitCount("#conn-rows tr", 1);
      console.waitText("#conn-note", "Kicked connection");
      assertEquals(List.of("kim"), console.texts("#conn-rows td.uid"));

      tab(console, "channel");
      console.fill("#channel-id", "demo-ops");
      console.click("#channel-form button");
      console.waitText("#channel-messages td .text", "<b>status</b> all green");
      assertEquals(List.of("kim", "lee"), console.texts("#channel-subs li"));
      assertEquals(0, console.count("#channel-messages b"), "message text stays text in the console too");
      console.screenshot(Path.of("target/web-screenshots/console.png"));

      tab(console, "user");
      console.fill("#user-uid", "kim");
      console.click("#user-form button");
      console.waitText("#user-conversations td", "demo-ops");
      console.waitText("#user-devices tr[data-flag=\"1\"]", "online");
      assertTrue(console.texts("#user-devices tr[data-flag=\"1\"] td").get(2).startsWith("demo"),
          "a token hint, not the token: " + console.texts("#user-devices td"));

      tab(console, "stats");
      console.waitText("#stats-charts [data-metric=connections] .value", "1");
      console.waitCount("#stats-charts canvas", 8);
      for (int i = 0; i < 3; i++) {
        kim.fill("#text", "busy " + i);
        kim.click("#send");
        kim.waitText("#messages li.mine .text", "busy " + i);
      }
      console.waitMatch("#stats-charts [data-metric=in_msgs] .value", "^(?!0$)[0-9]"); // kim's sends, as a rate
      console.screenshot(Path.of("target/web-screenshots/console-stats.png"));
      tab(console, "connections");
      console.waitCount("#conn-rows tr", 1);
      console.screenshot(Path.of("target/web-screenshots/console-connections.png"));

      assertFalse(console.url().contains(TOKEN), console.url());
      for (JsonObject r : console.requests()) {
        assertFalse(r.getString("url").contains(TOKEN), "the token is never in a URL: " + r.encode());
      }
      assertTrue(console.requests().stream().anyMatch(r -> TOKEN.equals(r.getJsonObject("headers").getString("token"))),
          "the console sends the token in the token header");
      for (Browser.Page demo : List.of(kim, lee)) {
        for (JsonObject r : demo.requests()) {
          assertFalse(r.encode().contains(TOKEN), "a demo page never holds the manager token: " + r.encode());
        }
      }
      assertEquals(List.of(), browser.events("dialog"));
      assertEquals(List.of(), browser.events("pageerror"));
    } finally {
      console.close();
      kim.close();
      lee.close();
    }
  }
}
