package io.jindou.access.json;

import io.jindou.model.ChannelKey;
import io.jindou.model.ChannelType;
import io.jindou.model.JindouException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque cursor of {@code /conversation/list} (spec http-api §3.3): unpadded base64url of
 * {@code [0x01][activated_at i64 BE][channel_type u64 BE][len u16 BE][channel_id UTF-8]}, V3's layout. Jindou
 * keeps no activation time, so it writes 0 there and reads only the channel, the last one a page scanned.
 * Decoding refuses anything it did not write (a clear 400, never a 500).
 */
final class ListCursor {
  private ListCursor() {
  }

  static String encode(ChannelKey last) {
    byte[] id = last.id().getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(1 + 8 + 8 + 2 + id.length);
    b.put((byte) 1).putLong(0).putLong(last.type()).putShort((short) id.length).put(id);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
  }

  static ChannelKey decode(String cursor) {
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(cursor);
    } catch (IllegalArgumentException e) {
      throw bad(cursor);
    }
    if (raw.length < 19 || raw[0] != 1) {
      throw bad(cursor);
    }
    ByteBuffer b = ByteBuffer.wrap(raw);
    b.get();
    b.getLong();
    long type = b.getLong();
    int len = Short.toUnsignedInt(b.getShort());
    if (!ChannelType.isValid(type) || len == 0 || b.remaining() != len) {
      throw bad(cursor);
    }
    byte[] id = new byte[len];
    b.get(id);
    return new ChannelKey(new String(id, StandardCharsets.UTF_8), (int) type);
  }

  private static JindouException bad(String cursor) {
    return JindouException.invalid("cursor is not one this server handed out: \""
        + (cursor.length() > 40 ? cursor.substring(0, 40) + "…" : cursor) + "\"");
  }
}
