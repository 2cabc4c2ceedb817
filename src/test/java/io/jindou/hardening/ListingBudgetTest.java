package io.jindou.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.support.Http;
import io.jindou.support.TestNode;
import io.jindou.support.WkClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Finding 3 of the hardening review for the listings: {@code /connz} (and {@code /varz?show=conn}) listed up to
 * 10,000 connections in one answer and {@code GET /channel/whitelist} a whole whitelist (up to
 * {@code channel_subscribers_max}, 100,000 uids), whatever {@code response_max_bytes} said. With the smallest budget
 * (64 KiB), 140 connections whose uid and device id are 128 characters long made one {@code /connz?limit=1000}
 * answer 77 KB, and a whitelist of 600 such uids about 90 KB. Now a page holds at most what fits the budget at
 * the ids' longest, and paging ({@code offset}; for the whitelist while {@code Jindou-More: 1} says so) lists
 * everything once.
 */
class ListingBudgetTest {
  static final int BUDGET = 64 * 1024;
  static final int CONNECTIONS = 140;
  static final int WHITELIST = 600;
  static TestNode node;

  @BeforeAll
  static void start() throws Exception {
    node = new TestNode(Map.of("response_max_bytes", BUDGET));
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }

  static String id(char c, int i) {
    return String.valueOf(c).repeat(124) + String.format("%04d", i);
  }

  @Test
  void connzPagesStayWithinTheBudgetAndPageThroughEveryConnection() throws Exception {
    List<WkClient> clients = new ArrayList<>();
    try {
      for (int i = 0; i < CONNECTIONS; i++) {
        node.token(id('u', i), "t", 0);
        WkClient c = WkClient.connect(node.tcpPort, 4, id('u', i), "t", 1, id('d', i));
        clients.add(c);
        assertEquals(1, c.connack.reasonCode(), "CONNECT " + i);
      }
      Set<Long> seen = new HashSet<>();
      int pages = 0;
      for (int offset = 0; ; ) {
        assertTrue(pages++ < CONNECTIONS, "paging must end");
        Http.Res r = node.http.get("/connz?limit=1000&offset=" + offset);
        assertEquals(200, r.status(), r::toString);
        assertTrue(r.body().length() <= BUDGET, "a /connz answer of " + r.body().length() + " bytes");
        JsonObject page = r.json();
        assertEquals(CONNECTIONS, page.getInteger("total"));
        int n = page.getJsonArray("connections").size();
        if (n == 0) {
          break;
        }
        page.getJsonArray("connections").forEach(c -> assertTrue(seen.add(((JsonObject) c).getLong("id"))));
        offset += n;
      }
      assertEquals(CONNECTIONS, seen.size());
      assertTrue(pages > 2, CONNECTIONS + " long connections must take more than one page, took " + (pages - 1));
      Http.Res varz = node.http.get("/varz?show=conn&conn_limit=10000");
      assertEquals(200, varz.status());
      assertTrue(varz.body().length() <= BUDGET, "a /varz answer of " + varz.body().length() + " bytes");
    } finally {
      clients.forEach(WkClient::close);
    }
  }

  @Test
  void whitelistPagesStayWithinTheBudgetAndPageOnByOffset() throws Exception {
    assertEquals(200, node.http.post("/channel", new JsonObject().put("channel_id", "wl").put("channel_type", 2)
        .put("subscribers", new JsonArray().add("owner"))).status());
    JsonArray uids = new JsonArray();
    for (int i = 0; i < WHITELIST; i++) {
      uids.add(id('w', i));
    }
    assertEquals(200, node.http.post("/channel/whitelist_add", new JsonObject().put("channel_id", "wl")
        .put("channel_type", 2).put("uids", uids)).status());
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    List<String> seen = new ArrayList<>();
    int pages = 0;
    boolean more = true;
    while (more) {
      assertTrue(pages++ < WHITELIST, "paging must end");
      HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort
          + "/channel/whitelist?channel_id=wl&channel_type=2&offset=" + seen.size())).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), r.body());
      assertTrue(r.body().length() <= BUDGET, "a whitelist answer of " + r.body().length() + " bytes");
      JsonArray page = new JsonArray(r.body());
      for (int i = 0; i < page.size(); i++) {
        assertEquals(seen.size() + 1, page.getJsonObject(i).getInteger("id"), "ids number the whole list");
        seen.add(page.getJsonObject(i).getString("uid"));
      }
      more = r.headers().firstValue("Jindou-More").map("1"::equals).orElse(false);
      assertTrue(!more || !page.isEmpty(), "a page that says more carries something");
    }
    assertEquals(uids.getList().stream().sorted().toList(), seen, "every uid once, sorted");
    assertTrue(pages > 1, WHITELIST + " long uids must take more than one page");
  }
}
