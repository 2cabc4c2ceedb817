package io.jindou.proto;

import static io.jindou.proto.Vectors.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One test per corruption class, asserting the exact error, through the streaming decoder (what TCP uses) and the
 * one-frame decoder; plus a seeded fuzz run proving that no input raises anything but {@link ProtocolException}.
 */
class MalformedInputTest {

  private static ProtocolException streamError(String hex, int max, int version) {
    WkDecoder d = version == 0 ? new WkDecoder(max) : new WkDecoder(max, version);
    d.feed(hex(hex));
    return assertThrows(ProtocolException.class, d::next);
  }

  private static ProtocolException frameError(String hex, int version) {
    return assertThrows(ProtocolException.class, () -> WkDecoder.decode(hex(hex), version));
  }

  @Test
  void remainingLengthOverTheLimitIsRejectedBeforeTheBodyArrives() {
    assertEquals("frame too large: type=SEND, remainingLength=101, max=100",
        streamError("3065", 100, 5).getMessage());
    // 0x81 0x80 0x40 = 1 + 0·128 + 64·16384 = 1048577, one over the 1 MiB default
    assertEquals("frame too large: type=EVENT, remainingLength=1048577, max=1048576",
        streamError("c0818040", WkDecoder.DEFAULT_MAX_REMAINING_LENGTH, 5).getMessage());
  }

  @Test
  void remainingLengthAtTheLimitWaitsForTheBody() throws Exception {
    WkDecoder d = new WkDecoder(100, 5);
    d.feed(hex("3064"));
    assertNull(d.next());
    assertEquals(2, d.bufferedBytes());
  }

  @Test
  void remainingLengthLongerThanFourBytesIsMalformed() {
    assertEquals("malformed remaining length for SEND: more than 4 bytes",
        streamError("30ffffffff", WkDecoder.DEFAULT_MAX_REMAINING_LENGTH, 5).getMessage());
    // reported on the 4th continuation byte, without waiting for a 5th
    assertEquals("malformed remaining length for CONNECT: more than 4 bytes",
        streamError("1080808080", WkDecoder.DEFAULT_MAX_REMAINING_LENGTH, 0).getMessage());
    assertEquals("malformed remaining length for DISCONNECT: more than 4 bytes",
        frameError("9080808080", 5).getMessage());
  }

  @Test
  void incompleteRemainingLengthWaitsInTheStreamButIsTruncatedInAFrame() throws Exception {
    WkDecoder d = new WkDecoder(WkDecoder.DEFAULT_MAX_REMAINING_LENGTH, 5);
    d.feed(hex("30ffffff"));
    assertNull(d.next());
    assertEquals("truncated SEND: frame ends inside the remaining length", frameError("30ff", 5).getMessage());
    assertEquals("truncated SEND: frame ends inside the remaining length", frameError("30", 5).getMessage());
  }

  @ParameterizedTest(name = "header 0x{0}")
  @CsvSource({"00,0", "0f,0", "d0,13", "e0,14", "f5,15"})
  void unknownPacketTypesAreRejected(String header, int type) {
    String expected = "unknown packet type " + type + " (header byte 0x" + header + ")";
    assertEquals(expected, streamError(header + "0100", 100, 5).getMessage());
    assertEquals(expected, frameError(header + "0100", 5).getMessage());
    assertEquals(expected, streamError(header, 100, 5).getMessage(), "rejected on the header byte alone");
  }

  @Test
  void fieldsRunningPastTheirFrameAreTruncated() {
    assertEquals("truncated CONNECT: deviceFlag needs 1 bytes at body offset 1, 0 left",
        streamError("100105", 100, 0).getMessage());
    assertEquals("truncated DISCONNECT: reason length needs 2 bytes at body offset 1, 1 left",
        streamError("90020c00", 100, 5).getMessage());
    assertEquals("truncated DISCONNECT: reason needs 5 bytes at body offset 3, 0 left",
        streamError("90030c0005", 100, 5).getMessage());
    assertEquals("truncated SEND: setting needs 1 bytes at body offset 0, 0 left",
        streamError("3000", 100, 5).getMessage());
    // the v1-5 SENDACK read as version 6: messageSeq is 8 bytes there
    assertEquals("truncated SENDACK: messageSeq needs 8 bytes at body offset 12, 5 left",
        frameError(SENDACK_V1_5, 6).getMessage());
    // a RECV cut after channelType, read as v3+: expire is missing
    assertEquals("truncated RECV: expire needs 4 bytes at body offset 8, 0 left",
        frameError("5008" + "00" + "0000" + "0000" + "0000" + "01", 6).getMessage());
  }

