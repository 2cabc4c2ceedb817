package io.jindou.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The merged text of one stream lane, as a value that grows by appending in time proportional to what is
 * appended, not to the text so far: a stream of n deltas costs O(total text), where a {@code String} rebuilt per
 * delta cost O(n × text) in copies and garbage (at 100 streams × 50 deltas/s that was most of the server's
 * allocation). A value is the first {@link #length} chars of a buffer that is only ever written past the longest
 * value handed out; the first append to the longest value writes in place, any other copies. So every value is
 * immutable to its holders (what it shows never changes) and safe to read from any thread once published. It
 * also keeps its UTF-8 size, so the size limit is checked without encoding the text. It never decides what is
 * appended or whether the text may grow: the owner's stream rules do.
 */
public final class LaneText implements CharSequence {
  /** The empty text; its buffer never matches its chars, so every line of appends starts a buffer of its own. */
  public static final LaneText EMPTY = new LaneText(new Buffer(new char[0]), new char[0], 0, 0);

  /** The buffer the values of one line of appends share, and how far its longest value reaches. */
  private static final class Buffer {
    private char[] chars;
    private int used;

    private Buffer(char[] chars) {
      this.chars = chars;
    }
  }

  private final Buffer buffer;
  private final char[] chars;
  private final int length;
  private final long utf8Bytes;
  private String string; // a cache: racy but benign, every thread computes the same String

  private LaneText(Buffer buffer, char[] chars, int length, long utf8Bytes) {
    this.buffer = buffer;
    this.chars = chars;
    this.length = length;
    this.utf8Bytes = utf8Bytes;
  }

  /** The text {@code s} (null reads as empty). */
  @JsonCreator
  public static LaneText of(String s) {
    if (s == null || s.isEmpty()) {
      return EMPTY;
    }
    char[] c = s.toCharArray();
    Buffer b = new Buffer(c);
    b.used = c.length;
    LaneText t = new LaneText(b, c, c.length, Utf8.length(s));
    t.string = s;
    return t;
  }

  /** This text followed by {@code s}. */
  public LaneText append(CharSequence s) {
    int n = s.length();
    if (n == 0) {
      return this;
    }
    long bytes = utf8Bytes + Utf8.length(s);
    if (length > 0 && Character.isHighSurrogate(chars[length - 1]) && Character.isLowSurrogate(s.charAt(0))) {
      bytes += 2; // two halves counted 1 byte each (lone) now make one 4-byte character
    }
    synchronized (buffer) {
      if (buffer.used == length && buffer.chars == chars) { // the longest value: write past it, in place
        char[] into = chars;
        if (length + n > into.length) {
          into = java.util.Arrays.copyOf(chars, Math.max(length + n, Math.max(16, length * 2)));
          buffer.chars = into;
        }
        copy(s, into, length);
        buffer.used = length + n;
        return new LaneText(buffer, into, length + n, bytes);
      }
    }
    char[] into = java.util.Arrays.copyOf(chars, Math.max(length + n, 16)); // an older value: a line of its own
    copy(s, into, length);
    Buffer b = new Buffer(into);
    b.used = length + n;
    return new LaneText(b, into, length + n, bytes);
  }

  /** The size of this text in UTF-8 bytes. */
  public long utf8Length() {
    return utf8Bytes;
  }

  public boolean isEmpty() {
    return length == 0;
  }

  @Override
  public int length() {
    return length;
  }

  @Override
  public char charAt(int index) {
    if (index < 0 || index >= length) {
      throw new IndexOutOfBoundsException(index);
    }
    return chars[index];
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    return toString().substring(start, end);
  }

  @JsonValue
  @Override
  public String toString() {
    String s = string;
    if (s == null) {
      s = new String(chars, 0, length);
      string = s;
    }
    return s;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof LaneText t) || t.length != length) {
      return false;
    }
    return java.util.Arrays.equals(chars, 0, length, t.chars, 0, length);
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }

  private static void copy(CharSequence s, char[] into, int at) {
    if (s instanceof String str) {
      str.getChars(0, str.length(), into, at);
    } else {
      for (int i = 0; i < s.length(); i++) {
        into[at + i] = s.charAt(i);
      }
    }
  }
}
