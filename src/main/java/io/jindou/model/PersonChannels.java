package io.jindou.model;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The canonical id of a person (1-to-1) channel and how it is shown to each side (spec http-api §2.2):
 * the uid with the larger unsigned CRC32-IEEE comes first, ties broken by the lexicographically larger
 * uid, joined with {@code @}. It is also the one place a two-party id (person or agent) is split into its
 * people. Pure functions; it never stores or looks anything up.
 */
public final class PersonChannels {
  private PersonChannels() {
  }

  public static String canonical(String a, String b) {
    long ha = crc(a);
    long hb = crc(b);
    boolean aFirst = ha > hb || (ha == hb && a.compareTo(b) >= 0);
    return aFirst ? a + "@" + b : b + "@" + a;
  }

  /**
   * The storage id for a person channel addressed by {@code self}: a bare peer uid, or an {@code a@b} id that
   * must contain {@code self} (re-encoded canonically).
   */
  public static String normalize(String self, String channelId) {
    String[] ab = halves(channelId);
    if (ab == null) {
      return canonical(self, channelId);
    }
    String a = ab[0];
    String b = ab[1];
    if (a.isEmpty() || b.isEmpty() || b.indexOf('@') >= 0 || !(a.equals(self) || b.equals(self))) {
      throw JindouException.invalid("invalid person channel_id '" + channelId + "' for uid '" + self + "'");
    }
    return canonical(a, b);
  }

  /** The half of a canonical id that is not {@code viewer} (the viewer's own uid for self-chat). */
  public static String peerOf(String canonicalId, String viewer) {
    String[] ab = halves(canonicalId);
    if (ab == null) {
      return canonicalId;
    }
    return ab[0].equals(viewer) ? ab[1] : ab[0];
  }

  /**
   * The people of a two-party channel id (person or agent): both halves of {@code a@b}, one for self-chat
   * ({@code a@a}), or the id itself when it has no {@code @}.
   */
  public static List<String> parties(String id) {
    String[] ab = halves(id);
    if (ab == null) {
      return List.of(id);
    }
    return ab[0].equals(ab[1]) ? List.of(ab[0]) : List.of(ab[0], ab[1]);
  }

  /** Whether {@code uid} is one of the two parties of an {@code a@b} id whose first half is not empty. */
  public static boolean isParty(String id, String uid) {
    String[] ab = halves(id);
    return ab != null && !ab[0].isEmpty() && (ab[0].equals(uid) || ab[1].equals(uid));
  }

  /** The one place a two-party id is split: at its first {@code @}; null when there is none. */
  private static String[] halves(String id) {
    int at = id.indexOf('@');
    return at < 0 ? null : new String[] {id.substring(0, at), id.substring(at + 1)};
  }

  static long crc(String s) {
    CRC32 c = new CRC32();
    c.update(s.getBytes(StandardCharsets.UTF_8));
    return c.getValue();
  }
}
