package io.jindou.store.redis;

import io.jindou.model.DeviceToken;
import io.jindou.store.UserStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Redis implementation of {@link UserStore}: a hash per user {@code {u:uid}:tok} (device flag → level ":"
 * token) and one set {@code jindou:sysuids} of dynamic system uids. Single-key commands only, so each write
 * is atomic on its own and valid on Redis Cluster. It never checks tokens; that is the user domain's job.
 */
final class RedisUserStore implements UserStore {
  private final RedisLink link;

  RedisUserStore(RedisLink link) {
    this.link = link;
  }

  @Override
  public Future<Void> putToken(String uid, int deviceFlag, String token, int deviceLevel) {
    Context ctx = link.caller();
    return RedisLink.deliver(ctx, link.send(Request.cmd(Command.HSET).arg(RedisKeys.tokens(uid)).arg(deviceFlag)
        .arg(deviceLevel + ":" + token)).mapEmpty());
  }

  @Override
  public Future<DeviceToken> getToken(String uid, int deviceFlag) {
    Context ctx = link.caller();
    return RedisLink.deliver(ctx, link.send(Request.cmd(Command.HGET).arg(RedisKeys.tokens(uid)).arg(deviceFlag))
        .map(r -> {
          if (r == null) {
            return null;
          }
          String v = r.toString();
          int colon = v.indexOf(':');
          return new DeviceToken(v.substring(colon + 1), Integer.parseInt(v.substring(0, colon)));
        }));
  }

  @Override
  public Future<Void> removeToken(String uid, int deviceFlag) {
    Context ctx = link.caller();
    return RedisLink.deliver(ctx, link.send(Request.cmd(Command.HDEL).arg(RedisKeys.tokens(uid)).arg(deviceFlag))
        .mapEmpty());
  }

  @Override
  public Future<Set<String>> systemUids() {
    Context ctx = link.caller();
    return RedisLink.deliver(ctx, link.send(Request.cmd(Command.SMEMBERS).arg(RedisKeys.SYSTEM_UIDS)).map(r -> {
      Set<String> out = new LinkedHashSet<>();
      if (r != null) {
        for (Response m : r) {
          out.add(m.toString());
        }
      }
      return out;
    }));
  }

  @Override
  public Future<Void> addSystemUids(Collection<String> uids) {
    return changeSystemUids(Command.SADD, uids);
  }

  @Override
  public Future<Void> removeSystemUids(Collection<String> uids) {
    return changeSystemUids(Command.SREM, uids);
  }

  private Future<Void> changeSystemUids(Command cmd, Collection<String> uids) {
    Context ctx = link.caller();
    if (uids.isEmpty()) {
      return Future.succeededFuture();
    }
    Request r = Request.cmd(cmd).arg(RedisKeys.SYSTEM_UIDS);
    uids.forEach(r::arg);
    return RedisLink.deliver(ctx, link.send(r).mapEmpty());
  }
}
