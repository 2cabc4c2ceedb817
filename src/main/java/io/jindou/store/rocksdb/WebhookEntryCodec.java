package io.jindou.store.rocksdb;

import io.jindou.model.ChannelKey;
import io.jindou.store.WebhookStore.Entry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The value of a RocksDB webhook outbox record ({@code O pos} → this): the entries one group commit staged, each
 * its channel and seq, and for the kinds added later a kind byte and its anchor or extra version; a value written
 * before the kinds existed reads as a MESSAGE entry, one written before records existed as a record of one. Pure
 * bytes; it never touches the database.
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

  /** The first byte of a record of several entries (an entry's first byte is its channel type, 1..12). */
  private static final byte RECORD = 0;

  /**
   * The value of one outbox record: a single entry as {@link #encode(Entry)} writes it (the layout of one entry per
   * key, as before records existed), or for several {@code 0, count:4} and each entry as {@code length:2, entry}.
   */
  static byte[] encodeRecord(List<Entry> entries) {
    if (entries.size() == 1) {
      return encode(entries.get(0));
    }
    byte[][] each = new byte[entries.size()][];
    int size = 1 + 4;
    for (int i = 0; i < each.length; i++) {
      each[i] = encode(entries.get(i));
      size += 2 + each[i].length;
    }
    ByteBuffer b = ByteBuffer.allocate(size).put(RECORD).putInt(each.length);
    for (byte[] e : each) {
      b.putShort((short) e.length).put(e);
    }
    return b.array();
  }

  /** The inverse of {@link #encodeRecord}; a value of one entry (any layout it ever had) is a record of one. */
  static List<Entry> record(byte[] value) {
    if (value.length == 0 || value[0] != RECORD) {
      return List.of(entry(value));
    }
    ByteBuffer b = ByteBuffer.wrap(value, 1, value.length - 1);
    int n = b.getInt();
    List<Entry> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      byte[] e = new byte[b.getShort() & 0xffff];
      b.get(e);
      out.add(entry(e));
    }
    return out;
  }
}
