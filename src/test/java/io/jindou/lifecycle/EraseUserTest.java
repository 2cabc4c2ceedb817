package io.jindou.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.support.Http;
import io.jindou.support.RedisServer;
import io.jindou.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksIterator;

/**
 * {@code /user/erase} on a real node, on RocksDB and on Redis: afterwards no API shows the user's payloads, the user
 * has left its groups and lost its token, an audit entry says who asked — and a scan of every raw RocksDB key and
 * value, or every Redis key and value, finds neither the payloads nor the token.
 */
class EraseUserTest {
  private static final String SECRET = "SECRET-of-victim";
  private static final String TOKEN = "victim-token-xyz";

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  /** Sends the user's messages, erases it, and checks what the API shows. */
  static void eraseThroughTheApi(TestNode node) {
    Http http = node.http;
    node.token("victim", TOKEN, 0);
    assertEquals(200, http.post("/channel", new JsonObject().put("channel_id", "eg").put("channel_type", 2)
        .put("subscribers", new JsonArray().add("victim").add("other"))).status());
    for (String[] m : new String[][] {{"victim", "eg", "2", SECRET + " 1"}, {"other", "eg", "2", "keep me"},
        {"victim", "other", "1", SECRET + " 2"}, {"other", "victim", "1", "to the victim"}}) {
      Http.Res r = http.post("/message/send", new JsonObject().put("from_uid", m[0]).put("channel_id", m[1])
          .put("channel_type", Integer.parseInt(m[2])).put("payload", b64(m[3])));
      assertEquals(200, r.status(), r.toString());
    }
    Http.Res erased = http.post("/user/erase", new JsonObject().put("uid", "victim").put("operator", "dpo"));
    assertEquals(200, erased.status(), erased.toString());
    assertEquals(2, erased.json().getInteger("channels"), erased.toString());

    JsonArray group = http.post("/channel/messagesync", new JsonObject().put("login_uid", "other")
        .put("channel_id", "eg").put("channel_type", 2).put("limit", 10)).json().getJsonArray("messages");
    assertEquals("", group.getJsonObject(0).getString("payload"), group.encode());
    assertEquals(1, group.getJsonObject(0).getInteger("is_deleted"));
    assertEquals(b64("keep me"), group.getJsonObject(1).getString("payload"), "others' messages stay");
    JsonArray person = http.post("/channel/messagesync", new JsonObject().put("login_uid", "other")
        .put("channel_id", "victim").put("channel_type", 1).put("limit", 10)).json().getJsonArray("messages");
    assertEquals("", person.getJsonObject(0).getString("payload"));
    assertEquals(b64("to the victim"), person.getJsonObject(1).getString("payload"));
    assertEquals(400, http.post("/channel/messagesync", new JsonObject().put("login_uid", "victim")
        .put("channel_id", "eg").put("channel_type", 2)).status(), "the user left the group");
    JsonObject audit = http.get("/channel/last_message?channel_id=____audit&channel_type=2").json();
    JsonObject entry = new JsonObject(new String(Base64.getDecoder().decode(audit.getString("payload")),
        StandardCharsets.UTF_8));
    assertEquals("victim", entry.getString("uid"));
    assertEquals("dpo", entry.getString("operator"));
    assertTrue(entry.getLong("at") > 0);
  }

  @Test
  void onRocksDbNoRawKeyOrValueHoldsTheUsersPayloadsOrToken() throws Exception {
    TestNode node = new TestNode();
    try {
      eraseThroughTheApi(node);
      node.server.stop();
      List<String> found = new ArrayList<>();
      int kept = 0;
      try (Options o = new Options(); RocksDB db = RocksDB.openReadOnly(o, node.dataDir.toString());
          RocksIterator it = db.newIterator()) {
        for (it.seekToFirst(); it.isValid(); it.next()) {
          String kv = new String(it.key(), StandardCharsets.ISO_8859_1) + " = "
              + new String(it.value(), StandardCharsets.ISO_8859_1);
          if (kv.contains(SECRET) || kv.contains(TOKEN)) {
            found.add(kv);
          }
          kept += kv.contains("keep me") ? 1 : 0;
        }
      }
      assertEquals(List.of(), found);
      assertTrue(kept > 0, "the same scan finds the other user's payload");
    } finally {
      TestNode.deleteTree(node.dataDir);
    }
  }

  @Test
  void onRedisNoKeyOrValueHoldsTheUsersPayloadsOrToken() throws Exception {
    try (RedisServer redis = RedisServer.start();
        TestNode node = new TestNode(Map.of("store", "redis", "redis_url", redis.url()))) {
      eraseThroughTheApi(node);
      String script = """
          local n = 0
          for _, k in ipairs(redis.call('KEYS', '*')) do
            local t = redis.call('TYPE', k).ok
            local vals = {k}
            if t == 'string' then vals[2] = redis.call('GET', k)
            elseif t == 'hash' then for _, v in ipairs(redis.call('HGETALL', k)) do vals[#vals + 1] = v end
            elseif t == 'set' then for _, v in ipairs(redis.call('SMEMBERS', k)) do vals[#vals + 1] = v end
            elseif t == 'zset' then for _, v in ipairs(redis.call('ZRANGE', k, 0, -1)) do vals[#vals + 1] = v end
            end
            for _, v in ipairs(vals) do
              if string.find(v, ARGV[1], 1, true) or string.find(v, ARGV[2], 1, true) then n = n + 1 end
            end
          end
          return n
          """;
      assertEquals("0", redis.command("EVAL", script, "0", SECRET, TOKEN).trim());
      assertTrue(!redis.command("EVAL", script, "0", "keep me", "to the victim").trim().equals("0"),
          "the same scan finds the other user's payloads");
    }
  }
}
