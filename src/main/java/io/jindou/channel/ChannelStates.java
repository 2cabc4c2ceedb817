package io.jindou.channel;

import io.jindou.model.ChannelKey;
import io.jindou.store.ChannelListStore;
import io.jindou.store.ChannelStore;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The channel states of one owner shard and their work queues: loads a channel's flags, subscribers and lists
 * on first use (with the datasource's answer when one is configured, asked again in the background once it is
 * older than the cache time), runs work in arrival order, and lets a step hold the channel ({@link #hold}) until its
 * asynchronous part is done, so nothing overtakes it. At most {@code maxCached} channels stay cached: the
 * least recently used idle one is forgotten and reloaded from storage when it is used again, so memory does not
 * grow with every channel ever touched. Confined to the owner's event loop.
 */
final class ChannelStates {
  private final ChannelStore channels;
  private final ChannelListStore lists;
  private final Map<ChannelKey, ChannelState> states;

  private final java.util.function.LongSupplier ringVersion;
  private final DatasourceAnswers datasource;
  private final java.util.function.Consumer<ChannelKey> listsChanged;
  private long seenRing;

  ChannelStates(ChannelStore channels, ChannelListStore lists, java.util.function.LongSupplier ringVersion,
      int maxCached) {
    this(channels, lists, ringVersion, maxCached, DatasourceAnswers.NONE, key -> {
    });
  }

  /**
   * {@code datasource}: what to ask the business server and when; {@code listsChanged} is told of a person channel
   * whose lists a newer datasource answer changed (so that every node's cached policy facts of it are dropped).
   */
  ChannelStates(ChannelStore channels, ChannelListStore lists, java.util.function.LongSupplier ringVersion,
      int maxCached, DatasourceAnswers datasource, java.util.function.Consumer<ChannelKey> listsChanged) {
    this.datasource = datasource;
    this.listsChanged = listsChanged;
    this.states = new LinkedHashMap<>(256, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<ChannelKey, ChannelState> eldest) {
        ChannelState st = eldest.getValue();
        return size() > maxCached && !st.busy && st.waiting.isEmpty();
      }
    };
    this.channels = channels;
    this.lists = lists;
    this.ringVersion = ringVersion;
    this.seenRing = ringVersion.getAsLong();
  }

  /** Runs {@code action} once the channel is loaded and nothing holds it. */
  void with(ChannelKey key, Handler<AsyncResult<ChannelState>> action) {
    long ring = ringVersion.getAsLong();
    if (ring != seenRing) {
      // ownership moved: another node may have changed channels we cached, so reload them from storage
      seenRing = ring;
      states.values().removeIf(st -> !st.busy);
    }
    ChannelState st = states.get(key);
    if (st == null) {
      ChannelState fresh = new ChannelState();
      states.put(key, fresh);
      fresh.waiting.add(action);
      long asked = System.currentTimeMillis();
      Future.all(channels.load(key), lists.load(key), datasource.first(key)).onComplete(res -> {
        if (res.failed()) {
          states.remove(key);
          failWaiting(fresh, res.cause());
          return;
        }
        ChannelStore.StoredChannel stored = res.result().resultAt(0);
        ChannelListStore.Lists l = res.result().resultAt(1);
        if (stored != null) {
          fresh.storedInfo = stored.info();
          fresh.storedSubscribers = new HashSet<>(stored.subscribers());
        }
        fresh.storedBlacklist = Set.copyOf(l.black());
        fresh.storedWhitelist = Set.copyOf(l.white());
        fresh.datasource = res.result().resultAt(2);
        fresh.datasourceAt = asked;
        fresh.recompute();
        fresh.loaded = true;
        release(fresh);
      });
    } else if (st.busy) {
      st.waiting.add(action);
    } else {
      refreshIfDue(key, st);
      action.handle(Future.succeededFuture(st));
    }
  }

  /**
   * Asks the datasource again in the background when the state's answer is older than the cache time; the work
   * at hand goes on with the answer the state has. A failed ask keeps that answer until the next cache period.
   */
  private void refreshIfDue(ChannelKey key, ChannelState st) {
    if (!datasource.enabled()) {
      return; // the send path: no clock read, nothing to ask
    }
    long now = System.currentTimeMillis();
    if (!datasource.due(key, st, now)) {
      return;
    }
    st.refreshing = true;
    datasource.ask(key).onComplete(ar -> {
      st.refreshing = false;
      st.datasourceAt = now;
      if (ar.succeeded()) {
        DatasourceAnswers.Answer before = st.datasource;
        st.datasource = ar.result();
        st.recompute();
        if (key.type() == io.jindou.model.ChannelType.PERSON && (!before.blacklist().equals(ar.result().blacklist())
            || !before.whitelist().equals(ar.result().whitelist()))) {
          listsChanged.accept(key);
        }
      }
    });
  }

  /**
   * Forgets the channel once the work queued before this call has run: later work loads it again. Nothing to do
   * when it is not held.
   */
  void forget(ChannelKey key) {
    ChannelState st = states.get(key);
    if (st == null) {
      return;
    }
    with(key, ar -> {
      if (ar.succeeded()) {
        states.remove(key, ar.result());
      }
    });
  }

  /** Whether this shard holds the channel (without touching its place in the least-recently-used order). */
  boolean holds(ChannelKey key) {
    return states.containsKey(key);
  }

  /** How many channels this shard holds (read by the metrics from another thread: a possibly stale count). */
  int cached() {
    return states.size();
  }

  /** Up to {@code limit} loaded channels with their states, most recently used first. */
  List<Map.Entry<ChannelKey, ChannelState>> recent(int limit) {
    List<Map.Entry<ChannelKey, ChannelState>> all = new ArrayList<>(states.size());
    for (Map.Entry<ChannelKey, ChannelState> e : states.entrySet()) {
      if (e.getValue().loaded) {
        all.add(Map.entry(e.getKey(), e.getValue()));
      }
    }
    Collections.reverse(all); // access order iterates least recently used first
    return all.size() > limit ? all.subList(0, limit) : all;
  }

  /** Keeps every later action waiting until {@link #release}. */
  static void hold(ChannelState st) {
    st.busy = true;
  }

  /** Marks the channel free and runs waiting work in order until one step holds it again. */
  static void release(ChannelState st) {
    st.busy = false;
    while (!st.busy && !st.waiting.isEmpty()) {
      st.waiting.poll().handle(Future.succeededFuture(st));
    }
  }

  /** Forgets the channel (its state is reloaded from storage next time) and fails what was waiting. */
  void evict(ChannelKey key, ChannelState st, Throwable cause) {
    states.remove(key, st);
    failWaiting(st, cause);
  }

  private static void failWaiting(ChannelState st, Throwable cause) {
    while (!st.waiting.isEmpty()) {
      st.waiting.poll().handle(Future.failedFuture(cause));
    }
  }
}
