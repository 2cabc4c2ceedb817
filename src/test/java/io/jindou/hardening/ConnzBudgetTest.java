package io.jindou.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.support.Http;
import io.jindou.support.TestNode;
import io.jindou.support.WkClient;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Finding 3 of the hardening review for the connection listings: {@code /connz} (and {@code /varz?show=conn})
 * listed up to 10,000 connections in one answer whatever {@code response_max_bytes} said. With the smallest budget
 * (64 KiB) and 140 connections whose uid and device id are 128 characters long, one {@code /connz?limit=1000}
 * answered 77 KB; now a page holds at most as many connections as fit the budget at their longest, and
 * paging by {@code offset} lists every connection once.
 */
class ConnzBudgetTest {
  static final int BUDGET = 64 * 1024;
  static final int CONNECTIONS = 140;

  @Test
  void connzPagesStayWithinTheBudgetAndPageThroughEveryConnection() throws Exception {
    List<WkClient> clients = new ArrayList<>();
    try (TestNode node = new TestNode(Map.of("response_max_bytes", BUDGET))) {
      String prefix = "u".repeat(124);
      for (int i = 0; i < CONNECTIONS; i++) {
        String uid = prefix + String.format("%04d", i);
        node.token(uid, "t", 0);
        WkClient c = WkClient.connect(node.tcpPort, 4, uid, "t", 1, "d".repeat(124) + String.format("%04d", i));
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
      assertTrue(pages > 2, "140 long connections must take more than one page, took " + (pages - 1));
      Http.Res varz = node.http.get("/varz?show=conn&conn_limit=10000");
      assertEquals(200, varz.status());
      assertTrue(varz.json().getJsonArray("conns").size() < CONNECTIONS, "varz lists at most a budget's worth");
    } finally {
      clients.forEach(WkClient::close);
    }
  }
}
