package io.jindou.proto;

import static io.jindou.proto.Vectors.AES_KEY;
import static io.jindou.proto.Vectors.SALT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A RECV sealed and encoded in place ({@link RecvFrame}) is byte for byte the RECV sealed as a record and then
 * encoded ({@code WkEncoder.encode(sealRecv(p))}), for every protocol version, payload lengths around the AES block
 * and base64 group boundaries, non-ASCII and supplementary characters in the signed strings, extreme numbers, the
 * topic and stream fields, and at an offset inside a larger array (the bytes around it untouched); what the encoder
 * refuses, it refuses too.
 */
class RecvFrameTest {
  private static final WkCryptoSession CRYPTO = WkCrypto.session(AES_KEY, SALT);

  private static RecvPacket packet(int len, Random r, String text, long id, long seq, int ts, int setting) {
    byte[] payload = new byte[len];
    r.nextBytes(payload);
    return new RecvPacket(new Flags(false, len % 2 == 0, true, false), Setting.of(setting), "", "from-" + text,
        "chan-" + text, 2, 3600, "cmn-" + text, 1, "stream-no", 99, id, seq, ts,
        (setting & Setting.TOPIC) != 0 ? "topic-" + text : "", payload);
  }

  private static void same(RecvPacket p, int version, String what) {
    byte[] expected = WkEncoder.encode(CRYPTO.sealRecv(p), version);
    assertArrayEquals(expected, RecvFrame.encode(p, CRYPTO, version), what + ", v" + version);
    assertEquals(expected.length, RecvFrame.length(p, version), what);
    byte[] big = new byte[expected.length + 10];
    Arrays.fill(big, (byte) 0x5A);
    assertEquals(expected.length, RecvFrame.write(p, CRYPTO, version, big, 7));
    assertArrayEquals(expected, Arrays.copyOfRange(big, 7, 7 + expected.length), what + " at an offset");
    byte[] known = new byte[expected.length];
    assertEquals(expected.length, RecvFrame.write(p, CRYPTO, version, known, 0, expected.length));
    assertArrayEquals(expected, known, what + " with its length given");
    for (int i : new int[] {0, 1, 2, 3, 4, 5, 6, big.length - 3, big.length - 2, big.length - 1}) {
      assertEquals((byte) 0x5A, big[i], "byte " + i + " outside the frame");
    }
  }

  @Test
  void sameBytesAsSealingThenEncoding() {
    Random r = new Random(22);
    int[] lengths = {0, 1, 2, 3, 15, 16, 17, 31, 32, 33, 47, 48, 255, 256, 257, 4095, 70_000};
    String[] texts = {"a", "ü-ß", "群聊-中文", "emoji-\uD83D\uDE00-x", ""};
    for (int version = 1; version <= 6; version++) {
      for (int i = 0; i < lengths.length; i++) {
        String text = texts[i % texts.length];
        same(packet(lengths[i], r, text, 1_234_567_890_123L + i, 42L + i, 1_733_300_000 + i, 0), version,
            lengths[i] + " bytes, '" + text + "'");
      }
      same(packet(20, r, "t", 7, 9, 1, Setting.TOPIC), version, "topic");
      same(packet(20, r, "s", 7, 9, 1, Setting.STREAM), version, "stream fields");
      same(packet(20, r, "n", Long.MIN_VALUE, 0, Integer.MIN_VALUE, 0), version, "smallest numbers");
      same(packet(20, r, "m", Long.MAX_VALUE, 0xFFFF_FFFFL, Integer.MAX_VALUE, 0), version, "largest u32 seq");
      same(packet(20, r, "x", -1, 0, -1, 0), version, "minus one");
    }
    same(packet(20, r, "u64", 5, -1L, 0, 0), 6, "largest u64 seq");
  }

  @Test
  void refusesWhatTheEncoderRefuses() {
    Random r = new Random(1);
    RecvPacket bigSeq = packet(10, r, "x", 1, 1L << 32, 0, 0);
    assertEquals(assertThrows(IllegalArgumentException.class, () -> WkEncoder.encode(bigSeq, 5)).getMessage(),
        assertThrows(IllegalArgumentException.class, () -> RecvFrame.encode(bigSeq, CRYPTO, 5)).getMessage());
    RecvPacket surrogate = packet(10, r, "\uD800", 1, 1, 0, 0);
    assertEquals(assertThrows(IllegalArgumentException.class, () -> WkEncoder.encode(surrogate, 5)).getMessage(),
        assertThrows(IllegalArgumentException.class, () -> RecvFrame.encode(surrogate, CRYPTO, 5)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> RecvFrame.length(bigSeq, 7));
    RecvPacket fine = packet(10, r, "x", 1, 1, 0, 0);
    int length = RecvFrame.length(fine, 5);
    assertThrows(IllegalStateException.class, () -> RecvFrame.write(fine, CRYPTO, 5, new byte[100], 0, length - 1));
  }
}
