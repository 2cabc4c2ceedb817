package io.jindou.channel;

import io.jindou.cluster.Addresses;
import io.jindou.model.ChannelFacts;
import io.jindou.model.ChannelKey;
import io.jindou.model.ChannelType;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A node-wide cache of users' person-channel facts (flags such as {@code send_ban}, and the black/white lists
 * that say who may message them), which every send needs but another owner shard owns. Entries load on
 * demand through the owner and are dropped when that owner publishes a change on {@link #CHANGED_ADDRESS}
 * (on every node; on its own node the owner drops the entry itself, through {@link #forget}, before it answers the
 * change), and, when a datasource supplies part of them (it publishes no changes), when they are older
 * than its cache time. At most {@code maxUids} users are cached (default {@value #DEFAULT_MAX_UIDS}, a few hundred
 * bytes each); the least recently used is dropped and loaded again when next needed.
 *
 * <p>Thread-safe, and confining: owner shards run on different event loops and share entries, so a caller
 * never gets another caller's pending future — {@link #of} hands each caller a future that completes on the
 * caller's own context, so one shard's decision never runs on the event loop of the shard that started the
 * load. It never decides anything itself.
 */
public final class PolicyFacts {
  /** Published (uid as body) by the owner of a person channel after a durable change. */
  public static final String CHANGED_ADDRESS = Addresses.POLICY_CHANGED;
  public static final int DEFAULT_MAX_UIDS = 100_000;

  /** A cached load: a future of a contextless promise (once complete, listeners run on the caller's thread). */
  private record Entry(Future<ChannelFacts> facts, long loadedAt) {
  }

  private final Map<String, Entry> byUid; // guarded by itself
  private final long maxAgeMs;
  private volatile Function<ChannelKey, Future<ChannelFacts>> load;

  public PolicyFacts(Vertx vertx) {
    this(vertx, DEFAULT_MAX_UIDS, Long.MAX_VALUE);
  }

  public PolicyFacts(Vertx vertx, int maxUids) {
    this(vertx, maxUids, Long.MAX_VALUE);
  }

  /**
   * {@code maxAgeMs}: an entry older than this is loaded again (with a datasource, part of the facts is the
   * business server's, which publishes no changes; without one, changes are published and entries never expire).
   */
  public PolicyFacts(Vertx vertx, int maxUids, long maxAgeMs) {
    if (maxUids < 1) {
      throw new IllegalArgumentException("maxUids must be at least 1, got " + maxUids);
    }
    this.maxAgeMs = maxAgeMs;
    this.byUid = new LinkedHashMap<>(1024, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
        return size() > maxUids;
      }
    };
    vertx.eventBus().<String>consumer(CHANGED_ADDRESS, m -> forget(m.body()));
  }

  /** Drops {@code uid}'s facts on this node at once (its owner changed them): the next send loads them again. */
  public void forget(String uid) {
    synchronized (byUid) {
      byUid.remove(uid);
    }
  }

  /** Wired after construction: the service and the cache need each other. */
  public void channels(ChannelService channels) {
    this.load = channels::facts;
  }

  /** Where entries load from (the owner of the user's person channel); for tests. */
  void loader(Function<ChannelKey, Future<ChannelFacts>> load) {
    this.load = load;
  }

  /**
   * The facts of {@code uid}'s person channel: completed at once when cached, else completed on the calling
   * context (on the caller's thread when called outside Vert.x) when the shared load is done.
   */
  public Future<ChannelFacts> of(String uid) {
    Future<ChannelFacts> shared;
    Promise<ChannelFacts> loading = null;
    Entry fresh = null;
    synchronized (byUid) {
      Entry e = byUid.get(uid);
      long now = maxAgeMs == Long.MAX_VALUE ? 0 : System.currentTimeMillis();
      if (e == null || (maxAgeMs != Long.MAX_VALUE && e.facts().isComplete() && now - e.loadedAt() > maxAgeMs)) {
        loading = Promise.promise();
        fresh = new Entry(loading.future(), now);
        byUid.put(uid, fresh);
        shared = fresh.facts();
      } else {
        shared = e.facts();
      }
    }
    if (loading != null) {
      Entry entry = fresh;
      Promise<ChannelFacts> result = loading;
      load.apply(new ChannelKey(uid, ChannelType.PERSON)).onComplete(ar -> {
        if (ar.failed()) {
          synchronized (byUid) {
            byUid.remove(uid, entry); // the next send tries again
          }
        }
        result.handle(ar);
      });
    }
    return onCallersContext(shared);
  }

  private static <T> Future<T> onCallersContext(Future<T> shared) {
    Context caller = Vertx.currentContext();
    if (shared.isComplete() || caller == null) {
      return shared;
    }
    Promise<T> mine = Promise.promise();
    shared.onComplete(ar -> caller.runOnContext(v -> mine.handle(ar)));
    return mine.future();
  }

  /** Users cached now (for tests). */
  int size() {
    synchronized (byUid) {
      return byUid.size();
    }
  }
}
