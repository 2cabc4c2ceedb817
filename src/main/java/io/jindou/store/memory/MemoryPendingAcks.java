package io.jindou.store.memory;

import io.jindou.model.ChannelKey;
import io.jindou.store.PendingAcks;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The pending command-sync generations of a single node, in memory and bounded: at most {@code maxUsers}
 * users are held (default {@value #DEFAULT_MAX_USERS}; the one put least recently is dropped first) and an
 * entry older than {@code ttl} (default one hour, as in the cluster's Hazelcast map) reads as absent and is
 * dropped. An empty generation is never stored: putting one forgets the user's previous generation, and
 * {@link #take} then answers empty, exactly what storing it would have answered. Dropping an entry is
 * harmless (the next sync returns the commands again). Thread-safe, under one lock held for a map operation
 * (calls come per sync and ack, never per message); it never interprets a generation and never moves a
 * durable cursor.
 */
public final class MemoryPendingAcks implements PendingAcks {
  public static final int DEFAULT_MAX_USERS = 100_000;
  public static final Duration DEFAULT_TTL = Duration.ofHours(1);

  private record Held(Map<ChannelKey, Long> generation, long putAtNanos) {
  }

  private final int maxUsers;
  private final long ttlNanos;
  private final LongSupplier nanoTime;
  /** In put order (a put moves the user to the end), so the eldest entry is both the LRU and the oldest. */
  private final LinkedHashMap<String, Held> held = new LinkedHashMap<>(); // guarded by this

  public MemoryPendingAcks() {
    this(DEFAULT_MAX_USERS, DEFAULT_TTL);
  }

  public MemoryPendingAcks(int maxUsers, Duration ttl) {
    this(maxUsers, ttl, System::nanoTime);
  }

  MemoryPendingAcks(int maxUsers, Duration ttl, LongSupplier nanoTime) {
    if (maxUsers < 1 || ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("bad pending-ack bounds: maxUsers=" + maxUsers + ", ttl=" + ttl);
    }
    this.maxUsers = maxUsers;
    this.ttlNanos = ttl.toNanos();
    this.nanoTime = nanoTime;
  }

  @Override
  public Future<Void> put(String uid, Map<ChannelKey, Long> generation) {
    long now = nanoTime.getAsLong();
    synchronized (this) {
      held.remove(uid);
      if (!generation.isEmpty()) {
        held.put(uid, new Held(generation, now));
      }
      Iterator<Held> eldest = held.values().iterator();
      while (eldest.hasNext()) {
        Held h = eldest.next();
        if (held.size() <= maxUsers && !expired(h, now)) {
          break;
        }
        eldest.remove();
      }
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<Map<ChannelKey, Long>> take(String uid) {
    long now = nanoTime.getAsLong();
    Held h;
    synchronized (this) {
      h = held.remove(uid);
    }
    return Future.succeededFuture(h == null || expired(h, now) ? Map.of() : h.generation());
  }

  private boolean expired(Held h, long now) {
    return now - h.putAtNanos() >= ttlNanos;
  }

  /** Users held now (for tests). */
  synchronized int size() {
    return held.size();
  }
}
