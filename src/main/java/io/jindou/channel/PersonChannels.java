package io.jindou.channel;

import io.jindou.model.JindouException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The canonical id of a person (1-to-1) channel and how it is shown to each side (spec http-api §2.2):
 * the uid with the larger unsigned CRC32-IEEE comes first, ties broken by the lexicographically larger
 * uid, joined with {@code @}. Pure functions; it never stores or looks anything up.
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
    int at = channelId.indexOf('@');
    if (at < 0) {
      return canonical(self, channelId);
    }
    String a = channelId.substring(0, at);
    String b = channelId.substring(at + 1);
    if (a.isEmpty() || b.isEmpty() || b.indexOf('@') >= 0 || !(a.equals(self) || b.equals(self))) {
      throw JindouException.invalid("invalid person channel_id '" + channelId + "' for uid '" + self + "'");
    }
    return canonical(a, b);
  }

  /** The half of a canonical id that is not {@code viewer} (the viewer's own uid for self-chat). */
  public static String peerOf(String canonicalId, String viewer) {
    int at = canonicalId.indexOf('@');
    if (at < 0) {
      return canonicalId;
    }
    String a = canonicalId.substring(0, at);
    String b = canonicalId.substring(at + 1);
    return a.equals(viewer) ? b : a;
  }

  static long crc(String s) {
    CRC32 c = new CRC32();
    c.update(s.getBytes(StandardCharsets.UTF_8));
    return c.getValue();
  }
}
