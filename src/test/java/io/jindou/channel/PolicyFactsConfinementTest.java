package io.jindou.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.cluster.ChannelRing;
import io.jindou.cluster.LocalMembership;
import io.jindou.model.ChannelKey;
import io.jindou.model.ChannelType;
import io.jindou.model.SendResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each owner shard is a verticle on its own event loop, and everything a shard does for its channels must run
 * there. The node-wide {@link PolicyFacts} cache is shared by the shards: when one uid's first sends reach two
 * shards at once, both wait for the same load of the sender's facts, which the first shard started. The
 * second shard's decision must still run on its own event loop, not on the first shard's.
 */
class PolicyFactsConfinementTest {
  private static final int SHARDS = 2;
  private Vertx vertx;
  private final HeldStores.Channels channels = new HeldStores.Channels();
  private final Map<String, Thread> decidedOn = new ConcurrentHashMap<>();
  private final CountDownLatch decided = new CountDownLatch(2);
  private ChannelService service;

  @BeforeEach
  void startOwners() throws Exception {
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(4));
    LocalMembership membership = new LocalMembership(1, SHARDS, 16);
    PolicyFacts facts = new PolicyFacts(vertx);
    ChannelOwnerVerticle.Deps deps = new ChannelOwnerVerticle.Deps(null, channels, new HeldStores.Lists(),
        uid -> false, false, new MessageIds(1),
        (message, recipients, origin) -> {
          decidedOn.put(message.channelId(), Thread.currentThread());
          decided.countDown();
        }, facts,
        membership::version, 100);
    service = OwnerTesting.start(vertx, membership, facts, deps, SHARDS, 10_000);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  /** An info channel (policy: disband only, no receiver facts) that hashes to {@code shard}. */
  private static ChannelKey channelOnShard(int shard) {
    for (int i = 0; ; i++) {
      ChannelKey ch = new ChannelKey("info" + i, ChannelType.INFO);
      if (ChannelRing.shardOf(ch.routingKey(), SHARDS) == shard) {
        return ch;
      }
    }
  }

  /** Answers a held load on the context that asked for it, and returns once everything it set off has run. */
  private static void answer(HeldStores.Load load) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(1);
    load.context().runOnContext(v -> {
      load.promise().complete(null);
      done.countDown();
    });
    assertTrue(done.await(10, TimeUnit.SECONDS));
  }

  @Test
  void aDecisionWaitingForFactsAnotherShardLoadsRunsOnItsOwnShard() throws Exception {
    ChannelKey first = channelOnShard(0);
    ChannelKey second = channelOnShard(1);
    Future<SendResult> a = service.send(OwnerTesting.unpersisted("u", first, 1));
    Future<SendResult> b = service.send(OwnerTesting.unpersisted("u", second, 2));
    HeldStores.Load firstLoad = channels.awaitFirstLoad(first);
    HeldStores.Load secondLoad = channels.awaitFirstLoad(second);
    assertNotEquals(firstLoad.thread(), secondLoad.thread(), "the two shards run on different event loops");
    answer(firstLoad); // shard 0 asks for u's facts: the load starts there
    answer(secondLoad); // shard 1 needs the same facts while they are still loading
    answer(channels.awaitFirstLoad(new ChannelKey("u", ChannelType.PERSON))); // the facts arrive
    assertEquals(0L, a.await(10, TimeUnit.SECONDS).messageSeq());
    assertEquals(0L, b.await(10, TimeUnit.SECONDS).messageSeq());
    assertTrue(decided.await(10, TimeUnit.SECONDS), "both messages were accepted (the listener runs after the reply)");
    assertEquals(firstLoad.thread(), decidedOn.get(first.id()));
    assertEquals(secondLoad.thread(), decidedOn.get(second.id()),
        "the second shard decides on its own event loop, though the first shard started the load");
  }
}
