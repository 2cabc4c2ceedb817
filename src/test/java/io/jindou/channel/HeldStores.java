package io.jindou.channel;

import io.jindou.model.ChannelKey;
import io.jindou.store.ChannelListStore;
import io.jindou.store.ChannelStore;
import io.jindou.store.MembershipPlan;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Storage ports for owner tests whose answers the test controls: a channel load waits until the test answers
 * it, and records where it was asked (the owner's context and thread); list loads answer at once with empty
 * lists. Writes are refused: these tests never mutate.
 */
final class HeldStores {
  private HeldStores() {
  }

  /** One load as asked: the test completes {@code promise}. */
  record Load(ChannelKey key, Promise<ChannelStore.StoredChannel> promise, Context context, Thread thread) {
  }

  static final class Channels implements ChannelStore {
    private final Map<ChannelKey, CompletableFuture<Load>> first = new ConcurrentHashMap<>();
    final List<Load> all = new CopyOnWriteArrayList<>();

    @Override
    public Future<StoredChannel> load(ChannelKey channel) {
      Promise<StoredChannel> p = Promise.promise();
      Load l = new Load(channel, p, Vertx.currentContext(), Thread.currentThread());
      all.add(l);
      first.computeIfAbsent(channel, k -> new CompletableFuture<>()).complete(l);
      return p.future();
    }

    /** The first load of {@code channel}, waiting up to 10 s for it to be asked. */
    Load awaitFirstLoad(ChannelKey channel) throws Exception {
      return first.computeIfAbsent(channel, k -> new CompletableFuture<>()).get(10, TimeUnit.SECONDS);
    }

    /** The latest load of {@code channel} asked so far. */
    Load last(ChannelKey channel) {
      Load found = null;
      for (Load l : all) {
        if (l.key().equals(channel)) {
          found = l;
        }
      }
      return found;
    }

    int loads(ChannelKey channel) {
      return (int) all.stream().filter(l -> l.key().equals(channel)).count();
    }

    @Override
    public Future<Void> update(MembershipPlan plan) {
      return Future.failedFuture("this test store does not write");
    }
  }

  static final class Lists implements ChannelListStore {
    @Override
    public Future<ChannelListStore.Lists> load(ChannelKey channel) {
      return Future.succeededFuture(ChannelListStore.Lists.EMPTY);
    }

    @Override
    public Future<Void> update(ChannelKey channel, Kind kind, boolean reset, Collection<String> add,
        Collection<String> remove) {
      return Future.failedFuture("this test store does not write");
    }
  }
}
