package io.jindou.store.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One Lua script: its name (for error messages), its text and the SHA-1 that {@code EVALSHA} names it by,
 * computed here once so no round trip is needed to learn it. It never runs itself; {@link RedisLink} sends it.
 */
record Script(String name, String text, String sha) {

  static Script of(String name, String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
      return new Script(name, text, HexFormat.of().formatHex(digest));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is not available", e);
    }
  }
}
