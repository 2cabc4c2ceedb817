package io.jindou.store.rocksdb;

import io.jindou.store.Store;
import io.jindou.store.StoreContract;
import io.jindou.support.TestNode;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

class RocksDbStoreTest extends StoreContract {
  private Path dir;

  @Override
  protected Store open(Vertx vertx) throws Exception {
    dir = Files.createTempDirectory("jindou-store");
    return RocksDbStore.open(dir, vertx, 1024);
  }

  @Override
  protected Store reopen(Vertx vertx) throws Exception {
    store.close().await(10, TimeUnit.SECONDS);
    return RocksDbStore.open(dir, vertx, 1024);
  }

  @Override
  protected void cleanup() throws Exception {
    TestNode.deleteTree(dir);
  }
}
