package io.jindou.model;

/**
 * Checks on text that travels to clients. A string with an unpaired surrogate (for example from a JSON
 * {@code \\ud800} escape) cannot be encoded as UTF-8, so it must be refused at every edge before it is stored.
 */
public final class Text {
  private Text() {
  }

  /** Valid UTF-16: every surrogate is part of a pair. */
  public static boolean wellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
