package io.jindou.usecase;

import io.jindou.model.JindouException;
import io.jindou.model.Reason;
import io.jindou.model.Text;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The rules for ids and bounded strings in requests, the same for every edge: an id is non-blank, at most a
 * limit long, valid Unicode, and when {@code plain} free of {@code @ # &} (they have meanings in channel ids).
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
      throw JindouException.invalid(reason, field + " must not contain '@', '#' or '&', got \"" + s + "\"");
    }
    return wellFormed(field, s, reason);
  }

  /** An optional string (null passes) of at most {@code max} characters, valid Unicode. */
  public static String bounded(String field, String s, int max, int reason) {
    if (s == null) {
      return null;
    }
    if (s.length() > max) {
      throw JindouException.invalid(reason, field + " is " + s.length() + " characters long, over the limit of " + max);
    }
    return wellFormed(field, s, reason);
  }

  /**
   * A list of uids as given (null = none): blanks dropped, the rest trimmed, each checked as an id (not plain),
   * duplicates removed with the first order kept.
   */
  public static List<String> list(String field, List<String> given, int max) {
    if (given == null || given.isEmpty()) {
      return List.of();
    }
    LinkedHashSet<String> out = new LinkedHashSet<>();
    for (String s : given) {
      if (!s.isBlank()) {
        out.add(check(field + " entry", s.trim(), max, false, Reason.UNKNOWN));
      }
    }
    return List.copyOf(out);
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
