package io.jindou.store.rocksdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jindou.model.ChannelKey;
import io.jindou.store.WebhookStore.Entry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The RocksDB outbox entry value: every kind round-trips, and a value written before the kinds existed (type, id,
 * seq and nothing more) still reads as a message entry — a node upgraded with undelivered entries loses none.
 */
class WebhookEntryCodecTest {

  @Test
  void everyKindRoundTripsAndAnOldValueReadsAsAMessageEntry() {
    ChannelKey g = new ChannelKey("grp:ü", 2);
    for (Entry e : new Entry[] {new Entry(g, 7), new Entry(g.commandLog(), 3), Entry.stream(g, "cmn:with:colons", 12),
        Entry.change(g, 5, 99)}) {
      assertEquals(e, WebhookEntryCodec.entry(WebhookEntryCodec.encode(e)));
    }
    byte[] id = "old".getBytes(StandardCharsets.UTF_8);
    byte[] old = ByteBuffer.allocate(1 + 2 + id.length + 8).put((byte) 2).putShort((short) id.length).put(id)
        .putLong(41).array(); // as RocksDbWebhookStore.stage wrote it before
    assertEquals(new Entry(new ChannelKey("old", 2), 41), WebhookEntryCodec.entry(old));
    assertEquals(Entry.Kind.MESSAGE, WebhookEntryCodec.entry(old).kind());
  }

  @Test
  void aRecordOfOneIsAnEntryAsBeforeAndARecordOfSeveralRoundTrips() {
    ChannelKey g = new ChannelKey("grp", 2);
    Entry one = new Entry(g, 9);
    assertArrayEquals(WebhookEntryCodec.encode(one), WebhookEntryCodec.encodeRecord(List.of(one)),
        "one entry per key is the layout an older node wrote");
    assertEquals(List.of(one), WebhookEntryCodec.record(WebhookEntryCodec.encode(one)));
    List<Entry> several = List.of(new Entry(g, 1), Entry.stream(g, "anchor", 4), Entry.change(g.commandLog(), 2, 7),
        new Entry(new ChannelKey("p@q", 1), 3));
    assertEquals(several, WebhookEntryCodec.record(WebhookEntryCodec.encodeRecord(several)));
  }
}
