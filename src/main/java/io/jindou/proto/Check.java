package io.jindou.proto;

import java.util.Objects;

/** Range checks shared by the packet records; each failure names the field and the value. */
final class Check {
  static final long U32_MAX = 0xFFFF_FFFFL;

  private Check() {
  }

  static int u8(String field, int value) {
    if (value < 0 || value > 0xFF) {
      throw new IllegalArgumentException(field + " must fit u8 (0..255): " + value);
    }
    return value;
  }

  static long u32(String field, long value) {
    if (value < 0 || value > U32_MAX) {
      throw new IllegalArgumentException(field + " must fit u32 (0..4294967295): " + value);
    }
    return value;
  }

  static <T> T notNull(String field, T value) {
    return Objects.requireNonNull(value, field);
  }
}
