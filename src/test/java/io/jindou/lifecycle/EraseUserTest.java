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
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
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
    // a group the victim left (no conversation row any more) still holds its message
    assertEquals(200, http.post("/channel", new JsonObject().put("channel_id", "left").put("channel_type", 2)
        .put("subscribers", new JsonArray().add("victim").add("other"))).status());
    assertEquals(200, http.post("/message/send", new JsonObject().put("from_uid", "victim").put("channel_id", "left")
        .put("channel_type", 2).put("payload", b64(SECRET + " 3"))).status());
    assertEquals(200, http.post("/channel/subscriber_remove", new JsonObject().put("channel_id", "left")
        .put("channel_type", 2).put("subscribers", new JsonArray().add("victim"))).status());
    // its reaction and its read receipt on another's message, and a stream it produced
    Http.Res receipted = http.post("/message/send", new JsonObject().put("from_uid", "other").put("channel_id", "eg")
        .put("channel_type", 2).put("setting", 0x80).put("payload", b64("read me")));
    long receiptSeq = receipted.json().getLong("message_seq");
    assertEquals(200, http.post("/message/reaction", new JsonObject().put("from_uid", "victim").put("channel_id", "eg")
        .put("channel_type", 2).put("message_seq", receiptSeq).put("emoji", SECRET)).status());
    assertEquals(200, http.post("/message/readed", new JsonObject().put("uid", "victim").put("channel_id", "eg")
        .put("channel_type", 2).put("message_seq", receiptSeq)).status());
    assertEquals(List.of("victim"), readers(http, receiptSeq));
    assertEquals(200, http.post("/message/send", new JsonObject().put("from_uid", "victim").put("channel_id", "eg")
        .put("channel_type", 2).put("client_msg_no", "vstream").put("is_stream", 1).put("payload", b64("{}")))
        .status());
    Http.Res event = http.post("/message/event", new JsonObject().put("channel_id", "eg").put("channel_type", 2)
        .put("client_msg_no", "vstream").put("event_id", "e1").put("event_type", "stream.delta")
        .put("payload", new JsonObject().put("kind", "text").put("delta", SECRET + " streamed")));
    assertEquals(200, event.status(), event.toString());

    Http.Res erased = http.post("/user/erase", new JsonObject().put("uid", "victim").put("operator", "dpo"));
    assertEquals(200, erased.status(), erased.toString());
    assertEquals(2, erased.json().getInteger("channels"), erased.toString());
    JsonObject entry = auditEntry(http);
    assertEquals(1, entry.getInteger("other_channels"), "the group it left: " + entry);
    assertTrue(entry.getBoolean("complete"), entry.encode());
    assertTrue(entry.getLong("finished_at") >= entry.getLong("at"), entry.encode());
    assertEquals(List.of(), readers(http, receiptSeq), "no longer listed as a reader");
    JsonObject reacted = http.post("/messages", new JsonObject().put("channel_id", "eg").put("channel_type", 2)
        .put("message_seqs", new JsonArray().add(receiptSeq))).json().getJsonArray("messages").getJsonObject(0);
    assertEquals(b64("read me"), reacted.getString("payload"), "the message itself stays");
    assertTrue(!reacted.encode().contains(SECRET), "no reaction of the erased user: " + reacted);
    JsonArray leftGroup = http.post("/channel/messagesync", new JsonObject().put("login_uid", "other")
        .put("channel_id", "left").put("channel_type", 2).put("limit", 10)).json().getJsonArray("messages");
    assertEquals("", leftGroup.getJsonObject(0).getString("payload"), leftGroup.encode());
    Http.Res events = http.post("/message/eventsync", new JsonObject().put("channel_id", "eg").put("channel_type", 2)
        .put("client_msg_no", "vstream").put("from_msg_event_seq", 0).put("limit", 10).put("include_private", 1));
    assertEquals(200, events.status(), events.toString());
    assertTrue(!events.toString().contains("streamed"), "no stream event of the erased user: " + events);

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
    assertEquals("victim", entry.getString("uid"));
    assertEquals("dpo", entry.getString("operator"));
    assertTrue(entry.getLong("at") > 0);
  }

  static List<String> readers(Http http, long seq) {
    JsonObject list = http.post("/message/receipt/list", new JsonObject().put("login_uid", "other")
        .put("channel_id", "eg").put("channel_type", 2).put("message_seq", seq)).json();
    return list.getJsonArray("readers").stream().map(o -> o instanceof JsonObject j ? j.getString("uid")
        : String.valueOf(o)).toList();
  }

  /** The audit entry, stored once the background pass over the other channels has ended. */
  static JsonObject auditEntry(Http http) {
    long deadline = System.currentTimeMillis() + 20_000;
    while (true) {
      Http.Res r = http.get("/channel/last_message?channel_id=____audit&channel_type=2");
      if (r.status() == 200 && r.json().getString("payload") != null) {
        return new JsonObject(new String(Base64.getDecoder().decode(r.json().getString("payload")),
            StandardCharsets.UTF_8));
      }
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("no audit entry after 20 s: " + r);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }

  @Test
  void onRocksDbNoRawKeyOrValueHoldsTheUsersPayloadsOrToken() throws Exception {
    TestNode node = new TestNode();
    try {
      eraseThroughTheApi(node);
      node.server.stop();
      List<String> found = new ArrayList<>();
      int kept = 0;
      List<ColumnFamilyHandle> families = new ArrayList<>();
      List<ColumnFamilyDescriptor> every = new ArrayList<>();
      try (Options lo = new Options()) {
        for (byte[] name : RocksDB.listColumnFamilies(lo, node.dataDir.toString())) {
          every.add(new ColumnFamilyDescriptor(name)); // the webhook event log has a family of its own
        }
      }
      try (DBOptions o = new DBOptions(); RocksDB db = RocksDB.openReadOnly(o, node.dataDir.toString(), every,
          families)) {
        for (ColumnFamilyHandle family : families) {
          try (RocksIterator it = db.newIterator(family)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
              String kv = new String(it.key(), StandardCharsets.ISO_8859_1) + " = "
                  + new String(it.value(), StandardCharsets.ISO_8859_1);
              if (kv.contains(SECRET) || kv.contains(TOKEN)) {
                found.add(kv);
              }
              if (it.key()[0] == 'R' && new String(it.key(), StandardCharsets.ISO_8859_1).endsWith("victim")) {
                found.add("the erased user's receipt cursor: " + kv);
              }
              kept += kv.contains("keep me") ? 1 : 0;
            }
          }
          family.close();
        }
      }
      assertTrue(every.size() >= 2, "every column family was read: " + every.size());
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
      String cursors = """
          local n = 0
          for _, k in ipairs(redis.call('KEYS', '*:rcpt')) do n = n + redis.call('HEXISTS', k, ARGV[1]) end
          return n
          """;
      assertEquals("0", redis.command("EVAL", cursors, "0", "victim").trim(), "the erased user's receipt cursors");
      assertTrue(!redis.command("EVAL", script, "0", "keep me", "to the victim").trim().equals("0"),
          "the same scan finds the other user's payloads");
    }
  }
}
