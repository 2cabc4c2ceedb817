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
 * channels' head keys ({@code {T:ID}:m:head}, command logs left out by the pattern). On a standalone Redis the
 * cursor is SCAN's. On Redis Cluster a SCAN sees one node, so the pass visits every master in turn, in the order of
 * their endpoints, with a SCAN sent to that master on its own connection ({@link ClusterMasters}); the cursor is
 * {@code <SCAN cursor>@<host:port>}, and each slice first reads the topology ({@code CLUSTER SLOTS}) and then sends
 * one SCAN. When the topology changes during a pass (a failover, a master added or removed, slots moving) the pass
 * goes on from the first master whose endpoint sorts after the one in the cursor, from the start of that master:
 * channels whose slots moved may then be missed or seen twice in that pass; the next pass sees them, which is all
 * its callers (the retention sweep, the erase pass) need. Reads only, one command in flight per slice.
 */
final class RedisChannelScan {
  private static final String SUFFIX = "}:m:head";

  private final RedisLink link;
  private final ClusterMasters masters; // null on a standalone Redis

  RedisChannelScan(RedisLink link, ClusterMasters masters) {
    this.link = link;
    this.masters = masters;
  }

  Future<ChannelSlice> slice(String cursor, int limit) {
    Context ctx = link.caller();
    if (masters == null) {
      return RedisLink.deliver(ctx, link.send(scan(cursor.isEmpty() ? "0" : cursor, limit))
          .map(r -> new ChannelSlice(channels(r), "0".equals(r.get(0).toString()) ? "" : r.get(0).toString())));
    }
    String scanCursor = "0";
    String at = "";
    if (!cursor.isEmpty()) {
      int sep = cursor.indexOf('@');
      if (sep <= 0 || sep == cursor.length() - 1 || !cursor.substring(0, sep).chars().allMatch(Character::isDigit)) {
        return Future.failedFuture(new IllegalArgumentException("bad channel pass cursor: '" + cursor + "'"));
      }
      scanCursor = cursor.substring(0, sep);
      at = cursor.substring(sep + 1);
    }
    String from = at;
    String resume = scanCursor;
    return RedisLink.deliver(ctx, masters.masters().compose(all -> {
      String master = null;
      String c = "0";
      for (String m : all) {
        int cmp = m.compareTo(from);
        if (cmp == 0 || (cmp > 0 && from.isEmpty())) {
          master = m;
          c = resume;
          break;
        }
        if (cmp > 0) {
          master = m; // the cursor's master left the topology: go on with the next one, from its start
          break;
        }
      }
      if (master == null) {
        return Future.succeededFuture(new ChannelSlice(List.of(), ""));
      }
      String node = master;
      return masters.send(node, scan(c, limit)).map(r -> {
        String next = r.get(0).toString();
        if (!"0".equals(next)) {
          return new ChannelSlice(channels(r), next + "@" + node);
        }
        int i = all.indexOf(node);
        return new ChannelSlice(channels(r), i + 1 < all.size() ? "0@" + all.get(i + 1) : "");
      });
    }));
  }

  private static Request scan(String cursor, int limit) {
    return Request.cmd(Command.SCAN).arg(cursor).arg("MATCH").arg("{*" + SUFFIX).arg("COUNT").arg(limit);
  }

  private static List<ChannelKey> channels(Response r) {
    List<ChannelKey> out = new ArrayList<>();
    for (Response k : r.get(1)) {
      String key = k.toString();
      if (key.startsWith("{") && key.endsWith(SUFFIX)) {
        out.add(RedisKeys.parseChannelRef(key.substring(1, key.length() - SUFFIX.length())));
      }
    }
    return out;
  }
}
