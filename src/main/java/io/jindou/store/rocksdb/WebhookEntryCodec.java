package io.jindou.store.rocksdb;

import io.jindou.model.ChannelKey;
import io.jindou.store.WebhookStore.Entry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The value of a RocksDB webhook outbox entry ({@code O pos} → this): the entry's channel and seq, and for the kinds
 * added later a kind byte and its anchor or extra version; a value written before the kinds existed reads as a
 * MESSAGE entry. Pure bytes; it never touches the database.
 */
final class WebhookEntryCodec {
  private WebhookEntryCodec() {
  }

  /** The kind byte after {@code type, id, seq} in a STREAM or CHANGE entry's value (not a key table). */
  private static final byte STREAM_ENTRY = 1;
  private static final byte CHANGE_ENTRY = 2;

  /**
   * {@code type, id, seq} for a MESSAGE entry (as entries were stored before the kinds existed); then a kind byte
   * and the anchor (STREAM) or the extra version (CHANGE) for the others.
   */
  static byte[] encode(Entry entry) {
    ChannelKey log = entry.channel();
    byte[] id = log.id().getBytes(StandardCharsets.UTF_8);
    byte[] anchor = entry.anchor().getBytes(StandardCharsets.UTF_8);
    int extra = switch (entry.kind()) {
      case MESSAGE -> 0;
      case STREAM -> 1 + 2 + anchor.length;
      case CHANGE -> 1 + 8;
    };
    ByteBuffer b = ByteBuffer.allocate(1 + 2 + id.length + 8 + extra).put((byte) log.type())
        .putShort((short) id.length).put(id).putLong(entry.seq());
    if (entry.kind() == Entry.Kind.STREAM) {
      b.put(STREAM_ENTRY).putShort((short) anchor.length).put(anchor);
    } else if (entry.kind() == Entry.Kind.CHANGE) {
      b.put(CHANGE_ENTRY).putLong(entry.version());
    }
    return b.array();
  }

  static Entry entry(byte[] value) {
    ByteBuffer b = ByteBuffer.wrap(value);
    int type = b.get() & 0xff;
    byte[] id = new byte[b.getShort() & 0xffff];
    b.get(id);
    ChannelKey ch = new ChannelKey(new String(id, StandardCharsets.UTF_8), type);
    long seq = b.getLong();
    if (!b.hasRemaining()) {
      return new Entry(ch, seq);
    }
    byte kind = b.get();
    if (kind == STREAM_ENTRY) {
      byte[] anchor = new byte[b.getShort() & 0xffff];
      b.get(anchor);
      return Entry.stream(ch, new String(anchor, StandardCharsets.UTF_8), seq);
    }
    if (kind == CHANGE_ENTRY) {
      return Entry.change(ch, seq, b.getLong());
    }
    throw new IllegalStateException("unknown webhook outbox entry kind " + kind);
  }
}
