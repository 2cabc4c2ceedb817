package io.jindou.proto;

import static io.jindou.proto.Vectors.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The TCP frame splitter: split reads, coalesced reads, the CONNECT-then-version flow, and its failure state. */
class WkDecoderStreamTest {
  /** What a v5 JS client sends on a fresh connection (CONNECT, SEND, PING, RECVACK), as one byte stream. */
  private static final String[] CLIENT_FRAMES = {CONNECT_V5, SEND_V5, PING, RECVACK_V1_5, SUB, PING};
  private static final List<Packet> CLIENT_PACKETS = List.of(CONNECT_V5_PACKET, SEND_PACKET, PingPacket.INSTANCE,
      new RecvackPacket(Flags.RED_DOT, MESSAGE_ID, 7), new SubPacket(Setting.NONE, "sub-1", "live1", 9, 0, ""),
      PingPacket.INSTANCE);

  private static byte[] concat(String... hexFrames) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String h : hexFrames) {
      out.writeBytes(hex(h));
    }
    return out.toByteArray();
  }

  /** Pulls every complete packet, setting the version after a CONNECT as the gateway does. */
  private static List<Packet> drain(WkDecoder d) throws ProtocolException {
    List<Packet> out = new ArrayList<>();
    for (Packet p = d.next(); p != null; p = d.next()) {
      if (p instanceof ConnectPacket c) {
        d.setVersion(ProtocolVersion.negotiate(c.version()));
      }
      out.add(p);
    }
    return out;
  }

  @Test
  void byteByByteFeedYieldsEachPacketExactlyWhenItsLastByteArrives() throws Exception {
    byte[] stream = concat(CLIENT_FRAMES);
    List<Integer> frameEnds = new ArrayList<>();
    int end = 0;
    for (String f : CLIENT_FRAMES) {
      end += f.length() / 2;
      frameEnds.add(end);
    }
    WkDecoder d = new WkDecoder(WkDecoder.DEFAULT_MAX_REMAINING_LENGTH);
    List<Packet> got = new ArrayList<>();
    List<Integer> gotAt = new ArrayList<>();
    for (int i = 0; i < stream.length; i++) {
      d.feed(new byte[] {stream[i]});
      for (Packet p : drain(d)) {
        got.add(p);
        gotAt.add(i + 1);
      }
    }
    assertEquals(CLIENT_PACKETS, got);
    assertEquals(frameEnds, gotAt);
    assertEquals(0, d.bufferedBytes());
    assertEquals(5, d.version());
  }

  @Test
  void oneCoalescedReadYieldsAllPacketsAndVersionAppliesFromTheNextOne() throws Exception {
    WkDecoder d = new WkDecoder(WkDecoder.DEFAULT_MAX_REMAINING_LENGTH);
    d.feed(concat(CLIENT_FRAMES));
    assertEquals(CLIENT_PACKETS, drain(d));
    assertNull(d.next());
  }

  @Test
  void randomChunkingNeverChangesTheResult() throws Exception {
    byte[] stream = concat(CLIENT_FRAMES);
    Random random = new Random(42);
    for (int round = 0; round < 500; round++) {
      WkDecoder d = new WkDecoder(WkDecoder.DEFAULT_MAX_REMAINING_LENGTH);
      List<Packet> got = new ArrayList<>();
      int pos = 0;
      while (pos < stream.length) {
        int n = Math.min(stream.length - pos, 1 + random.nextInt(40));
        d.feed(stream, pos, n);
        pos += n;
        got.addAll(drain(d));
      }
      assertEquals(CLIENT_PACKETS, got, "round " + round);
    }
  }

  @Test
  void adoptedChunksSplitAnywhereGiveTheSamePacketsAndADrainedDecoderHoldsNothing() throws Exception {
    byte[] stream = concat(CLIENT_FRAMES);
    Random random = new Random(7);
    for (int round = 0; round < 300; round++) {
      WkDecoder d = new WkDecoder(WkDecoder.DEFAULT_MAX_REMAINING_LENGTH);
      List<Packet> got = new ArrayList<>();
      int pos = 0;
      while (pos < stream.length) {
        int n = Math.min(stream.length - pos, 1 + random.nextInt(60));
        d.adopt(Arrays.copyOfRange(stream, pos, pos + n));
        pos += n;
        got.addAll(drain(d));
      }
      assertEquals(CLIENT_PACKETS, got);
      assertEquals(0, d.bufferedBytes());
    }
  }

  @Test
  void byteBufferFeedCopiesFromPositionToLimitAndAdvances() throws Exception {
    byte[] stream = concat(PING, DISCONNECT_KICK);
    for (ByteBuffer bb : new ByteBuffer[] {ByteBuffer.allocate(stream.length + 4),
        ByteBuffer.allocateDirect(stream.length + 4)}) {
      bb.put(new byte[] {1, 2}).put(stream).put(new byte[] {3, 4});
      bb.position(2).limit(2 + stream.length);
      WkDecoder d = new WkDecoder(100);
      d.feed(bb);
      assertEquals(bb.limit(), bb.position());
      assertEquals(List.of(PingPacket.INSTANCE, new DisconnectPacket(12, "login in other device")), drain(d));
    }
  }

  @Test
  void feedCopiesSoTheCallerMayReuseItsArray() throws Exception {
    byte[] chunk = hex(DISCONNECT_KICK);
    WkDecoder d = new WkDecoder(100);
    d.feed(chunk, 0, 10);
    Arrays.fill(chunk, 0, 10, (byte) 0);
    byte[] rest = hex(DISCONNECT_KICK);
    d.feed(rest, 10, rest.length - 10);
    assertEquals(new DisconnectPacket(12, "login in other device"), d.next());
  }

  @Test
  void clientSideDecoderWithAPresetVersionReadsServerPackets() throws Exception {
    WkDecoder d = new WkDecoder(WkDecoder.DEFAULT_MAX_REMAINING_LENGTH, 6);
    d.feed(concat(CONNACK_V6, SENDACK_V6, RECV_V6, PONG, DISCONNECT_KICK, EVENT));
    List<Packet> got = drain(d);
    assertEquals(6, got.size());
    assertEquals(1001, ((ConnackPacket) got.get(0)).nodeId());
    assertEquals(7, ((SendackPacket) got.get(1)).messageSeq());
    assertEquals(RECV_PACKET, got.get(2));
    assertSame(PongPacket.INSTANCE, got.get(3));
  }

  @Test
  void versionDependentPacketBeforeNegotiationIsRejected() {
    WkDecoder d = new WkDecoder(WkDecoder.DEFAULT_MAX_REMAINING_LENGTH);
    d.feed(hex(SEND_V5));
    ProtocolException e = assertThrows(ProtocolException.class, d::next);
    assertEquals("SEND received before the protocol version was negotiated", e.getMessage());
  }

  @Test
  void failureIsStickyAndDropsBufferedBytes() throws Exception {
    WkDecoder d = new WkDecoder(100);
    d.feed(concat(PING, "f0", PING));
    assertSame(PingPacket.INSTANCE, d.next());
    ProtocolException first = assertThrows(ProtocolException.class, d::next);
    assertTrue(d.failed());
    assertEquals(0, d.bufferedBytes());
    d.feed(hex(PING));
    assertEquals(0, d.bufferedBytes());
    assertSame(first, assertThrows(ProtocolException.class, d::next));
  }

  @Test
  void largeFramesSplitAcrossManyReadsReassemble() throws Exception {
    EventPacket big = new EventPacket("e", "t", 1, new byte[300_000]);
    new Random(7).nextBytes(big.data());
    byte[] frame = WkEncoder.encode(big, 5);
    WkDecoder d = new WkDecoder(WkDecoder.DEFAULT_MAX_REMAINING_LENGTH, 5);
    for (int pos = 0; pos < frame.length; pos += 1000) {
      assertNull(d.next());
      d.feed(frame, pos, Math.min(1000, frame.length - pos));
    }
    assertEquals(big, d.next());
    assertEquals(0, d.bufferedBytes());
  }

  @Test
  void invalidSettersAndLimitsAreProgrammingErrors() {
    assertThrows(IllegalArgumentException.class, () -> new WkDecoder(0));
    assertThrows(IllegalArgumentException.class, () -> new WkDecoder(WkEncoder.MAX_REMAINING_LENGTH + 1));
    assertThrows(IllegalArgumentException.class, () -> new WkDecoder(100).setVersion(7));
    assertThrows(IllegalArgumentException.class, () -> new WkDecoder(100).setVersion(0));
    assertThrows(IllegalArgumentException.class, () -> WkDecoder.decode(hex(PING), 7));
  }

  @Test
  void aTypeOutsideTheAcceptedSetFailsAtItsHeaderByte() throws Exception {
    WkDecoder d = new WkDecoder(WkDecoder.DEFAULT_MAX_REMAINING_LENGTH);
    d.accept(PacketType.FROM_CLIENT);
    d.feed(new byte[] {0x40}); // SENDACK: only its header byte has arrived
    ProtocolException e = assertThrows(ProtocolException.class, d::next);
    assertEquals("packet type SENDACK (header byte 0x40) is not accepted here", e.getMessage());
    assertTrue(d.failed());
    WkDecoder pong = new WkDecoder(WkDecoder.DEFAULT_MAX_REMAINING_LENGTH);
    pong.accept(PacketType.FROM_CLIENT);
    pong.feed(hex("80"));
    assertEquals("packet type PONG (header byte 0x80) is not accepted here",
        assertThrows(ProtocolException.class, pong::next).getMessage());
  }

  @Test
  void beforeTheHandshakeOnlyASmallConnectIsAccepted() throws Exception {
    WkDecoder d = new WkDecoder(WkDecoder.DEFAULT_MAX_REMAINING_LENGTH);
    d.accept(java.util.EnumSet.of(PacketType.CONNECT));
    d.setMaxRemainingLength(4096);
    d.feed(hex(CONNECT_V5));
    assertEquals(CONNECT_V5_PACKET, d.next());
    d.feed(new byte[] {0x10, (byte) 0x81, 0x20}); // CONNECT claiming 4097 bytes: refused at its length
    assertEquals("frame too large: type=CONNECT, remainingLength=4097, max=4096",
        assertThrows(ProtocolException.class, d::next).getMessage());
    WkDecoder ping = new WkDecoder(WkDecoder.DEFAULT_MAX_REMAINING_LENGTH);
    ping.accept(java.util.EnumSet.of(PacketType.CONNECT));
    ping.feed(hex(PING));
    assertEquals("packet type PING (header byte 0x70) is not accepted here",
        assertThrows(ProtocolException.class, ping::next).getMessage());
  }

  @Test
  void raisingTheLimitAndWideningTheTypesAppliesToTheNextFrame() throws Exception {
    WkDecoder d = new WkDecoder(WkDecoder.DEFAULT_MAX_REMAINING_LENGTH);
    d.accept(java.util.EnumSet.of(PacketType.CONNECT));
    d.setMaxRemainingLength(128);
    d.feed(hex(CONNECT_V5)); // 103 bytes of remaining length
    assertEquals(CONNECT_V5_PACKET, d.next());
    d.setVersion(5);
    d.accept(PacketType.FROM_CLIENT);
    d.setMaxRemainingLength(WkDecoder.DEFAULT_MAX_REMAINING_LENGTH);
    d.feed(concat(SEND_V5, PING));
    assertEquals(SEND_PACKET, d.next());
    assertSame(PingPacket.INSTANCE, d.next());
  }
}
