package io.jindou.tools;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * The end of the reliability scenario: for every online member of every channel, the acknowledged
 * sequences it did not receive online are fetched with {@code /channel/messagesync} (what an SDK does after a
 * reconnect); whatever is still missing is lost. Only reads; never sends.
 */
final class ReliabilityCheck {
  private ReliabilityCheck() {
  }

  /** Returns {caught up by sync, lost}. */
  static long[] verify(List<SuiteChannel> channels, BiFunction<String, JsonObject, Future<JsonObject>> post)
      throws Exception {
    long viaSync = 0;
    long lost = 0;
    for (SuiteChannel c : channels) {
      BitSet acked;
      synchronized (c.acked) {
        acked = (BitSet) c.acked.clone();
      }
      for (Suite.Member m : c.online) {
        String key = c.seenAs(m.uid) + "/" + c.type;
        BitSet missing = (BitSet) acked.clone();
        missing.andNot(m.seen.getOrDefault(key, new BitSet()));
        if (missing.isEmpty()) {
          continue;
        }
        long start = 1;
        boolean more = true;
        while (more) { // pages on while the server says more (an answer stops at response_max_bytes)
          JsonObject page = post.apply("/channel/messagesync", new JsonObject().put("login_uid", m.uid)
              .put("channel_id", c.seenAs(m.uid)).put("channel_type", c.type).put("start_message_seq", start)
              .put("pull_mode", 1).put("limit", 10_000)).await(60, TimeUnit.SECONDS);
          JsonArray ms = page.getJsonArray("messages");
          for (int i = 0; i < ms.size(); i++) {
            long seq = ms.getJsonObject(i).getLong("message_seq");
            start = seq + 1;
            if (missing.get((int) seq)) {
              missing.clear((int) seq);
              viaSync++;
            }
          }
          more = page.getInteger("more", 0) == 1 && !ms.isEmpty();
        }
        lost += missing.cardinality();
      }
    }
    return new long[] {viaSync, lost};
  }
}
