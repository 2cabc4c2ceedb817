package io.jindou.proto;

import static io.jindou.proto.Vectors.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * What the encoder and the records refuse (our own bugs, as {@link IllegalArgumentException}), what the encoder
 * drops per version, and the version, flag, setting, type and reason-code helpers.
 */
class EncoderContractTest {

  @Test
  void versionOutsideOneToSixIsRejected() {
    assertEquals("protocol version must be 1..6: 0",
        assertThrows(IllegalArgumentException.class, () -> WkEncoder.encode(PingPacket.INSTANCE, 0)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> WkEncoder.encode(SEND_PACKET, 7));
  }

  @Test
  void messageSeqOverU32IsRejectedBelowVersionSix() {
    SendackPacket ack = new SendackPacket(Flags.NONE, 1, 1, 1L << 32, 1, "");
    assertEquals("messageSeq 4294967296 does not fit u32 for protocol version 5",
        assertThrows(IllegalArgumentException.class, () -> WkEncoder.encode(ack, 5)).getMessage());
    assertEquals("0000000100000000", hex(WkEncoder.encode(ack, 6)).substring(28, 44));
    RecvackPacket negative = new RecvackPacket(Flags.NONE, 1, -1);
    assertThrows(IllegalArgumentException.class, () -> WkEncoder.encode(negative, 4));
  }

  @Test
  void stringsOverU16OrWithUnpairedSurrogatesAreRejected() {
    DisconnectPacket tooLong = new DisconnectPacket(1, "x".repeat(65536));
    assertEquals("reason too long: 65536 UTF-8 bytes, max 65535 (u16 length prefix)",
        assertThrows(IllegalArgumentException.class, () -> WkEncoder.encode(tooLong, 5)).getMessage());
    DisconnectPacket wideTooLong = new DisconnectPacket(1, "中".repeat(21846));
    assertThrows(IllegalArgumentException.class, () -> WkEncoder.encode(wideTooLong, 5));
    DisconnectPacket lone = new DisconnectPacket(1, "a\uD800b");
    assertEquals("reason is not valid UTF-16: unpaired surrogate at index 1",
        assertThrows(IllegalArgumentException.class, () -> WkEncoder.encode(lone, 5)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> WkEncoder.encode(new DisconnectPacket(1, "\uDC00"), 5));
  }

  @Test
  void recordsRejectOutOfRangeAndNullFields() {
    assertEquals("channelType must fit u8 (0..255): 256", assertThrows(IllegalArgumentException.class,
        () -> new SubackPacket("s", "c", 256, 0, 1)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> new SendPacket(Flags.NONE, Setting.NONE, -1, "", "", "", 1,
        0, "", "", new byte[0]));
    assertThrows(IllegalArgumentException.class, () -> new SendPacket(Flags.NONE, Setting.NONE, 1, "", "", "", 1,
        1L << 32, "", "", new byte[0]));
    assertThrows(IllegalArgumentException.class, () -> Setting.of(256));
    assertThrows(NullPointerException.class, () -> new DisconnectPacket(1, null));
    assertThrows(NullPointerException.class, () -> WkEncoder.encode(null, 5));
    assertEquals("serverVersion 5 is only on the wire with hasServerVersion; pass 0",
        assertThrows(IllegalArgumentException.class, () -> new ConnackPacket(false, 5, 0, 1, "", "", 0))
            .getMessage());
  }

  @Test
  void fieldsAVersionDoesNotCarryAreDropped() {
    SendPacket withExpire = new SendPacket(Flags.RED_DOT, Setting.NONE, 1, "cmn-0001", "", "u2", 1, 3600,
        SEND_MSG_KEY, "", ascii(ENCRYPTED));
    assertEquals(SEND_V2, hex(WkEncoder.encode(withExpire, 2)));
    assertEquals(CONNACK_V2, hex(WkEncoder.encode(
        new ConnackPacket(false, 0, -15, 1, SERVER_KEY, SALT, 1001), 3)), "no nodeId below v4");
  }

  @Test
  void pingAndPongAreSingleBytesAndFreshArrays() {
    byte[] first = WkEncoder.encode(PingPacket.INSTANCE, 5);
    first[0] = 0;
    assertArrayEquals(new byte[] {0x70}, WkEncoder.encode(PingPacket.INSTANCE, 5));
    assertArrayEquals(new byte[] {(byte) 0x80}, WkEncoder.encode(PongPacket.INSTANCE, 2));
    assertNotSame(WkEncoder.encode(PongPacket.INSTANCE, 2), WkEncoder.encode(PongPacket.INSTANCE, 2));
  }

  @Test
  void negotiationFollowsTheV3Server() {
    assertEquals(6, ProtocolVersion.negotiate(0));
    assertEquals(1, ProtocolVersion.negotiate(1));
    assertEquals(2, ProtocolVersion.negotiate(2));
    assertEquals(5, ProtocolVersion.negotiate(5));
    assertEquals(6, ProtocolVersion.negotiate(6));
    assertEquals(6, ProtocolVersion.negotiate(7));
    assertEquals(6, ProtocolVersion.negotiate(255));
    assertFalse(ProtocolVersion.connackHasServerVersion(3));
    assertTrue(ProtocolVersion.connackHasServerVersion(4));
    assertFalse(ProtocolVersion.connackHasServerVersion(0), "spec: flag iff the client's version > 3");
  }

  @Test
  void connackFactoriesSetFlagAndServerVersionFromTheClientVersion() {
    assertEquals(new ConnackPacket(false, 0, 5, 1, "k", SALT, 9), ConnackPacket.success(2, 5, "k", SALT, 9));
    assertEquals(new ConnackPacket(true, 5, 5, 1, "k", SALT, 9), ConnackPacket.success(5, 5, "k", SALT, 9));
    assertEquals(new ConnackPacket(true, 6, 5, 1, "k", SALT, 9), ConnackPacket.success(9, 5, "k", SALT, 9));
    assertEquals(new ConnackPacket(false, 0, 0, 19, "", "", 0), ConnackPacket.failure(ReasonCode.BAN));
  }

  @Test
  void headerFlagsAndSettingBits() {
    assertEquals(0x02, Flags.RED_DOT.bits());
    assertEquals(new Flags(true, false, true, true), Flags.fromBits(0x0B));
    assertEquals(0x0F, Flags.fromBits(0xFF).bits());
    Setting s = Setting.of(0x88);
    assertTrue(s.receipt() && s.topic());
    assertFalse(s.stream() || s.noEncrypt() || s.signal());
    assertEquals(Setting.of(0x80), s.with(Setting.TOPIC, false));
    assertEquals(Setting.NONE, Setting.of(0));
  }

  @Test
  void packetTypesAndReasonCodes() throws Exception {
    for (PacketType t : PacketType.values()) {
      assertEquals(t, PacketType.fromCode(t.code()));
    }
    assertEquals("unknown packet type 13", assertThrows(ProtocolException.class, () -> PacketType.fromCode(13))
        .getMessage());
    assertThrows(ProtocolException.class, () -> PacketType.fromCode(0));
    assertThrows(ProtocolException.class, () -> PacketType.fromCode(-1));
    assertEquals("AuthFail", ReasonCode.name(ReasonCode.AUTH_FAIL));
    assertEquals("MessageSeqExhausted", ReasonCode.name(ReasonCode.MESSAGE_SEQ_EXHAUSTED));
    assertEquals("Reason(77)", ReasonCode.name(77));
  }
}
