package io.jindou.store.redis;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeoutException;

/**
 * The masters of a Redis Cluster, for the few keyless reads that must reach every node (the pass over the stored
 * channels): it learns them with {@code CLUSTER SLOTS} through the store's link and sends a command to one master
 * on a standalone client of its own (one connection per master endpoint, created on first use, with the seed's
 * scheme, credentials and client options, closed when the master leaves the topology, on a timeout, and with the
 * store). Each command is bounded by the request timeout. It never writes, never routes by key (that is the
 * link's cluster connection) and never blocks.
 */
final class ClusterMasters {
  private final Vertx vertx;
  private final RedisOptions base;
  private final RedisLink link;
  private final long timeoutMs;
  private final Map<String, Redis> clients = new HashMap<>(); // guarded by this
  private boolean closed; // guarded by this

  ClusterMasters(Vertx vertx, RedisOptions options, RedisLink link, long timeoutMs) {
    this.vertx = vertx;
    this.base = options;
    this.link = link;
    this.timeoutMs = timeoutMs;
  }

  /** The master endpoints ({@code host:port}) now serving at least one slot, sorted (a stable pass order). */
  Future<List<String>> masters() {
    return link.send(Request.cmd(Command.CLUSTER).arg("SLOTS")).map(r -> {
      TreeSet<String> out = new TreeSet<>();
      if (r != null) {
        for (Response range : r) {
          if (range.size() < 3) {
            continue;
          }
          Response master = range.get(2);
          String host = master.get(0) == null ? "" : master.get(0).toString();
          if (host.equals("?")) {
            continue; // a node whose endpoint is unknown cannot be reached
          }
          if (host.isEmpty()) {
            host = seed().getHost(); // "the node you asked": a one-node cluster without an announced address
          }
          out.add(endpoint(host, master.get(1).toInteger()));
        }
      }
      forgetAllBut(out);
      return List.copyOf(out);
    });
  }

  /** Sends one read to the master at {@code endpoint}; fails after the request timeout (and drops its client). */
  Future<Response> send(String endpoint, Request request) {
    Redis client;
    synchronized (this) {
      if (closed) {
        return Future.failedFuture(new IllegalStateException("the Redis store is closed"));
      }
      client = clients.get(endpoint);
      if (client == null) {
        client = Redis.createClient(vertx, optionsFor(endpoint));
        clients.put(endpoint, client);
      }
    }
    Promise<Response> p = Promise.promise();
    Redis c = client;
    long timer = vertx.setTimer(timeoutMs, t -> {
      if (p.tryFail(new TimeoutException("no reply from Redis master " + endpoint + " for " + timeoutMs + " ms"))) {
        drop(endpoint, c);
      }
    });
    c.send(request).onComplete(ar -> {
      vertx.cancelTimer(timer);
      if (ar.succeeded()) {
        p.tryComplete(ar.result());
      } else {
        if (!(ar.cause() instanceof Response)) {
          drop(endpoint, c); // not an answer: the connection is gone, the next use makes a new one
        }
        p.tryFail(ar.cause());
      }
    });
    return p.future();
  }

  Future<Void> close() {
    List<Redis> all;
    synchronized (this) {
      closed = true;
      all = new ArrayList<>(clients.values());
      clients.clear();
    }
    return Future.join(all.stream().map(Redis::close).toList()).mapEmpty();
  }

  private void drop(String endpoint, Redis client) {
    synchronized (this) {
      if (!clients.remove(endpoint, client)) {
        return;
      }
    }
    client.close();
  }

  private void forgetAllBut(TreeSet<String> live) {
    List<Redis> gone = new ArrayList<>();
    synchronized (this) {
      clients.entrySet().removeIf(e -> {
        if (live.contains(e.getKey())) {
          return false;
        }
        gone.add(e.getValue());
        return true;
      });
    }
    gone.forEach(Redis::close);
  }

  private RedisOptions optionsFor(String endpoint) {
    URI seed = seed();
    int colon = endpoint.lastIndexOf(':');
    String host = endpoint.substring(0, colon);
    if (host.startsWith("[")) {
      host = host.substring(1, host.length() - 1);
    }
    try {
      URI node = new URI(seed.getScheme(), seed.getRawUserInfo() == null ? null : seed.getUserInfo(), host,
          Integer.parseInt(endpoint.substring(colon + 1)), null, seed.getQuery(), null);
      return new RedisOptions(base).setType(RedisClientType.STANDALONE).setEndpoints(List.of(node.toString()))
          .setMaxPoolSize(1).setMaxPoolWaiting(16);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot address Redis master " + endpoint + ": " + e.getMessage(), e);
    }
  }

  private URI seed() {
    return URI.create(base.getEndpoint());
  }

  private static String endpoint(String host, int port) {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
