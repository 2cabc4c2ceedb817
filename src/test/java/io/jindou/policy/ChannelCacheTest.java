package io.jindou.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jindou.support.Http;
import io.jindou.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With a channel cache far smaller than the channels in use, owners forget idle channels and reload them:
 * sequences continue, and membership and lists changed before a channel was forgotten still apply after.
 */
class ChannelCacheTest {

  static Http.Res send(Http http, String from, String group) {
    return http.post("/message/send", new JsonObject().put("from_uid", from).put("channel_id", group)
        .put("channel_type", 2).put("payload", "eA=="));
  }

  @Test
  void channelsForgottenByTheCacheComeBackWithTheirStateIntact() throws Exception {
    int groups = 120;
    try (TestNode node = new TestNode(Map.of("channel_cache_max", 16))) {
      Http http = node.http;
      for (int g = 0; g < groups; g++) {
        assertEquals(200, http.post("/channel", new JsonObject().put("channel_id", "cc" + g).put("channel_type", 2)
            .put("subscribers", new JsonArray().add("a").add("b").add("c"))).status());
        assertEquals(200, http.post("/channel/blacklist_add", new JsonObject().put("channel_id", "cc" + g)
            .put("channel_type", 2).put("uids", new JsonArray().add("c"))).status());
        assertEquals(200, http.post("/channel/subscriber_remove", new JsonObject().put("channel_id", "cc" + g)
            .put("channel_type", 2).put("subscribers", new JsonArray().add("b"))).status());
        assertEquals(1L, send(http, "a", "cc" + g).json().getLong("message_seq"));
      }
      for (int round = 2; round <= 3; round++) {
        for (int g = 0; g < groups; g++) {
          Http.Res ok = send(http, "a", "cc" + g);
          assertEquals(200, ok.status(), ok.toString());
          assertEquals(round, ok.json().getLong("message_seq"), "seq of cc" + g + " continues after a reload");
          assertEquals(403, send(http, "b", "cc" + g).status(), "a removed member stays removed in cc" + g);
          assertEquals(4, send(http, "c", "cc" + g).json().getInteger("reason"), "the blacklist of cc" + g);
        }
      }
    }
  }
}
