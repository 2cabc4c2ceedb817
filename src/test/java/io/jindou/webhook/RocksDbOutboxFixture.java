package io.jindou.webhook;

import io.jindou.store.Store;
import io.jindou.store.rocksdb.RocksDbStore;
import io.jindou.support.TestNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A real RocksDB store in a fresh folder for each test of {@link WebhookOutbox}, closed and deleted after it;
 * {@link #reopen} restarts it on the same folder.
 */
abstract class RocksDbOutboxFixture {
  protected Vertx vertx;
  protected Path dir;
  protected Store store;

  @BeforeEach
  void open() throws Exception {
    vertx = Vertx.vertx();
    dir = Files.createTempDirectory("jindou-" + getClass().getSimpleName());
    store = RocksDbStore.open(dir, vertx, 64);
  }

  @AfterEach
  void close() throws Exception {
    await(store.close());
    vertx.close().await(10, TimeUnit.SECONDS);
    TestNode.deleteTree(dir);
  }

  /** Closes the store and opens its folder again, as a restart does. */
  void reopen() throws Exception {
    await(store.close());
    store = RocksDbStore.open(dir, vertx, 64);
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
