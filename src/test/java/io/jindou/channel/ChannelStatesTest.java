package io.jindou.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.model.ChannelInfo;
import io.jindou.model.ChannelKey;
import io.jindou.model.ChannelType;
import io.jindou.store.ChannelStore.StoredChannel;
import io.vertx.core.AsyncResult;
import io.vertx.core.Handler;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * An owner shard's channel states: a channel loads once however much work arrives meanwhile, work runs in
 * arrival order, a held channel keeps later work waiting until released, only idle channels are forgotten
 * (least recently used first) beyond the bound, a ring change reloads idle channels, and a failed load or an
 * eviction fails the work that was waiting. Single-threaded, as on the owner's event loop.
 */
class ChannelStatesTest {
  private static final ChannelKey A = new ChannelKey("a", ChannelType.GROUP);
  private static final ChannelKey B = new ChannelKey("b", ChannelType.GROUP);
  private static final ChannelKey C = new ChannelKey("c", ChannelType.GROUP);

  private final HeldStores.Channels channels = new HeldStores.Channels();
  private final AtomicLong ring = new AtomicLong();
  private final List<String> log = new ArrayList<>();

  private ChannelStates states(int maxCached) {
    return new ChannelStates(channels, new HeldStores.Lists(), ring::get, maxCached);
  }

  /** Work that logs its name (or its failure) and optionally holds the channel. */
  private Handler<AsyncResult<ChannelState>> work(String name, boolean hold) {
    return ar -> {
      if (ar.failed()) {
        log.add(name + " failed: " + ar.cause().getMessage());
        return;
      }
      log.add(name);
      if (hold) {
        ChannelStates.hold(ar.result());
      }
    };
  }

  private Handler<AsyncResult<ChannelState>> work(String name) {
    return work(name, false);
  }

  private ChannelState loaded(ChannelStates states, ChannelKey key) {
    ChannelState[] st = new ChannelState[1];
    states.with(key, ar -> st[0] = ar.result());
    if (st[0] == null) {
      channels.last(key).promise().complete(new StoredChannel(ChannelInfo.DEFAULT, Set.of("m")));
    }
    return st[0];
  }

  @Test
  void aChannelLoadsOnceAndWorkArrivingMeanwhileRunsInOrderWithTheLoadedState() {
    ChannelStates states = states(10);
    ChannelState[] seen = new ChannelState[2];
    states.with(A, ar -> {
      log.add("first");
      seen[0] = ar.result();
    });
    states.with(A, ar -> {
      log.add("second");
      seen[1] = ar.result();
    });
    assertEquals(List.of(), log, "nothing runs before the state is loaded");
    assertEquals(1, channels.loads(A));
    channels.last(A).promise().complete(new StoredChannel(ChannelInfo.DEFAULT, Set.of("u1", "u2")));
    assertEquals(List.of("first", "second"), log);
    assertSame(seen[0], seen[1]);
    assertEquals(Set.of("u1", "u2"), seen[0].subscribers);
    assertTrue(seen[0].exists());
    states.with(A, work("third"));
    assertEquals(List.of("first", "second", "third"), log, "a loaded, free channel runs work at once");
    assertEquals(1, channels.loads(A));
  }

  @Test
  void aHeldChannelKeepsLaterWorkWaitingUntilReleased() {
    ChannelStates states = states(10);
    ChannelState st = loaded(states, A);
    states.with(A, work("holds", true));
    states.with(A, work("second", true));
    states.with(A, work("third"));
    assertEquals(List.of("holds"), log);
    ChannelStates.release(st);
    assertEquals(List.of("holds", "second"), log, "the next step holds again: the rest keeps waiting");
    ChannelStates.release(st);
    assertEquals(List.of("holds", "second", "third"), log);
    states.with(A, work("free"));
    assertEquals("free", log.get(3));
  }

  @Test
  void beyondTheBoundTheLeastRecentlyUsedIdleChannelIsForgottenAndReloaded() {
    ChannelStates states = states(2);
    loaded(states, A);
    loaded(states, B);
    states.with(A, work("a again")); // A is now the more recent
    loaded(states, C);
    states.with(A, work("a"));
    assertEquals(1, channels.loads(A), "A was used recently: kept");
    states.with(B, work("b"));
    assertEquals(2, channels.loads(B), "B was the least recently used: forgotten, loaded again");
  }

  @Test
  void aBusyChannelIsNeverForgotten() {
    ChannelStates states = states(1);
    ChannelState a = loaded(states, A);
    states.with(A, work("holds A", true));
    loaded(states, B);
    loaded(states, C);
    states.with(A, work("waits for A"));
    ChannelStates.release(a);
    assertEquals(List.of("holds A", "waits for A"), log, "the held channel kept its state and its queue");
    assertEquals(1, channels.loads(A));
  }

  @Test
  void aRingChangeReloadsIdleChannelsButNotBusyOnes() {
    ChannelStates states = states(10);
    loaded(states, A);
    ChannelState b = loaded(states, B);
    states.with(B, work("holds B", true));
    ring.incrementAndGet();
    states.with(A, work("a"));
    assertEquals(2, channels.loads(A), "another node may have changed A while it was not ours");
    states.with(B, work("b"));
    ChannelStates.release(b);
    assertEquals(1, channels.loads(B), "B was busy: its state stays");
    assertEquals(List.of("holds B", "b"), log);
  }

  @Test
  void aFailedLoadFailsEveryWaitingStepAndTheNextUseLoadsAgain() {
    ChannelStates states = states(10);
    states.with(A, work("first"));
    states.with(A, work("second"));
    channels.last(A).promise().fail("disk gone");
    assertEquals(List.of("first failed: disk gone", "second failed: disk gone"), log);
    states.with(A, work("third"));
    assertEquals(2, channels.loads(A));
    channels.last(A).promise().complete(null);
    assertEquals("third", log.get(2));
  }

  @Test
  void anEvictionFailsWhatWasWaitingAndForgetsTheState() {
    ChannelStates states = states(10);
    ChannelState st = loaded(states, A);
    states.with(A, work("holds", true));
    states.with(A, work("waiting"));
    states.evict(A, st, new IllegalStateException("not durable"));
    assertEquals(List.of("holds", "waiting failed: not durable"), log);
    states.with(A, work("after"));
    assertEquals(2, channels.loads(A), "reloaded from storage");
  }
}
