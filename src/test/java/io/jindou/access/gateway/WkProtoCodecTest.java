package io.jindou.access.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.access.gateway.CodecRecorder.Binary;
import io.jindou.access.gateway.CodecRecorder.Closed;
import io.jindou.access.gateway.CodecRecorder.Malformed;
import io.jindou.access.gateway.CodecRecorder.Read;
import io.jindou.proto.ConnackPacket;
import io.jindou.proto.ConnectPacket;
import io.jindou.proto.DisconnectPacket;
import io.jindou.proto.Flags;
import io.jindou.proto.PingPacket;
import io.jindou.proto.ProtocolException;
import io.jindou.proto.ProtocolVersion;
import io.jindou.proto.RecvPacket;
import io.jindou.proto.RecvackPacket;
import io.jindou.proto.SendPacket;
import io.jindou.proto.SendackPacket;
import io.jindou.proto.Setting;
import io.jindou.proto.SubPacket;
import io.jindou.proto.SubackPacket;
import io.jindou.proto.WkCrypto;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The WKProto codec against the byte vectors of spec wkproto §7 (server key, client key and salt of §7.1):
 * every outbound packet kind byte for byte, every inbound kind, and the exact report for malformed input. A
 * new codec's test follows the same outline: one test per answer kind, one per request kind, one per error.
 */
