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
    int bound = 10_000;
    RocksDbConfig defaults = RocksDbConfig.of(dir, 1024);
    RocksDbStore store = RocksDbStore.open(new RocksDbConfig(dir, 1024, defaults.headsCacheMax(),
        defaults.rowsCacheMax(), defaults.lastMessagesMax(), bound), vertx);
    try {
      ConversationStore conversations = store.conversations();
      int users = 3 * bound / 2;
      for (int from = 0; from < users; from += 5000) {
        List<Future<List<ConversationStore.RowWithHead>>> batch = new ArrayList<>();
        for (int i = from; i < Math.min(users, from + 5000); i++) {
          batch.add(conversations.list("nobody-" + i));
        }
        Future.all(batch).await(60, TimeUnit.SECONDS);
        batch.forEach(f -> assertEquals(List.of(), f.result()));
      }
      int cached = store.rowCache().size();
      assertTrue(cached <= bound, users + " users without rows listed: " + cached
          + " cache entries, over the bound of " + bound + " (conversation_cache_rows_max)");
    } finally {
      store.close().await(10, TimeUnit.SECONDS);
      vertx.close().await(10, TimeUnit.SECONDS);
      TestNode.deleteTree(dir);
    }
  }
}
