package io.jindou.proto;

import static io.jindou.proto.Vectors.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * encode → decode returns the same packet for every type and every version 1–6, with every optional field set
 * (topic, stream fields, expire, trailers, non-ASCII text, extreme integers); fields a version does not carry come
 * back as 0 / "".
 */
class RoundTripTest {
  private static final String TEXT = "频道-🚀-é";

  /** Every type, with every field (including the version-dependent ones) set to something non-default. */
  static List<Packet> fullPackets(int v) {
    Setting all = Setting.of(Setting.RECEIPT | Setting.TOPIC | Setting.STREAM | Setting.SIGNAL);
    Flags flags = new Flags(true, true, true, true);
    List<Packet> packets = new ArrayList<>();
    packets.add(new ConnectPacket(v, 99, "dev-" + TEXT, "uid-" + TEXT, "tok", Long.MIN_VALUE, Vectors.CLIENT_KEY));
    packets.add(ConnackPacket.success(v, -123456789L, Vectors.SERVER_KEY, Vectors.SALT, Long.MAX_VALUE));
    packets.add(ConnackPacket.failure(ReasonCode.BAN));
    packets.add(new SendPacket(flags, all, Check.U32_MAX, "cmn-" + TEXT, "stream-" + TEXT, "ch-" + TEXT, 255,
        Check.U32_MAX, "key", "topic-" + TEXT, utf8("{\"x\":\"" + TEXT + "\"}")));
    packets.add(new SendPacket(Flags.NONE, Setting.NONE, 0, "", "", "", 0, 0, "", "", new byte[0]));
    long seq = ProtocolVersion.hasU64MessageSeq(v) ? -1L : Check.U32_MAX;
    packets.add(new SendackPacket(flags, Long.MIN_VALUE, Check.U32_MAX, seq, 255, "cmn-" + TEXT));
    packets.add(new SendackPacket(Flags.NONE, 1, 0, 0, 0, ""));
    packets.add(new RecvPacket(flags, all, "key", "from-" + TEXT, "ch-" + TEXT, 12, Check.U32_MAX, "cmn", 255,
        "sn-" + TEXT, Long.MIN_VALUE, Long.MAX_VALUE, seq, Integer.MIN_VALUE, "tp", utf8(TEXT)));
    packets.add(new RecvPacket(Flags.NONE, Setting.NONE, "", "", "", 0, 0, "", 0, "", 0, 0, 0, 0, "", new byte[0]));
    packets.add(new RecvackPacket(flags, -1L, seq));
    packets.add(PingPacket.INSTANCE);
    packets.add(PongPacket.INSTANCE);
    packets.add(new DisconnectPacket(255, TEXT));
    packets.add(new SubPacket(all, "sub-" + TEXT, "live", 9, SubPacket.ACTION_UNSUBSCRIBE, "{\"p\":1}"));
    packets.add(new SubackPacket("sub", "live-" + TEXT, 9, 1, 255));
    packets.add(new EventPacket("id-" + TEXT, "type", -1L, new byte[] {0, -1, 2}));
    return packets;
  }

  /** What the packet must decode to after a trip through version {@code v}. */
  static Packet carriedBy(Packet p, int v) {
    boolean expire = ProtocolVersion.hasExpire(v);
    if (p instanceof SendPacket s) {
      boolean stream = ProtocolVersion.hasStreamFields(v) && s.setting().stream();
      return new SendPacket(s.flags(), s.setting(), s.clientSeq(), s.clientMsgNo(), stream ? s.streamNo() : "",
          s.channelId(), s.channelType(), expire ? s.expire() : 0, s.msgKey(), s.topic(), s.payload());
    }
    if (p instanceof RecvPacket r) {
      boolean stream = ProtocolVersion.hasStreamFields(v) && r.setting().stream();
      return new RecvPacket(r.flags(), r.setting(), r.msgKey(), r.fromUid(), r.channelId(), r.channelType(),
          expire ? r.expire() : 0, r.clientMsgNo(), stream ? r.streamFlag() : 0, stream ? r.streamNo() : "",
          stream ? r.streamId() : 0, r.messageId(), r.messageSeq(), r.timestamp(), r.topic(), r.payload());
    }
    if (p instanceof ConnackPacket c && !ProtocolVersion.hasNodeId(v)) {
      return new ConnackPacket(c.hasServerVersion(), c.serverVersion(), c.timeDiff(), c.reasonCode(), c.serverKey(),
          c.salt(), 0);
    }
    return p;
  }

