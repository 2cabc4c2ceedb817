package io.jindou.store.rocksdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.store.WebhookStore;
import io.jindou.store.WebhookStore.Event;
import io.jindou.store.WebhookStore.State;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksIterator;

/**
 * The webhook event log lives in a column family of its own. A data folder of the older layout, where the events
 * were in the default family beside their pending index, opens with every event readable in its state, seqs going
 * on after them, and no event left in the default family; a new folder writes its events into the family only.
 */
class WebhookEventFamilyTest {

  @Test
  void anOlderLayoutsEventsMoveIntoTheFamilyAndStayReadable(@TempDir Path dir) throws Exception {
    try (Options o = new Options().setCreateIfMissing(true); RocksDB raw = RocksDB.open(o, dir.toString())) {
      for (long seq = 1; seq <= 1500; seq++) { // more than one move batch
        raw.put(RocksDbWebhookStore.key(Keys.WEBHOOK_EVENT, seq), event("old-" + seq).encode());
      }
      raw.put(RocksDbWebhookStore.key(Keys.WEBHOOK_PENDING, 1500), new byte[0]);
    }
    Vertx vertx = Vertx.vertx();
    try {
      RocksDbStore store = RocksDbStore.open(dir, vertx, 64);
      try {
        WebhookStore hooks = store.webhooks(0);
        List<Event> pending = hooks.events(0, 10, State.PENDING).await(10, TimeUnit.SECONDS);
        assertEquals(List.of("old-1500"), pending.stream().map(Event::id).toList());
        assertEquals("[old-1500]", new String(pending.get(0).body(), StandardCharsets.UTF_8));
        List<Event> first = hooks.events(0, 2, null).await(10, TimeUnit.SECONDS);
        assertEquals(List.of("old-1", "old-2"), first.stream().map(Event::id).toList());
        assertEquals(State.DELIVERED, first.get(0).state());
        assertEquals(new WebhookStore.Counts(0, 1, 0, 1500), hooks.counts().await(10, TimeUnit.SECONDS));
        long next = hooks.seal(List.of(event("new")), List.of()).await(10, TimeUnit.SECONDS).get(0).seq();
        assertEquals(1501, next, "seqs go on after the moved events");
      } finally {
        store.close().await(10, TimeUnit.SECONDS);
      }
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
    assertEquals(List.of(0L, 1501L), eventsPerFamily(dir), "no event left in the default family");
  }

  /** How many event keys the default family and the event log's family hold. */
  private static List<Long> eventsPerFamily(Path dir) throws Exception {
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    List<Long> out = new ArrayList<>();
    try (DBOptions o = new DBOptions(); RocksDB db = RocksDB.openReadOnly(o, dir.toString(), List.of(
        new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY), new ColumnFamilyDescriptor(WebhookEventFamily.NAME)),
        handles)) {
      for (ColumnFamilyHandle h : handles) {
        long n = 0;
        try (RocksIterator it = db.newIterator(h)) {
          for (it.seekToFirst(); it.isValid(); it.next()) {
            n += it.key()[0] == Keys.WEBHOOK_EVENT ? 1 : 0;
          }
        }
        out.add(n);
      }
      handles.forEach(ColumnFamilyHandle::close);
    }
    assertTrue(out.size() == 2);
    return out;
  }

  private static Event event(String id) {
    return new Event(0, id, "msg.notify", "notify", 1_700_000_000_000L, ("[" + id + "]").getBytes(StandardCharsets.UTF_8),
        null);
  }
}
