package io.jindou.model;

/**
 * The size of text in UTF-8, as {@code getBytes(StandardCharsets.UTF_8)} would write it, counted without encoding:
 * for size limits and for laying out records before writing them. Pure function; it never encodes or keeps anything.
 */
public final class Utf8 {

  private Utf8() {
  }

  /** UTF-8 bytes of {@code s} (null counts 0; a lone surrogate counts 1, the {@code '?'} the encoder writes). */
  public static int length(CharSequence s) {
    if (s == null) {
      return 0;
    }
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        n++;
      } else {
        n += 3;
      }
    }
    return n;
  }
}