  @ParameterizedTest(name = "version {0}")
  @ValueSource(ints = {1, 2, 3, 4, 5, 6})
  void everyPacketTypeRoundTrips(int v) throws Exception {
    List<Packet> packets = fullPackets(v);
    assertEquals(PacketType.values().length,
        packets.stream().map(Packet::packetType).distinct().count(), "covers every packet type");
    for (Packet p : packets) {
      byte[] frame = WkEncoder.encode(p, v);
      assertEquals(carriedBy(p, v), WkDecoder.decode(frame, v), p.packetType() + " at version " + v);
      assertArrayEquals(frame, WkEncoder.encode(WkDecoder.decode(frame, v), v), "re-encode " + p.packetType());
    }
  }

  @ParameterizedTest(name = "version {0}")
  @ValueSource(ints = {1, 2, 3, 4, 5, 6})
  void allPacketsOfOneVersionRoundTripThroughOneStream(int v) throws Exception {
    List<Packet> packets = fullPackets(v);
    WkDecoder decoder = new WkDecoder(WkDecoder.DEFAULT_MAX_REMAINING_LENGTH, v);
    for (Packet p : packets) {
      decoder.feed(WkEncoder.encode(p, v));
    }
    for (Packet p : packets) {
      assertEquals(carriedBy(p, v), decoder.next());
    }
    assertEquals(null, decoder.next());
  }

  @Test
  void streamFieldsTravelOnlyInVersionsTwoToFour() {
    SendPacket withStream = new SendPacket(Flags.NONE, Setting.of(Setting.STREAM), 1, "c", "sn", "ch", 1, 0, "k",
        "", new byte[0]);
    SendPacket without = new SendPacket(Flags.NONE, Setting.of(Setting.STREAM), 1, "c", "", "ch", 1, 0, "k", "", new byte[0]);
    for (int v : new int[] {1, 5, 6}) {
      assertArrayEquals(WkEncoder.encode(without, v), WkEncoder.encode(withStream, v), "version " + v);
    }
    for (int v : new int[] {2, 3, 4}) {
      assertEquals(WkEncoder.encode(without, v).length + 2, WkEncoder.encode(withStream, v).length, "version " + v);
    }
  }

  @Test
  void legacyStreamBitTwoDoesNotAddStreamFields() throws Exception {
    SendPacket legacy = new SendPacket(Flags.NONE, Setting.of(Setting.LEGACY_STREAM), 1, "c", "", "ch", 1, 0, "k",
        "", utf8("p"));
    assertEquals(legacy, WkDecoder.decode(WkEncoder.encode(legacy, 2), 2));
    assertEquals(Setting.of(0).with(Setting.LEGACY_STREAM, true), legacy.setting());
  }

  @Test
  void remainingLengthUsesOneToFourBytesAtTheBoundaries() throws Exception {
    // An EVENT with empty id and type has a 12-byte body before its data.
    int[][] cases = {{127, 1}, {128, 2}, {16383, 2}, {16384, 3}, {2097151, 3}, {2097152, 4}};
    for (int[] c : cases) {
      int body = c[0];
      EventPacket e = new EventPacket("", "", 7, new byte[body - 12]);
      byte[] frame = WkEncoder.encode(e, 6);
      assertEquals(1 + c[1] + body, frame.length, "body " + body);
      assertEquals(e, WkDecoder.decode(frame, 6));
      WkDecoder decoder = new WkDecoder(body);
      decoder.feed(frame);
      assertEquals(e, decoder.next());
    }
    byte[] frame = WkEncoder.encode(new EventPacket("", "", 7, new byte[116]), 6);
    assertEquals("c08001", Vectors.hex(Arrays.copyOf(frame, 3)));
  }

  @Test
  void maximumLengthStringsRoundTrip() throws Exception {
    String longest = "x".repeat(65535);
    DisconnectPacket d = new DisconnectPacket(1, longest);
    assertEquals(d, WkDecoder.decode(WkEncoder.encode(d, 5), 5));
    DisconnectPacket wide = new DisconnectPacket(1, "中".repeat(21845));
    assertEquals(wide, WkDecoder.decode(WkEncoder.encode(wide, 5), 5));
  }
}
