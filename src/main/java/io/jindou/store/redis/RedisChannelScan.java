package io.jindou.store.redis;

import io.jindou.model.ChannelKey;
import io.jindou.store.MessageStore.ChannelSlice;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * The pass over the stored channels on Redis ({@code MessageStore.channelsWithMessages}): {@code SCAN} over the
 * channels' head keys ({@code {T:ID}:m:head}, command logs left out by the pattern), the cursor being SCAN's. On Redis
 * Cluster a SCAN sees one node only, so there it answers an empty, finished slice. Reads only.
 */
final class RedisChannelScan {
  private static final String SUFFIX = "}:m:head";

  private RedisChannelScan() {
  }

  static Future<ChannelSlice> slice(RedisLink link, String cursor, int limit) {
    if (link.cluster()) {
      return Future.succeededFuture(new ChannelSlice(List.of(), ""));
    }
    Context ctx = link.caller();
    Request scan = Request.cmd(Command.SCAN).arg(cursor.isEmpty() ? "0" : cursor).arg("MATCH").arg("{*" + SUFFIX)
        .arg("COUNT").arg(limit);
    return RedisLink.deliver(ctx, link.send(scan).map(r -> {
      String next = r.get(0).toString();
      List<ChannelKey> out = new ArrayList<>();
      for (Response k : r.get(1)) {
        String key = k.toString();
        if (key.startsWith("{") && key.endsWith(SUFFIX)) {
          out.add(RedisKeys.parseChannelRef(key.substring(1, key.length() - SUFFIX.length())));
        }
      }
      return new ChannelSlice(out, "0".equals(next) ? "" : next);
    }));
  }
}
