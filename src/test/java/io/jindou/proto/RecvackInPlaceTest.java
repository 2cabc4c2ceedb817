package io.jindou.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link WkDecoder#nextRecvack} takes exactly the RECVACKs {@code next()} decodes, with the same fields, for every
 * version and any split of the stream, and leaves everything else (other packets, half a RECVACK, one that
 * {@code next()} refuses) to {@code next()}, which then decodes or refuses it as before.
 */
class RecvackInPlaceTest {
  /** Reads the stream with both paths interleaved as the gateway does; records what each path saw. */
  private static List<Object> read(WkDecoder d, List<Object> seen) throws ProtocolException {
    while (true) {
      if (d.nextRecvack((flags, id, seq) -> seen.add(new RecvackPacket(Flags.fromBits(flags), id, seq)))) {
        continue;
      }
      Packet p = d.next();
      if (p == null) {
        return seen;
      }
      seen.add(p instanceof RecvackPacket r ? "decoded " + r : p);
    }
  }

  @Test
  void sameAcknowledgementsAsDecodingForEveryVersionAndSplit() throws ProtocolException {
    for (int v = 1; v <= 6; v++) {
      ByteArrayOutputStream stream = new ByteArrayOutputStream();
      List<Object> expected = new ArrayList<>();
      long[][] acks = {{1, 1}, {Long.MAX_VALUE, 0xFFFF_FFFFL}, {Long.MIN_VALUE, 7}, {-1, 0}};
      for (long[] a : acks) {
        long seq = v == 6 && a[0] == -1 ? -1 : a[1];
        stream.writeBytes(WkEncoder.encode(new RecvackPacket(Flags.RED_DOT, a[0], seq), v));
        expected.add(new RecvackPacket(Flags.RED_DOT, a[0], seq));
        stream.writeBytes(WkEncoder.encode(PingPacket.INSTANCE, v));
        expected.add(PingPacket.INSTANCE);
      }
      byte[] all = stream.toByteArray();
      for (int split = 0; split <= all.length; split++) {
        WkDecoder d = new WkDecoder(1 << 20, v);
        List<Object> seen = new ArrayList<>();
        d.feed(java.util.Arrays.copyOfRange(all, 0, split));
        read(d, seen);
        d.feed(java.util.Arrays.copyOfRange(all, split, all.length));
        read(d, seen);
        assertEquals(expected, seen, "v" + v + ", split at " + split);
        assertEquals(0, d.bufferedBytes());
      }
    }
  }

  @Test
  void trailingBytesAreIgnoredAsByNext() throws ProtocolException {
    // v5 RECVACK with 3 extra body bytes: remaining length 15
    byte[] frame = {0x60, 15, 0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 0, 4, 1, 2, 3};
    WkDecoder d = new WkDecoder(1 << 20, 5);
    d.feed(frame);
    List<Object> seen = new ArrayList<>();
    assertTrue(d.nextRecvack((flags, id, seq) -> seen.add(flags + "/" + id + "/" + seq)));
    assertEquals(List.of("0/9/4"), seen);
    assertNull(d.next());
  }

  @Test
  void leavesWhatNextRefusesToNext() throws ProtocolException {
    WkDecoder.RecvackSink never = (flags, id, seq) -> {
      throw new AssertionError("not a RECVACK to take in place");
    };
    // a body too short for its version: next() reports the field that runs past the frame
    WkDecoder shortBody = new WkDecoder(1 << 20, 6);
    shortBody.feed(new byte[] {0x60, 12, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 2});
    assertFalse(shortBody.nextRecvack(never));
    assertThrows(ProtocolException.class, shortBody::next);
    assertFalse(shortBody.nextRecvack(never), "a failed decoder takes nothing");
    // before the version is negotiated, and when RECVACK is not accepted
    WkDecoder noVersion = new WkDecoder(1 << 20);
    noVersion.feed(WkEncoder.encode(new RecvackPacket(Flags.NONE, 1, 2), 5));
    assertFalse(noVersion.nextRecvack(never));
    assertThrows(ProtocolException.class, noVersion::next);
    WkDecoder connectOnly = new WkDecoder(1 << 20, 5);
    connectOnly.accept(EnumSet.of(PacketType.CONNECT));
    connectOnly.feed(WkEncoder.encode(new RecvackPacket(Flags.NONE, 1, 2), 5));
    assertFalse(connectOnly.nextRecvack(never));
    assertThrows(ProtocolException.class, connectOnly::next);
    // over the frame limit
    WkDecoder small = new WkDecoder(8, 5);
    small.feed(WkEncoder.encode(new RecvackPacket(Flags.NONE, 1, 2), 5));
    assertFalse(small.nextRecvack(never));
    assertThrows(ProtocolException.class, small::next);
  }
}
