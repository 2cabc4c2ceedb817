package io.jindou.store.rocksdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.store.ConversationStore;
import io.jindou.support.TestNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The conversation-row cache is bounded by rows, and a user with no rows at all counts too: anyone can ask for
 * the conversations of any uid, so entries of empty users must not pile up outside the bound.
 */
class ConversationRowCacheTest {

  @Test
  void listingManyUsersWithoutRowsKeepsTheCacheWithinItsBound() throws Exception {
    Path dir = Files.createTempDirectory("jindou-rowcache");
    Vertx vertx = Vertx.vertx();
    RocksDbStore store = RocksDbStore.open(dir, vertx, 1024);
    try {
      ConversationStore conversations = store.conversations();
      int users = 3 * RocksDbStore.ROW_CACHE_MAX / 2;
      for (int from = 0; from < users; from += 5000) {
        List<Future<List<ConversationStore.RowWithHead>>> batch = new ArrayList<>();
        for (int i = from; i < Math.min(users, from + 5000); i++) {
          batch.add(conversations.list("nobody-" + i));
        }
        Future.all(batch).await(60, TimeUnit.SECONDS);
        batch.forEach(f -> assertEquals(List.of(), f.result()));
      }
      int cached = store.rowCache().size();
      assertTrue(cached <= RocksDbStore.ROW_CACHE_MAX, users + " users without rows listed: " + cached
          + " cache entries, over the bound of " + RocksDbStore.ROW_CACHE_MAX);
    } finally {
      store.close().await(10, TimeUnit.SECONDS);
      vertx.close().await(10, TimeUnit.SECONDS);
      TestNode.deleteTree(dir);
    }
  }
}
