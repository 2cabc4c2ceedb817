package io.jindou.proto;

import static io.jindou.proto.Vectors.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every packet vector of spec §7.3, both directions, for every protocol version whose layout it shows: the
 * fields encode to exactly the hex, and the hex decodes to exactly the fields (single-frame and streaming).
 */
class GoldenVectorTest {

  private static final int[] ALL = {1, 2, 3, 4, 5, 6};
  private static final int[] V1_2 = {1, 2};
  private static final int[] V1_3 = {1, 2, 3};
  private static final int[] V1_5 = {1, 2, 3, 4, 5};
  private static final int[] V3_5 = {3, 4, 5};
  private static final int[] V3_6 = {3, 4, 5, 6};
  private static final int[] V4_6 = {4, 5, 6};

  static Stream<Arguments> vectors() {
    return Stream.of(
        v("CONNECT v2", CONNECT_V2, CONNECT_V2_PACKET, ALL),
        v("CONNECT v5", CONNECT_V5, CONNECT_V5_PACKET, ALL),
        v("CONNECT observed from npm 1.0.4", CONNECT_OBSERVED, new ConnectPacket(2, 1,
            "dc18c1170fd89ccabc4d3461b35c8874W", "u2", "token2", 0x1a2146713f5L,
            "iebLytH9KBZikn2uefu7TKjYvDNMuCYgibOXBdhm+iY="), ALL),
        v("CONNACK success v1-3", CONNACK_V2,
            new ConnackPacket(false, 0, -15, ReasonCode.SUCCESS, SERVER_KEY, SALT, 0), V1_3),
        v("CONNACK success v4", CONNACK_V4, new ConnackPacket(true, 4, -15, 1, SERVER_KEY, SALT, 1001), new int[] {4}),
        v("CONNACK success v5", CONNACK_V5, new ConnackPacket(true, 5, -15, 1, SERVER_KEY, SALT, 1001), new int[] {5}),
        v("CONNACK success v6", CONNACK_V6, new ConnackPacket(true, 6, -15, 1, SERVER_KEY, SALT, 1001), new int[] {6}),
        v("CONNACK AuthFail, v5 layout", CONNACK_AUTHFAIL_V5_LAYOUT, ConnackPacket.failure(ReasonCode.AUTH_FAIL), V4_6),
        v("CONNACK AuthFail, v1-3 layout", CONNACK_AUTHFAIL_V1_3, ConnackPacket.failure(ReasonCode.AUTH_FAIL), V1_3),
        v("SEND v2", SEND_V2, SEND_PACKET, V1_2),
        v("SEND v2 receipt+topic group", SEND_V2_RECEIPT_TOPIC, SEND_RECEIPT_TOPIC_PACKET, V1_2),
        v("SEND v5", SEND_V5, SEND_PACKET, V3_6),
        v("SENDACK v1-5", SENDACK_V1_5, new SendackPacket(Flags.NONE, MESSAGE_ID, 1, 7, 1, ""), V1_5),
        v("SENDACK v5 v3-server style", SENDACK_V5_TRAILER,
            new SendackPacket(Flags.RED_DOT, MESSAGE_ID, 1, 7, 1, "cmn-0001"), V1_5),
        v("SENDACK v6", SENDACK_V6, new SendackPacket(Flags.NONE, MESSAGE_ID, 1, 7, 1, ""), new int[] {6}),
        v("RECV v2", RECV_V2, RECV_PACKET, V1_2),
        v("RECV v3-5", RECV_V3_5, RECV_PACKET, V3_5),
        v("RECV v6", RECV_V6, RECV_PACKET, new int[] {6}),
        v("RECV v5 NoEncrypt", RECV_V5_NO_ENCRYPT, RECV_NO_ENCRYPT_PACKET, V3_5),
        v("RECVACK v1-5", RECVACK_V1_5, new RecvackPacket(Flags.RED_DOT, MESSAGE_ID, 7), V1_5),
        v("PING", PING, PingPacket.INSTANCE, ALL),
        v("PONG", PONG, PongPacket.INSTANCE, ALL),
        v("DISCONNECT kick", DISCONNECT_KICK,
            new DisconnectPacket(ReasonCode.CONNECT_KICK, "login in other device"), ALL),
        v("SUB", SUB, new SubPacket(Setting.NONE, "sub-1", "live1", 9, SubPacket.ACTION_SUBSCRIBE, ""), ALL),
        v("SUBACK", SUBACK, new SubackPacket("sub-1", "live1", 9, 0, ReasonCode.SUCCESS), ALL),
        v("EVENT", EVENT, new EventPacket("evt1", "test", CLIENT_TS, utf8("{\"a\":1}")), ALL));
  }

