package io.jindou.proto;

/**
 * Standard padded base64 (RFC 4648 §4, as {@code java.util.Base64.getEncoder()}) of part of an array into a
 * caller's array, and the per-thread buffers the sealing of a RECV reuses: {@code java.util.Base64} only encodes
 * whole arrays into new ones. Encoding only; it never decodes and never keeps a buffer over {@link #KEEP_MAX}.
 */
final class WkBase64 {
  /** Buffers larger than this (a rare large payload) are used once and not kept by the thread. */
  static final int KEEP_MAX = 64 * 1024;
  private static final byte[] ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  /** {@code PAIRS[v]}: the two characters of the 12 bits {@code v}, high one in the upper byte. */
  private static final int[] PAIRS = new int[4096];
  private static final java.lang.invoke.VarHandle INT_BE =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(int[].class, java.nio.ByteOrder.BIG_ENDIAN);

  static {
    for (int v = 0; v < 4096; v++) {
      PAIRS[v] = (ALPHABET[v >>> 6] & 0xff) << 8 | (ALPHABET[v & 0x3f] & 0xff);
    }
  }

  private static final ThreadLocal<byte[][]> BUFFERS = ThreadLocal.withInitial(() -> new byte[][] {new byte[1024],
      new byte[1400], new byte[256]});

  private WkBase64() {
  }

  /** Length of the padded base64 of {@code n} bytes. */
  static int encodedLength(int n) {
    return (n + 2) / 3 * 4;
  }

  /** Encodes {@code src[0, n)} into {@code dst[0, encodedLength(n))}. */
  static void encode(byte[] src, int n, byte[] dst) {
    encode(src, n, dst, 0);
  }

  /** Encodes {@code src[0, n)} into {@code dst[at, at + encodedLength(n))}. */
  static void encode(byte[] src, int n, byte[] dst, int at) {
    int s = 0;
    int d = at;
    int whole = n - n % 3;
    while (s < whole) {
      int bits = (src[s] & 0xff) << 16 | (src[s + 1] & 0xff) << 8 | (src[s + 2] & 0xff);
      s += 3;
      INT_BE.set(dst, d, PAIRS[bits >>> 12] << 16 | PAIRS[bits & 0xfff]); // four characters in one store
      d += 4;
    }
    int rest = n - whole;
    if (rest > 0) {
      int bits = (src[s] & 0xff) << 16 | (rest == 2 ? (src[s + 1] & 0xff) << 8 : 0);
      dst[d++] = ALPHABET[bits >>> 18 & 0x3f];
      dst[d++] = ALPHABET[bits >>> 12 & 0x3f];
      dst[d++] = rest == 2 ? ALPHABET[bits >>> 6 & 0x3f] : (byte) '=';
      dst[d] = '=';
    }
  }

  /** This thread's ciphertext buffer of at least {@code size} bytes (a fresh one when over {@link #KEEP_MAX}). */
  static byte[] cipherBuffer(int size) {
    return buffer(0, size);
  }

  /** This thread's base64 buffer of at least {@code size} bytes (a fresh one when over {@link #KEEP_MAX}). */
  static byte[] base64Buffer(int size) {
    return buffer(1, size);
  }

  /** This thread's buffer for a RECV's sign text (a fresh one when over {@link #KEEP_MAX}). */
  static byte[] signBuffer(int size) {
    return buffer(2, size);
  }

  private static byte[] buffer(int which, int size) {
    byte[][] b = BUFFERS.get();
    if (b[which].length >= size) {
      return b[which];
    }
    byte[] fresh = new byte[size];
    if (size <= KEEP_MAX) {
      b[which] = fresh;
    }
    return fresh;
  }
}
