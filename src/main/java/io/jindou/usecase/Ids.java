package io.jindou.usecase;

import io.jindou.model.JindouException;
import io.jindou.model.Reason;
import io.jindou.model.Text;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The rules for ids and bounded strings in requests, the same for every edge: an id is non-blank, at most a
 * limit long, valid Unicode, free of control characters (C0: NUL, CR, LF, …, and DEL, which would forge log lines,
 * headers or keys), and when {@code plain} free of {@code @ # &} (they have meanings in channel ids); a list of uids
 * is at most a limit long.
 * Each failure names the field as the API names it ("from_uid is 130 characters long, over the limit of 128")
 * and carries the WuKongIM reason a client protocol reports for it. Pure functions; nothing is looked up.
 */
public final class Ids {
  private Ids() {
  }

  /** {@code s} checked as an id; null is "required". */
  public static String required(String field, String s, int max, boolean plain, int reason) {
    if (s == null) {
      throw JindouException.invalid(reason, field + " is required");
    }
    return check(field, s, max, plain, reason);
  }

  /** A present id: non-blank, at most {@code max} characters, valid Unicode, and plain when asked. */
  public static String check(String field, String s, int max, boolean plain, int reason) {
    if (s.isBlank()) {
      throw JindouException.invalid(reason, field + " must not be blank");
    }
    if (s.length() > max) {
      throw JindouException.invalid(reason, field + " is " + s.length() + " characters long, over the limit of " + max);
    }
    if (plain && (s.indexOf('@') >= 0 || s.indexOf('#') >= 0 || s.indexOf('&') >= 0)) {
      throw JindouException.invalid(reason, field + " must not contain '@', '#' or '&', got \"" + printable(s) + "\"");
    }
    return wellFormed(field, noControls(field, s, reason), reason);
  }

  /** An optional string (null passes) of at most {@code max} characters, valid Unicode. */
  public static String bounded(String field, String s, int max, int reason) {
    if (s == null) {
      return null;
    }
    if (s.length() > max) {
      throw JindouException.invalid(reason, field + " is " + s.length() + " characters long, over the limit of " + max);
    }
    return wellFormed(field, noControls(field, s, reason), reason);
  }

  /**
   * A list of uids as given (null = none): blanks dropped, the rest trimmed, each checked as an id (not plain),
   * duplicates removed with the first order kept.
   */
  public static List<String> list(String field, List<String> given, int max) {
    return list(field, given, max, Integer.MAX_VALUE);
  }

  /**
   * {@link #list(String, List, int)} of at most {@code maxCount} entries as given (README {@code request_uids_max},
   * {@code sendbatch_max_uids}); more is refused before any entry is looked at.
   */
  public static List<String> list(String field, List<String> given, int max, int maxCount) {
    if (given == null || given.isEmpty()) {
      return List.of();
    }
    if (given.size() > maxCount) {
      throw JindouException.invalid(field + " names " + given.size() + " uids, over the limit of " + maxCount
          + " per request");
    }
    LinkedHashSet<String> out = new LinkedHashSet<>();
    for (String s : given) {
      if (!s.isBlank()) {
        out.add(check(field + " entry", s.trim(), max, false, Reason.UNKNOWN));
      }
    }
    return List.copyOf(out);
  }

  /** Refuses C0 control characters (U+0000–U+001F) and DEL (U+007F), naming the first one and where it is. */
  private static String noControls(String field, String s, int reason) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7F) {
        throw JindouException.invalid(reason, field + " must not contain control characters, got U+"
            + String.format("%04X", (int) c) + " at index " + i);
      }
    }
    return s;
  }

  /** {@code s} with control characters shown as U+XXXX, for error messages (the caller's text may hold any). */
  private static String printable(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7F) {
        b.append("U+").append(String.format("%04X", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /**
   * Refuses text that is not valid UTF-16 (a lone surrogate): it cannot be encoded for delivery, so accepting it
   * would store something no client can receive.
   */
  private static String wellFormed(String field, String s, int reason) {
    if (!Text.wellFormed(s)) {
      throw JindouException.invalid(reason, field + " is not valid Unicode (an unpaired surrogate)");
    }
    return s;
  }
}