  @Test
  void everyTruncationOfAFixedLayoutVectorIsAProtocolException() {
    String[] fixed = {CONNECT_V5, DISCONNECT_KICK, SUB, SUBACK, RECVACK_V1_5, SENDACK_V1_5, CONNACK_V2};
    for (String vector : fixed) {
      byte[] frame = hex(vector);
      for (int body = 0; body < frame.length - 2; body++) {
        byte[] cut = Arrays.copyOf(frame, 2 + body);
        cut[1] = (byte) body;
        assertThrows(ProtocolException.class, () -> WkDecoder.decode(cut, 5), vector + " cut to " + body);
      }
    }
  }

  @Test
  void frameLengthMustMatchTheRemainingLength() {
    assertEquals("frame length mismatch: type=SUBACK, remainingLength=17, but 18 bytes follow the header",
        frameError(SUBACK + "00", 5).getMessage());
    assertEquals("frame length mismatch: type=SUBACK, remainingLength=17, but 16 bytes follow the header",
        frameError(SUBACK.substring(0, SUBACK.length() - 2), 5).getMessage());
    assertEquals("PING is one byte, but the frame has 1 more", frameError("7000", 5).getMessage());
    assertEquals("empty frame", frameError("", 5).getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"lone continuation byte,80", "lone 0xff,ff", "overlong slash,c0af", "encoded surrogate,eda080",
      "cut 3-byte sequence,e4b8", "above U+10FFFF,f4908080"})
  void invalidUtf8IsRejected(String name, String bad) {
    int n = bad.length() / 2;
    String body = "0c" + String.format("%04x", n) + bad;
    String frame = "90" + String.format("%02x", body.length() / 2) + body;
    assertEquals("invalid UTF-8 in DISCONNECT reason (" + n + " bytes at body offset 3)",
        streamError(frame, 100, 5).getMessage());
    assertEquals("invalid UTF-8 in DISCONNECT reason (" + n + " bytes at body offset 3)",
        frameError(frame, 5).getMessage());
  }

  @Test
  void invalidUtf8InALaterFieldNamesThatField() {
    // SEND v5 whose channelId "u2" became 0x75 0xff
    String bad = SEND_V5.replace("000275320100000000", "000275ff0100000000");
    assertEquals("invalid UTF-8 in SEND channelId (2 bytes at body offset 17)", frameError(bad, 5).getMessage());
  }

  @Test
  void validMultiByteUtf8Decodes() throws Exception {
    // "中🚀" = e4b8ad f09f9a80
    assertEquals(new DisconnectPacket(1, "中🚀"), WkDecoder.decode(hex("900a010007e4b8adf09f9a80"), 5));
  }

  @Test
  void fuzzedInputOnlyEverRaisesProtocolException() {
    String[] seeds = {CONNECT_V5, CONNACK_V5, CONNACK_V2, SEND_V2, SEND_V2_RECEIPT_TOPIC, SEND_V5, SENDACK_V6,
        SENDACK_V5_TRAILER, RECV_V2, RECV_V6, RECV_V5_NO_ENCRYPT, RECVACK_V1_5, DISCONNECT_KICK, SUB, SUBACK, EVENT};
    Random random = new Random(20261126);
    for (int i = 0; i < 30_000; i++) {
      byte[] frame = mutate(hex(seeds[random.nextInt(seeds.length)]), random);
      int version = random.nextInt(7);
      try {
        WkDecoder.decode(frame, version);
      } catch (ProtocolException expected) {
        // fine
      } catch (RuntimeException e) {
        fail("frame " + hex(frame) + " at version " + version + " raised " + e);
      }
      WkDecoder stream = version == 0 ? new WkDecoder(4096) : new WkDecoder(4096, version);
      stream.feed(frame);
      stream.feed(frame);
      try {
        List<Packet> out = new ArrayList<>();
        for (Packet p = stream.next(); p != null; p = stream.next()) {
          out.add(p);
        }
      } catch (ProtocolException expected) {
        // fine
      } catch (RuntimeException e) {
        fail("stream " + hex(frame) + " at version " + version + " raised " + e);
      }
    }
  }

  private static byte[] mutate(byte[] frame, Random random) {
    switch (random.nextInt(4)) {
      case 0: {
        int flips = 1 + random.nextInt(4);
        for (int i = 0; i < flips; i++) {
          frame[random.nextInt(frame.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return frame;
      }
      case 1:
        return Arrays.copyOf(frame, random.nextInt(frame.length + 1));
      case 2: {
        frame[1] = (byte) random.nextInt(256);
        return frame;
      }
      default: {
        byte[] noise = new byte[random.nextInt(64)];
        random.nextBytes(noise);
        return noise;
      }
    }
  }
}