  private static Arguments v(String name, String hex, Packet packet, int[] versions) {
    return Arguments.of(name, hex, packet, versions);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void fieldsEncodeToTheVectorHex(String name, String hex, Packet packet, int[] versions) {
    for (int v : versions) {
      assertEquals(hex, Vectors.hex(WkEncoder.encode(packet, v)), name + " encoded for version " + v);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void vectorHexDecodesToTheFields(String name, String hex, Packet packet, int[] versions) throws Exception {
    for (int v : versions) {
      assertEquals(packet, WkDecoder.decode(hex(hex), v), name + " decoded as version " + v);
      WkDecoder stream = new WkDecoder(WkDecoder.DEFAULT_MAX_REMAINING_LENGTH, v);
      stream.feed(hex(hex));
      assertEquals(packet, stream.next(), name + " stream-decoded as version " + v);
      assertEquals(null, stream.next());
    }
  }

  @Test
  void connectDecodesBeforeAnyVersionIsKnown() throws Exception {
    assertEquals(CONNECT_V5_PACKET, WkDecoder.decode(hex(CONNECT_V5), 0));
    assertEquals(CONNECT_V2_PACKET, WkDecoder.decode(hex(CONNECT_V2), 0));
  }

  @Test
  void successFactoryReproducesTheConnackVectorsForEachClientVersion() {
    for (int clientVersion = 1; clientVersion <= 6; clientVersion++) {
      int session = ProtocolVersion.negotiate(clientVersion);
      String expected = switch (clientVersion) {
        case 1, 2, 3 -> CONNACK_V2;
        case 4 -> CONNACK_V4;
        case 5 -> CONNACK_V5;
        default -> CONNACK_V6;
      };
      ConnackPacket ack = ConnackPacket.success(clientVersion, -15, SERVER_KEY, SALT, 1001);
      assertEquals(expected, Vectors.hex(WkEncoder.encode(ack, session)), "client version " + clientVersion);
    }
  }

  @Test
  void failureConnackEncodedBeforeNegotiationMatchesTheV3Server() {
    byte[] frame = WkEncoder.encode(ConnackPacket.failure(ReasonCode.AUTH_FAIL),
        ProtocolVersion.UNNEGOTIATED_ENCODE_VERSION);
    assertEquals(CONNACK_AUTHFAIL_V5_LAYOUT, Vectors.hex(frame));
  }

  @Test
  void v1To3ConnackDecodesForAClientThatSpeaksV5() throws Exception {
    // A v5 client must survive the v1-3 failure layout (no flag, no nodeId) and the v5 one (no flag, nodeId 0).
    assertEquals(ConnackPacket.failure(2), WkDecoder.decode(hex(CONNACK_AUTHFAIL_V1_3), 5));
    assertEquals(ConnackPacket.failure(2), WkDecoder.decode(hex(CONNACK_AUTHFAIL_V5_LAYOUT), 5));
    // A v2 client ignores the trailing nodeId of the v5 layout, as npm 1.0.4 does.
    assertEquals(ConnackPacket.failure(2), WkDecoder.decode(hex(CONNACK_AUTHFAIL_V5_LAYOUT), 2));
  }

  @Test
  void remainingLengthTakesTwoBytesForA200BytePayloadSend() {
    byte[] payload = new byte[200];
    java.util.Arrays.fill(payload, (byte) 'a');
    SendPacket send = new SendPacket(Flags.NONE, Setting.of(Setting.NO_ENCRYPT), 3, "cmn-0003", "", "u2", 1, 0, "",
        "", payload);
    byte[] frame = WkEncoder.encode(send, 5);
    assertEquals(229, frame.length);
    assertEquals("30e2011000000003", Vectors.hex(java.util.Arrays.copyOf(frame, 8)));
  }
}
