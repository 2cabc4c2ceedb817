package io.jindou.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.cluster.LocalMembership;
import io.jindou.model.ChannelCommand;
import io.jindou.model.ChannelCommand.Op;
import io.jindou.model.ChannelKey;
import io.jindou.model.ChannelType;
import io.jindou.model.RecordCodec;
import io.jindou.store.rocksdb.RocksDbStore;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A change of a user's lists must hold for the next send through this node as soon as the change is answered. The
 * owner announces the change on the event bus, and the node's {@link PolicyFacts} drops its copy when the
 * announcement arrives, on the thread of the context it listens on, which may be after the caller's next send (a CI
 * run saw exactly that: whitelisted, answered 200, and the next send refused as "not on the whitelist"). Here that
 * thread is kept busy, so only the owner dropping the copy itself, before it answers, can pass.
 */
class PolicyChangeVisibilityTest {
  @TempDir
  Path dir;
  private Vertx vertx;
  private RocksDbStore store;
  private final CountDownLatch release = new CountDownLatch(1);

  /** Builds the cache on a worker context of its own, so that the announcements it listens to arrive there. */
  private static final class FactsHolder extends VerticleBase {
    final AtomicReference<PolicyFacts> facts = new AtomicReference<>();
    final AtomicReference<Context> where = new AtomicReference<>();

    @Override
    public Future<?> start() {
      where.set(context);
      facts.set(new PolicyFacts(vertx));
      return Future.succeededFuture();
    }
  }

  @AfterEach
  void stop() throws Exception {
    release.countDown(); // lets the announcement's thread go
    if (vertx != null) {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
    if (store != null) {
      store.close().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aPersonListChangeIsForgottenHereBeforeItIsAnswered() throws Exception {
    vertx = Vertx.vertx();
    store = RocksDbStore.open(Files.createDirectories(dir.resolve("data")), vertx, 64);
    vertx.eventBus().registerDefaultCodec(ChannelCommand.class, new RecordCodec<>(ChannelCommand.class));
    FactsHolder holder = new FactsHolder();
    vertx.deployVerticle(holder, new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER))
        .await(10, TimeUnit.SECONDS);
    PolicyFacts facts = holder.facts.get();
    Context listening = holder.where.get();
    LocalMembership membership = new LocalMembership(1, 1, 16);
    ChannelOwnerVerticle.Deps deps = new ChannelOwnerVerticle.Deps(store.messages(), store.channels(), store.lists(),
        uid -> false, true, new MessageIds(1), (message, recipients, origin) -> {
        }, facts, membership::version, 100);
    ChannelService service = OwnerTesting.start(vertx, membership, facts, deps, 1, 10_000);

    assertEquals(Set.of(), facts.of("pr").await(10, TimeUnit.SECONDS).whitelist());
    assertEquals(1, facts.size(), "pr's facts are cached on this node");

    CountDownLatch busy = new CountDownLatch(1);
    listening.runOnContext(v -> {
      busy.countDown();
      try {
        release.await(30, TimeUnit.SECONDS); // the announcement waits behind this
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    assertTrue(busy.await(10, TimeUnit.SECONDS));

    service.mutate(new ChannelCommand(Op.WHITELIST_ADD, new ChannelKey("pr", ChannelType.PERSON), null,
        List.of("friend"), false)).await(10, TimeUnit.SECONDS);
    assertEquals(0, facts.size(), "the owner dropped pr's facts on this node before it answered");
    assertEquals(Set.of("friend"), facts.of("pr").await(10, TimeUnit.SECONDS).whitelist(),
        "the next send through this node sees the new whitelist");
  }
}
