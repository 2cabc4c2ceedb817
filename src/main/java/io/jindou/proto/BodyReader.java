package io.jindou.proto;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Bounds-checked big-endian reader over one frame body. Every read names its field, so a short body fails with
 * e.g. {@code "truncated SEND: channelId needs 2 bytes at body offset 15, 1 left"} and never with an index
 * exception. Strings are strict UTF-8 (a {@link CharsetDecoder} with REPORT: no replacement characters, no
 * overlong forms, no encoded surrogates); pure-ASCII strings skip the decoder because ASCII is always valid UTF-8.
 * Values are copied out, so the caller may reuse the underlying array afterwards.
 */
final class BodyReader {
  private final PacketType type;
  private final byte[] buf;
  private final int start;
  private final int end;
  private int pos;
  private CharsetDecoder utf8;

  BodyReader(PacketType type, byte[] buf, int offset, int length) {
    this.type = type;
    this.buf = buf;
    this.start = offset;
    this.end = offset + length;
    this.pos = offset;
  }

  int remaining() {
    return end - pos;
  }

  private void need(String field, int n) throws ProtocolException {
    if (end - pos < n) {
      throw new ProtocolException("truncated " + type + ": " + field + " needs " + n + " bytes at body offset "
          + (pos - start) + ", " + (end - pos) + " left");
    }
  }

  int u8(String field) throws ProtocolException {
    need(field, 1);
    return buf[pos++] & 0xFF;
  }

  private int u16(String field) throws ProtocolException {
    need(field, 2);
    int v = (buf[pos] & 0xFF) << 8 | buf[pos + 1] & 0xFF;
    pos += 2;
    return v;
  }

  /** Unsigned 32 bits as a non-negative long. */
  long u32(String field) throws ProtocolException {
    return i32(field) & 0xFFFF_FFFFL;
  }

  int i32(String field) throws ProtocolException {
    need(field, 4);
    int v = (buf[pos] & 0xFF) << 24 | (buf[pos + 1] & 0xFF) << 16 | (buf[pos + 2] & 0xFF) << 8 | buf[pos + 3] & 0xFF;
    pos += 4;
    return v;
  }

  /** 64 bits (i64 or u64; an u64 above 2^63−1 comes back negative, read it with {@code Long.toUnsignedString}). */
  long u64(String field) throws ProtocolException {
    need(field, 8);
    long hi = i32(field) & 0xFFFF_FFFFL;
    long lo = i32(field) & 0xFFFF_FFFFL;
    return hi << 32 | lo;
  }

  /** {@code u16 byte length + UTF-8}. */
  String str(String field) throws ProtocolException {
    int length = u16(field + " length");
    need(field, length);
    int from = pos;
    pos += length;
    boolean ascii = true;
    for (int i = from; i < pos; i++) {
      if (buf[i] < 0) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      return new String(buf, from, length, StandardCharsets.ISO_8859_1);
    }
    if (utf8 == null) {
      utf8 = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
    }
    try {
      return utf8.reset().decode(ByteBuffer.wrap(buf, from, length)).toString();
    } catch (CharacterCodingException e) {
      throw new ProtocolException("invalid UTF-8 in " + type + " " + field + " (" + length
          + " bytes at body offset " + (from - start) + ")", e);
    }
  }

  /** Everything up to the end of the body ("payload" / "data"). */
  byte[] rest() {
    byte[] out = new byte[end - pos];
    System.arraycopy(buf, pos, out, 0, out.length);
    pos = end;
    return out;
  }
}
