package io.jindou.store.redis;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The adapter's one dedicated Redis connection (a {@code RedisConnection} taken from the client and never
 * returned, so every command pipelines on it; on Redis Cluster it is the client's cluster connection, which
 * routes each command to the node of its hash slot). It owns the connection's life: it connects on first use,
 * loads the scripts on every new connection, and when the connection drops, times out or reports an error it
 * fails every in-flight future, closes the client, and reconnects after a delay or on next use, whichever comes
 * first. Scripts run by {@code EVALSHA} with an {@code EVAL} fallback on {@code NOSCRIPT}. It never retries
 * a command that may have run, never orders commands (that is {@link ChannelLanes}'s job) and never blocks:
 * the connection lives on the context that created the store.
 */
final class RedisLink {
  private static final Logger LOG = Logger.getLogger(RedisLink.class.getName());

  private static final class Session {
    final Redis client;
    final Promise<RedisConnection> ready = Promise.promise();
    final Set<Promise<Response>> inflight = ConcurrentHashMap.newKeySet();
    volatile long lastProgress = System.nanoTime();

    Session(Redis client) {
      this.client = client;
    }
  }

  private final Vertx vertx;
  private final RedisOptions options;
  private final RedisStore.Limits limits;
  private final Context home;
  private final long watchdog;
  private Session session; // guarded by this
  private boolean closed; // guarded by this
  private volatile boolean up;

  RedisLink(Vertx vertx, Context home, RedisOptions options, RedisStore.Limits limits) {
    this.vertx = vertx;
    this.options = options;
    this.limits = limits;
    this.home = home;
    long period = Math.max(50, limits.requestTimeoutMs() / 4);
    this.watchdog = vertx.setPeriodic(period, id -> checkProgress());
  }

  /** Connects now; fails when Redis cannot be reached. */
  Future<Void> start() {
    Session s = session();
    return s == null ? Future.failedFuture("the Redis store is closed") : s.ready.future().mapEmpty();
  }

  /** Whether this is a Redis Cluster connection (a keyless command reaches one node only). */
  boolean cluster() {
    return options.getType() == io.vertx.redis.client.RedisClientType.CLUSTER;
  }

  boolean healthy() {
    return up;
  }

  /** The context a port method was called on: its future is completed there (see {@link #deliver}). */
  Context caller() {
    return vertx.getOrCreateContext();
  }

  /** Completes the returned future on {@code ctx}, whatever thread completes {@code f}. */
  static <T> Future<T> deliver(Context ctx, Future<T> f) {
    Promise<T> p = Promise.promise();
    f.onComplete(ar -> {
      if (Vertx.currentContext() == ctx) {
        complete(p, ar.succeeded(), ar.result(), ar.cause());
      } else {
        ctx.runOnContext(v -> complete(p, ar.succeeded(), ar.result(), ar.cause()));
      }
    });
    return p.future();
  }

  private static <T> void complete(Promise<T> p, boolean ok, T result, Throwable cause) {
    if (ok) {
      p.complete(result);
    } else {
      p.fail(cause);
    }
  }

  /** Sends one command on the dedicated connection. A nil reply completes with null. */
  Future<Response> send(Request request) {
    Session s = session();
    if (s == null) {
      return Future.failedFuture(new IllegalStateException("the Redis store is closed"));
    }
    Promise<Response> p = Promise.promise();
    if (s.inflight.isEmpty()) {
      s.lastProgress = System.nanoTime();
    }
    s.inflight.add(p);
    s.ready.future().compose(c -> c.send(request)).onComplete(ar -> {
      s.inflight.remove(p);
      s.lastProgress = System.nanoTime();
      if (ar.succeeded()) {
        p.tryComplete(ar.result());
      } else {
        if (isConnectionFailure(ar.cause())) {
          drop(s, ar.cause());
        }
        p.tryFail(ar.cause());
      }
    });
    return p.future();
  }

  /** Runs a script: EVALSHA, and EVAL with the text when Redis answers NOSCRIPT (restart, failover, flush). */
  Future<Response> eval(Script script, List<String> keys, List<?> args) {
    return send(scriptRequest(Command.EVALSHA, script.sha(), keys, args)).recover(e -> {
      if (e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT")) {
        return send(scriptRequest(Command.EVAL, script.text(), keys, args));
      }
      return Future.failedFuture(e);
    }).recover(e -> Future.failedFuture(e instanceof Response
        ? new IllegalStateException("Redis script '" + script.name() + "' failed: " + e.getMessage(), e) : e));
  }

  private static Request scriptRequest(Command cmd, String script, List<String> keys, List<?> args) {
    Request r = Request.cmd(cmd).arg(script).arg(keys.size());
    for (String k : keys) {
      r.arg(k);
    }
    for (Object a : args) {
      if (a instanceof byte[] b) {
        r.arg(b);
      } else {
        r.arg(String.valueOf(a));
      }
    }
    return r;
  }

  /** Logs a warning when Redis is not configured to make acknowledged writes survive a crash. */
  Future<Void> checkDurability() {
    return send(Request.cmd(Command.CONFIG).arg("GET").arg("append*")).map(r -> {
      String appendonly = null;
      String fsync = null;
      List<String> flat = new ArrayList<>();
      if (r != null && r.isMap()) {
        for (String k : r.getKeys()) {
          flat.add(k);
          flat.add(r.get(k).toString());
        }
      } else if (r != null) {
        r.forEach(x -> flat.add(String.valueOf(x)));
      }
      for (int i = 0; i + 1 < flat.size(); i += 2) {
        if (flat.get(i).equals("appendonly")) {
          appendonly = flat.get(i + 1);
        } else if (flat.get(i).equals("appendfsync")) {
          fsync = flat.get(i + 1);
        }
      }
      if (!"yes".equals(appendonly) || !"always".equals(fsync)) {
        LOG.warning("Redis runs with appendonly=" + appendonly + " appendfsync=" + fsync + ": acknowledged writes"
            + " survive a crash only with appendonly=yes and appendfsync=always (everysec may lose about 1 s)");
      }
      return (Void) null;
    }).recover(e -> {
      LOG.fine("could not read the Redis persistence settings: " + e.getMessage());
      return Future.succeededFuture();
    });
  }

  /** Lets in-flight commands finish (at most the request timeout), then closes the client. */
  Future<Void> close() {
    Session s;
    synchronized (this) {
      if (closed) {
        return Future.succeededFuture();
      }
      closed = true;
      s = session;
      session = null;
    }
    vertx.cancelTimer(watchdog);
    up = false;
    if (s == null) {
      return Future.succeededFuture();
    }
    Promise<Void> settled = Promise.promise();
    long timer = vertx.setTimer(limits.requestTimeoutMs(), t -> settled.tryComplete());
    Future.join(s.inflight.stream().map(Promise::future).toList()).onComplete(ar -> {
      vertx.cancelTimer(timer);
      settled.tryComplete();
    });
    return settled.future().compose(v -> {
      failAll(s, new IllegalStateException("the Redis store is closed"));
      return s.client.close();
    });
  }

  private Session session() {
    Session s;
    synchronized (this) {
      if (closed) {
        return null;
      }
      if (session != null) {
        return session;
      }
      s = new Session(Redis.createClient(vertx, options));
      session = s;
    }
    home.runOnContext(v -> s.client.connect().compose(c -> loadScripts(c).map(c)).onComplete(ar -> {
      if (ar.failed()) {
        drop(s, ar.cause());
        return;
      }
      RedisConnection c = ar.result();
      c.exceptionHandler(e -> drop(s, e));
      c.endHandler(x -> drop(s, new IOException("Redis closed the connection")));
      if (s.ready.tryComplete(c)) {
        synchronized (this) {
          up = session == s;
        }
      }
    }));
    return s;
  }

  /** Loads every script once per connection; a refusal (ACLs, cluster routing) leaves EVAL as the fallback. */
  private static Future<Void> loadScripts(RedisConnection c) {
    List<Future<Response>> loads = new ArrayList<>();
    for (Script s : Scripts.ALL) {
      loads.add(c.send(Request.cmd(Command.SCRIPT).arg("LOAD").arg(s.text())));
    }
    return Future.join(loads).<Void>mapEmpty().recover(e -> {
      if (e instanceof Response) {
        LOG.fine("SCRIPT LOAD refused (" + e.getMessage() + "); scripts will be sent by EVAL when missing");
        return Future.succeededFuture();
      }
      return Future.failedFuture(e);
    });
  }

  /**
   * The watchdog: drops a connection that has had requests in flight and no reply for the request timeout, and
   * sends a PING on an idle one, so that a Redis that stopped answering (hung, frozen, unplugged) is noticed
   * within the timeout even without traffic, and the node leaves readiness ({@link #healthy}).
   */
  private void checkProgress() {
    Session s;
    synchronized (this) {
      s = session;
    }
    if (s == null) {
      return;
    }
    if (!s.inflight.isEmpty()
        && System.nanoTime() - s.lastProgress > TimeUnit.MILLISECONDS.toNanos(limits.requestTimeoutMs())) {
      drop(s, new TimeoutException("no reply from Redis for " + limits.requestTimeoutMs() + " ms"));
    } else if (s.inflight.isEmpty() && s.ready.future().succeeded()) {
      send(Request.cmd(Command.PING)); // a failure drops the connection (send does), which is all we want
    }
  }

  /** Fails the session's in-flight futures, closes its client, and schedules a reconnect. Idempotent. */
  private void drop(Session s, Throwable why) {
    boolean wasUp = up;
    synchronized (this) {
      if (session != s) {
        return;
      }
      session = null;
      up = false;
    }
    LOG.log(wasUp ? Level.WARNING : Level.FINE, "Redis connection lost or unavailable (" + why
        + "); in-flight requests failed, reconnecting in " + limits.reconnectDelayMs() + " ms or on next use");
    failAll(s, why);
    s.client.close();
    vertx.setTimer(limits.reconnectDelayMs(), t -> {
      boolean idle;
      synchronized (this) {
        idle = !closed && session == null;
      }
      if (idle) {
        session();
      }
    });
  }

  private static void failAll(Session s, Throwable why) {
    s.ready.tryFail(why);
    for (Promise<Response> p : s.inflight) {
      p.tryFail(why);
    }
    s.inflight.clear();
  }

  /** Server error replies are answers; anything else (closed, reset, refused, timeout) means the link is gone. */
  private static boolean isConnectionFailure(Throwable e) {
    String m = String.valueOf(e.getMessage());
    if (e instanceof Response) {
      return m.startsWith("CONNECTION_CLOSED");
    }
    return !m.contains("waiting queue is full");
  }
}