class WkProtoCodecTest {
  static final String CLIENT_KEY = "hlF7wMOf6Ha3ZGy1407gPa9xzLrWdFDBapcK2MvAPn4=";
  static final WkCrypto.X25519KeyPair SERVER_KEY =
      WkCrypto.keyPair("fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII));
  static final String SALT = "abcdefgh12345678";
  static final String ENCRYPTED = "68ccIYCcggK4kwxYTxr/BaVago3k/8EGp2bvSGnQur8=";
  static final long MESSAGE_ID = 314159265358979L;
  static final long CLIENT_TS = 1700000000000L;
  static final String DEVICE_ID = "0123456789abcdef0123456789abcdefW";

  // spec §7.3
  static final String CONNECT_V2 = "106702010021303132333435363738396162636465663031323334353637383961626364656657"
      + "000275310006746f6b656e310000018bcfe56800002c686c4637774d4f66364861335a47793134303767506139787a4c725764"
      + "4644426170634b324d7641506e343d";
  static final String CONNACK_TAIL = "fffffffffffffff101002c322f79676430545271694331736562723656614d7a7855776e"
      + "714a395a6d6f393848774a706f43546852493d001061626364656667683132333435363738";
  static final String CONNACK_AUTHFAIL_V5_LAYOUT = "2015000000000000000002000000000000000000000000";
  static final String PAYLOAD_HEX =
      "363863634959436367674b346b7778595478722f42615661676f336b2f3845477032627653476e517572383d";
  static final String SEND_V5 = "326600000000010008636d6e2d3030303100027532010000000000203731636663366462616466383"
      + "164373430633036306333313038323731303839" + PAYLOAD_HEX;
  static final String RECV_V2 = "527200002036623664313437646265643064353365363438623031633666636462656339340002753100"
      + "027531010008636d6e2d3030303100011db9e76a2483000000076553f101" + PAYLOAD_HEX;
  static final String RECV_V3_5 = "52760000203662366431343764626564306435336536343862303163366663646265633934000275"
      + "310002753101000000000008636d6e2d3030303100011db9e76a2483000000076553f101" + PAYLOAD_HEX;
  static final String RECV_V6 = "527a0000203662366431343764626564306435336536343862303163366663646265633934000275310"
      + "002753101000000000008636d6e2d3030303100011db9e76a248300000000000000076553f101" + PAYLOAD_HEX;
  static final String RECV_V5_NO_ENCRYPT = "5046100000000275310002753101000000000008636d6e2d3030303100011db9e76a2"
      + "483000000076553f1017b2274797065223a312c22636f6e74656e74223a2268656c6c6f227d";
  static final String RECVACK_V1_5 = "620c00011db9e76a248300000007";
  static final String DISCONNECT_KICK = "90180c00156c6f67696e20696e206f7468657220646576696365";
  static final String SUB = "a0130000057375622d3100056c6976653109000000";

  static byte[] hex(String hex) {
    return HexFormat.of().parseHex(hex);
  }

  static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  static ConnectPacket connect(int version) {
    return new ConnectPacket(version, 1, DEVICE_ID, "u1", "token1", CLIENT_TS, CLIENT_KEY);
  }

  static WkProtoCodec codec() {
    return new WkProtoCodec(1 << 20, 4096, () -> SERVER_KEY, 1001, () -> SALT);
  }

  static WkProtoCodec opened(int clientVersion) throws ProtocolException {
    WkProtoCodec c = codec();
    c.open(connect(clientVersion), ProtocolVersion.negotiate(clientVersion));
    return c;
  }

  /** The RECV of §7.1's message to u2 before sealing (person channel shown as the peer u1, red dot). */
  static RecvPacket plainRecv(Setting setting, Flags flags) {
    return new RecvPacket(flags, setting, "", "u1", "u1", 1, 0, "cmn-0001", 0, "", 0, MESSAGE_ID, 7, 1700000001, "",
        "{\"type\":1,\"content\":\"hello\"}".getBytes(StandardCharsets.UTF_8));
  }

  // ---- outbound

  @Test
  void connackIsTheSpecVectorForEachClientVersion() throws Exception {
    assertEquals("2049" + CONNACK_TAIL, hex(opened(2).connack(connect(2), -15, null)));
    assertEquals("215204" + CONNACK_TAIL + "00000000000003e9", hex(opened(4).connack(connect(4), -15, null)));
    assertEquals("215205" + CONNACK_TAIL + "00000000000003e9", hex(opened(5).connack(connect(5), -15, null)));
    assertEquals("215206" + CONNACK_TAIL + "00000000000003e9", hex(opened(6).connack(connect(6), -15, null)));
  }

  @Test
  void connackFailureHasThePreNegotiationLayoutWhateverTheClientVersion() throws Exception {
    assertEquals(CONNACK_AUTHFAIL_V5_LAYOUT, hex(codec().connackFailure(2, "token mismatch", null)));
    assertEquals(CONNACK_AUTHFAIL_V5_LAYOUT, hex(opened(2).connackFailure(2, "token mismatch", null)));
  }

  /** The EVENT vector of spec wkproto §7.3 (Go v3): only sessions of version 5 and up get one, none below. */
  @Test
  void eventIsTheSpecVectorFromV5OnAndNothingBelow() throws Exception {
    io.jindou.proto.EventPacket e = new io.jindou.proto.EventPacket("evt1", "test", 1700000000000L,
        "{\"a\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    String vector = "c01b0004657674310004746573740000018bcfe568007b2261223a317d";
    assertEquals(vector, hex(opened(5).event(e)));
    assertEquals(vector, hex(opened(6).event(e)));
    for (int v = 1; v <= 4; v++) {
      assertEquals(null, opened(v).event(e), "version " + v + " has no EVENT decoder (npm 1.0.4 speaks 2)");
    }
  }

  @Test
  void sendackHasAU32SequenceUpToV5AndU64InV6() throws Exception {
    SendackPacket ack = new SendackPacket(Flags.NONE, MESSAGE_ID, 1, 7, 1, "");
    assertEquals("401100011db9e76a2483000000010000000701", hex(opened(2).sendack(ack, null)));
    assertEquals("401100011db9e76a2483000000010000000701", hex(opened(5).sendack(ack, null)));
    assertEquals("401500011db9e76a248300000001000000000000000701", hex(opened(6).sendack(ack, null)));
  }

  @Test
  void recvIsSealedWithThisConnectionsKeyForEachVersion() throws Exception {
    RecvPacket plain = plainRecv(Setting.NONE, Flags.RED_DOT);
    assertEquals(RECV_V2, hex(opened(2).recv(plain)));
    assertEquals(RECV_V3_5, hex(opened(3).recv(plain)));
    assertEquals(RECV_V3_5, hex(opened(5).recv(plain)));
    assertEquals(RECV_V6, hex(opened(6).recv(plain)));
  }

  @Test
  void recvOfAMessageSentWithNoEncryptIsStillSealedAndClearsTheBit() throws Exception {
    // the JS SDKs verify and decrypt every RECV: a message a JSON-RPC client (or a NoEncrypt SEND) sent must
    // reach them sealed, exactly as if it had been sent encrypted
    assertEquals(RECV_V3_5, hex(opened(5).recv(plainRecv(Setting.of(Setting.NO_ENCRYPT), Flags.RED_DOT))));
    assertNotEquals(RECV_V5_NO_ENCRYPT, hex(opened(5).recv(plainRecv(Setting.of(Setting.NO_ENCRYPT), Flags.NONE))));
  }

  @Test
  void pongIsOneByte() throws Exception {
    assertEquals("80", hex(opened(5).pong(null)));
  }

  @Test
  void disconnectIsTheKickVector() throws Exception {
    assertEquals(DISCONNECT_KICK, hex(opened(2).disconnect(12, "login in other device")));
  }

  @Test
  void subackEchoesTheSubscriptionWithTheReason() throws Exception {
    assertEquals("b01100057375622d3100056c69766531090017",
        hex(opened(2).suback(new SubackPacket("sub-1", "live1", 9, 0, 23), null)));
  }

  @Test
  void malformedInputHasNoErrorAnswer() throws Exception {
    assertNull(opened(5).error(null, "protocol error: anything"));
  }

  @Test
  void emitWritesOneBinaryPacket() {
    CodecRecorder rec = new CodecRecorder();
    byte[] frame = hex("80");
    codec().emit(rec, frame);
    assertEquals(1, rec.events.size());
    assertArrayEquals(frame, ((Binary) rec.events.get(0)).frame());
  }

  // ---- inbound

  @Test
  void readsTheConnectVectorBeforeAnyVersionIsKnown() {
    WkProtoCodec c = codec();
    CodecRecorder rec = new CodecRecorder();
    c.readBinary(hex(CONNECT_V2), rec);
    assertEquals(List.of(new Read(connect(2), null)), rec.events);
    assertFalse(c.inputPending());
    assertNull(c.crypto(), "no keys before open");
  }

  @Test
  void aConnectWithMoreBytesBehindItLeavesInputPending() {
    WkProtoCodec c = codec();
    CodecRecorder rec = new CodecRecorder();
    boolean[] pending = new boolean[1];
    rec.onRead = p -> {
      pending[0] = c.inputPending();
      rec.close("first packet read"); // as the session does with such a CONNECT
    };
    c.readBinary(hex(CONNECT_V2 + "70"), rec);
    assertTrue(pending[0]);
    assertEquals(List.of(new Read(connect(2), null), new Closed("first packet read")), rec.events,
        "nothing is read once the connection is closed");
  }

  @Test
  void openDerivesTheSpecKeysAndReadsSendWithTheNegotiatedVersion() throws Exception {
    WkProtoCodec c = opened(5);
    assertEquals("d3514bfacef9c97a", c.crypto().aesKey());
    assertEquals(SALT, c.crypto().salt());
    CodecRecorder rec = new CodecRecorder();
    c.readBinary(hex(SEND_V5), rec);
    SendPacket expected = new SendPacket(Flags.RED_DOT, Setting.NONE, 1, "cmn-0001", "", "u2", 1, 0,
        "71cfc6dbadf81d740c060c3108271089", "", ENCRYPTED.getBytes(StandardCharsets.US_ASCII));
    assertEquals(List.of(new Read(expected, null)), rec.events);
    assertTrue(c.crypto().verifySendMsgKey(expected), "the client's msgKey checks out with the derived keys");
  }

  @Test
  void readsRecvackPingDisconnectAndSub() throws Exception {
    WkProtoCodec c = opened(5);
    CodecRecorder rec = new CodecRecorder();
    c.readBinary(hex(RECVACK_V1_5 + "70" + DISCONNECT_KICK + SUB), rec);
    assertEquals(List.of(new Read(new RecvackPacket(Flags.RED_DOT, MESSAGE_ID, 7), null),
        new Read(PingPacket.INSTANCE, null), new Read(new DisconnectPacket(12, "login in other device"), null),
        new Read(new SubPacket(Setting.NONE, "sub-1", "live1", 9, 0, ""), null)), rec.events);
  }

  @Test
  void aPacketSplitAcrossReadsIsReadOnceComplete() throws Exception {
    WkProtoCodec c = opened(5);
    CodecRecorder rec = new CodecRecorder();
    byte[] send = hex(SEND_V5);
    c.readBinary(java.util.Arrays.copyOfRange(send, 0, 40), rec);
    assertEquals(List.of(), rec.events);
    assertTrue(c.inputPending());
    c.readBinary(java.util.Arrays.copyOfRange(send, 40, send.length), rec);
    assertEquals(1, rec.events.size());
    assertTrue(((Read) rec.events.get(0)).packet() instanceof SendPacket);
    assertFalse(c.inputPending());
  }

  @Test
  void anUnknownPacketTypeIsMalformedAndNothingAfterItIsRead() throws Exception {
    WkProtoCodec c = opened(5);
    CodecRecorder rec = new CodecRecorder();
    Malformed unknown = new Malformed(null, "protocol error: unknown packet type 13 (header byte 0xd0)");
    c.readBinary(hex("d00070"), rec);
    assertEquals(List.of(unknown), rec.events, "the PING behind the bad byte is not read");
    c.readBinary(hex("70"), rec);
    assertEquals(List.of(unknown, unknown), rec.events, "the decoder stays dead: later input reports it again");
  }

  @Test
  void aFrameOverTheLimitIsMalformedBeforeItsBodyArrives() {
    WkProtoCodec c = new WkProtoCodec(1 << 20, 64, () -> SERVER_KEY, 1001, () -> SALT);
    CodecRecorder rec = new CodecRecorder();
    c.readBinary(hex("1067"), rec);
    assertEquals(List.of(new Malformed(null, "protocol error: frame too large: type=CONNECT, remainingLength=103, "
        + "max=64")), rec.events);
  }

  @Test
  void beforeOpenOnlyACONNECTIsReadAndAnythingElseFailsAtItsHeaderByte() {
    CodecRecorder rec = new CodecRecorder();
    codec().readBinary(hex("32"), rec); // the header byte of a SEND, nothing more
    assertEquals(List.of(new Malformed(null,
        "protocol error: packet type SEND (header byte 0x32) is not accepted here")), rec.events);
    CodecRecorder ping = new CodecRecorder();
    codec().readBinary(hex("70"), ping);
    assertEquals(List.of(new Malformed(null,
        "protocol error: packet type PING (header byte 0x70) is not accepted here")), ping.events);
  }

  @Test
  void afterOpenATypeNoClientSendsFailsAtItsHeaderByte() throws Exception {
    WkProtoCodec c = opened(5);
    CodecRecorder rec = new CodecRecorder();
    c.readBinary(hex("52"), rec); // a RECV header from the client
    assertEquals(List.of(new Malformed(null,
        "protocol error: packet type RECV (header byte 0x52) is not accepted here")), rec.events);
  }

  @Test
  void eachConnectionGetsItsOwnServerKey() throws Exception {
    WkProtoCodec a = new WkProtoCodec(1 << 20, 4096, 1001);
    WkProtoCodec b = new WkProtoCodec(1 << 20, 4096, 1001);
    a.open(connect(5), 5);
    b.open(connect(5), 5);
    ConnackPacket ka = (ConnackPacket) io.jindou.proto.WkDecoder.decode(a.connack(connect(5), 0, null), 5);
    ConnackPacket kb = (ConnackPacket) io.jindou.proto.WkDecoder.decode(b.connack(connect(5), 0, null), 5);
    assertNotEquals(ka.serverKey(), kb.serverKey(), "two connections must not share the server's X25519 key");
  }

  @Test
  void aTextFrameClosesTheConnection() {
    CodecRecorder rec = new CodecRecorder();
    codec().readText("{\"method\":\"ping\"}", rec);
    assertEquals(List.of(new Closed("text frame on a WKProto connection")), rec.events);
  }

  @Test
  void openRefusesAClientKeyThatIsNotAnX25519Key() {
    WkProtoCodec c = codec();
    assertThrows(ProtocolException.class,
        () -> c.open(new ConnectPacket(5, 1, DEVICE_ID, "u1", "token1", CLIENT_TS, ""), 5));
    assertThrows(ProtocolException.class,
        () -> c.open(new ConnectPacket(5, 1, DEVICE_ID, "u1", "token1", CLIENT_TS, "bm90IGEga2V5"), 5));
  }
}
