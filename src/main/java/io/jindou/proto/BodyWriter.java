package io.jindou.proto;

/**
 * Big-endian field writer used twice per packet by {@link WkEncoder}: once without a target to measure the body,
 * then into the one array allocated for the whole frame. Both passes run the same code ({@link #put}), so the
 * measured size and the written bytes cannot disagree. Strings are encoded to UTF-8 in place (no intermediate
 * arrays); an unpaired surrogate or a string over 65535 bytes is an {@link IllegalArgumentException}. It also
 * writes a RECV's sign text (UTF-8 without length, numbers in ASCII decimal) for {@link RecvFrame}.
 */
final class BodyWriter {
  static final int MAX_STRING_BYTES = 0xFFFF;

  private byte[] out;
  private int pos;

  private BodyWriter(byte[] out, int pos) {
    this.out = out;
    this.pos = pos;
  }

  static BodyWriter counting() {
    return new BodyWriter(null, 0);
  }

  static BodyWriter into(byte[] out, int offset) {
    return new BodyWriter(out, offset);
  }

  /** This writer pointed at {@code out[offset]} (a measured body's writer reused to write it). */
  BodyWriter at(byte[] out, int offset) {
    this.out = out;
    this.pos = offset;
    return this;
  }

  int position() {
    return pos;
  }

  private void put(int b) {
    if (out != null) {
      out[pos] = (byte) b;
    }
    pos++;
  }

  void u8(int v) {
    put(v);
  }

  void u16(int v) {
    put(v >>> 8);
    put(v);
  }

  void u32(long v) {
    put((int) (v >>> 24));
    put((int) (v >>> 16));
    put((int) (v >>> 8));
    put((int) v);
  }

  void u64(long v) {
    u32(v >>> 32);
    u32(v);
  }

  void bytes(byte[] b) {
    if (out != null) {
      System.arraycopy(b, 0, out, pos, b.length);
    }
    pos += b.length;
  }

  /** {@code u16 byte length + UTF-8 bytes}. */
  void str(String field, String s) {
    int lengthAt = pos;
    pos += 2;
    utf8(field, s);
    int length = pos - lengthAt - 2;
    if (length > MAX_STRING_BYTES) {
      throw new IllegalArgumentException(
          field + " too long: " + length + " UTF-8 bytes, max " + MAX_STRING_BYTES + " (u16 length prefix)");
    }
    if (out != null) {
      out[lengthAt] = (byte) (length >>> 8);
      out[lengthAt + 1] = (byte) length;
    }
  }

  /** The UTF-8 bytes of {@code s}, no length (a RECV's sign text). */
  void utf8(String field, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        put(c);
      } else if (c < 0x800) {
        put(0xC0 | (c >> 6));
        put(0x80 | (c & 0x3F));
      } else if (Character.isSurrogate(c)) {
        if (!Character.isHighSurrogate(c) || i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          throw new IllegalArgumentException(field + " is not valid UTF-16: unpaired surrogate at index " + i);
        }
        int cp = Character.toCodePoint(c, s.charAt(++i));
        put(0xF0 | (cp >> 18));
        put(0x80 | ((cp >> 12) & 0x3F));
        put(0x80 | ((cp >> 6) & 0x3F));
        put(0x80 | (cp & 0x3F));
      } else {
        put(0xE0 | (c >> 12));
        put(0x80 | ((c >> 6) & 0x3F));
        put(0x80 | (c & 0x3F));
      }
    }
  }

  /** {@code v} in ASCII decimal, with a minus sign when negative ({@code Long.toString}). */
  void decimal(long v) {
    if (v < 0) {
      put('-');
      unsignedDecimal(-v); // -Long.MIN_VALUE read unsigned is its magnitude
    } else {
      unsignedDecimal(v);
    }
  }

  /** {@code v} read as unsigned in ASCII decimal ({@code Long.toUnsignedString}). */
  void unsignedDecimal(long v) {
    if (v < 0) { // over 2^63 - 1: one unsigned division, then the signed (fast, by a constant) path
      long rest = Long.divideUnsigned(v, 10);
      unsignedDecimal(rest);
      put('0' + (int) (v - rest * 10));
      return;
    }
    int digits = 1;
    for (long t = v / 10; t != 0; t /= 10) {
      digits++;
    }
    if (out != null) {
      long t = v;
      for (int i = pos + digits - 1; i >= pos; i--) {
        out[i] = (byte) ('0' + t % 10);
        t /= 10;
      }
    }
    pos += digits;
  }
}
