package io.jindou.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.cluster.LocalMembership;
import io.jindou.model.ChannelFacts;
import io.jindou.model.ChannelKey;
import io.jindou.model.ChannelType;
import io.jindou.model.DeliveryGate;
import io.jindou.model.JindouException;
import io.jindou.model.SendCommand;
import io.jindou.model.SendResult;
import io.jindou.store.ChannelStore;
import io.jindou.store.MembershipPlan;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A channel owner under a shut delivery gate (the gateway's backlog is full): it holds new writes, in arrival order,
 * answers questions meanwhile, runs the held writes once the gate opens, and past {@link
 * ChannelOwnerVerticle#DEFERRED_MAX} held writes refuses more with UNAVAILABLE instead of holding them.
 */
class OwnerDeliveryGateTest {
  static final ChannelKey CHANNEL = new ChannelKey("gated", ChannelType.INFO);
  private Vertx vertx;
  private ChannelService service;
  private final TestGate gate = new TestGate();
  private final List<String> committed = new CopyOnWriteArrayList<>();

  /** A gate the test shuts and opens. */
  static final class TestGate implements DeliveryGate {
    volatile boolean shut;
    final ConcurrentLinkedQueue<Runnable> waiters = new ConcurrentLinkedQueue<>();

    @Override
    public boolean open() {
      return !shut;
    }

    @Override
    public void whenOpen(Runnable wake) {
      waiters.add(wake);
      if (!shut) {
        reopen();
      }
    }

    void reopen() {
      shut = false;
      for (Runnable r; (r = waiters.poll()) != null; ) {
        r.run();
      }
    }
  }

  /** Channels that were never created: every load answers null at once. */
  static final class NoChannels implements ChannelStore {
    @Override
    public Future<StoredChannel> load(ChannelKey channel) {
      return Future.succeededFuture(null);
    }

    @Override
    public Future<Void> update(MembershipPlan plan) {
      return Future.failedFuture("this test store does not write");
    }
  }

  @BeforeEach
  void startOwner() throws Exception {
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    LocalMembership membership = new LocalMembership(1, 1, 16);
    PolicyFacts facts = new PolicyFacts(vertx);
    ChannelOwnerVerticle.Deps deps = new ChannelOwnerVerticle.Deps(null, new NoChannels(), new HeldStores.Lists(),
        uid -> false, false, new MessageIds(1), (message, recipients, origin) -> committed.add(message.clientMsgNo()),
        facts, membership::version, 100).withGate(gate);
    service = OwnerTesting.start(vertx, membership, facts, deps, 1, 30_000);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private static SendCommand unpersisted(int n) {
    return OwnerTesting.unpersisted("u", CHANNEL, n);
  }

  @Test
  void writesWaitWhileTheGateIsShutAndThenRunInArrivalOrder() throws Exception {
    gate.shut = true;
    List<Future<SendResult>> sends = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    for (int n = 0; n < 5; n++) {
      sends.add(service.send(unpersisted(n)));
      expected.add("cmn" + n);
    }
    // a question is taken after the writes (one event loop, arrival order) and answered although they wait
    ChannelFacts facts = service.facts(CHANNEL).await(10, TimeUnit.SECONDS);
    assertFalse(facts.exists());
    assertTrue(sends.stream().noneMatch(Future::isComplete), "no write ran while the gate was shut");
    assertEquals(List.of(), committed);
    vertx.runOnContext(v -> gate.reopen());
    for (Future<SendResult> f : sends) {
      f.await(10, TimeUnit.SECONDS);
    }
    awaitCommitted(expected.size()); // the listener runs just after each reply
    assertEquals(expected, committed, "the held writes ran in the order they arrived");
  }

  @Test
  void pastTheBoundAShardRefusesMoreWritesWithUnavailable() throws Exception {
    gate.shut = true;
    List<Future<SendResult>> held = new ArrayList<>();
    for (int n = 0; n < ChannelOwnerVerticle.DEFERRED_MAX; n++) {
      held.add(service.send(unpersisted(n)));
    }
    Future<SendResult> over = service.send(unpersisted(-1));
    Throwable refused = assertThrowsOn(over);
    JindouException e = assertInstanceOf(JindouException.class, refused);
    assertEquals(JindouException.Kind.UNAVAILABLE, e.kind());
    assertTrue(e.getMessage().contains("busy"), e.getMessage());
    assertTrue(held.stream().noneMatch(Future::isComplete));
    vertx.runOnContext(v -> gate.reopen());
    for (Future<SendResult> f : held) {
      f.await(10, TimeUnit.SECONDS);
    }
    awaitCommitted(ChannelOwnerVerticle.DEFERRED_MAX);
    Thread.sleep(100); // room for a wrongly run refused write to show up
    assertEquals(ChannelOwnerVerticle.DEFERRED_MAX, committed.size());
    assertFalse(committed.contains("cmn-1"), "the refused write never ran");
  }

  private void awaitCommitted(int n) throws InterruptedException {
    for (int i = 0; i < 200 && committed.size() < n; i++) {
      Thread.sleep(50);
    }
  }

  private static Throwable assertThrowsOn(Future<?> f) throws Exception {
    try {
      f.await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      return f.cause() != null ? f.cause() : e;
    }
    throw new AssertionError("expected a refusal, got " + f.result());
  }
}
