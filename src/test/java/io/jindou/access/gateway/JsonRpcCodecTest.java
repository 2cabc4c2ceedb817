package io.jindou.access.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.access.gateway.CodecRecorder.Closed;
import io.jindou.access.gateway.CodecRecorder.Malformed;
import io.jindou.access.gateway.CodecRecorder.Read;
import io.jindou.access.gateway.CodecRecorder.Text;
import io.jindou.proto.ConnectPacket;
import io.jindou.proto.Flags;
import io.jindou.proto.PingPacket;
import io.jindou.proto.RecvPacket;
import io.jindou.proto.RecvackPacket;
import io.jindou.proto.SendPacket;
import io.jindou.proto.SendackPacket;
import io.jindou.proto.Setting;
import io.jindou.proto.SubPacket;
import io.jindou.proto.SubackPacket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The JSON-RPC codec (spec wkproto §6): the exact text of every answer kind, every request the EasySDK sends
 * as the packet it becomes (with its id), and the exact report for input it cannot read.
 */
class JsonRpcCodecTest {
  static final String PAYLOAD = "eyJ0eXBlIjoxLCJjb250ZW50IjoiaGkifQ=="; // {"type":1,"content":"hi"}

  static String text(byte[] frame) {
    return new String(frame, StandardCharsets.UTF_8);
  }

  static JsonRpcCodec opened(int version) {
    JsonRpcCodec c = new JsonRpcCodec(1001);
    c.open(new ConnectPacket(version, 1, "d1", "u1", "t1", 1700000000000L, ""), version);
    return c;
  }

  static List<Object> read(String request) {
    CodecRecorder rec = new CodecRecorder();
    new JsonRpcCodec(1001).readText(request, rec);
    return rec.events;
  }

  // ---- outbound

  @Test
  void connackIsAResultWithTheNegotiatedVersionAndNoKeys() {
    JsonRpcCodec c = opened(6);
    assertNull(c.crypto(), "JSON-RPC is not encrypted");
    assertEquals("{\"jsonrpc\":\"2.0\",\"id\":\"c-1\",\"result\":{\"serverVersion\":6,\"timeDiff\":-15,"
        + "\"reasonCode\":1,\"nodeId\":1001}}", text(c.connack(null, -15, "c-1")));
  }

  /** The {@code event} notification of spec wkproto §6, byte for byte. */
  @Test
  void eventIsTheSpecNotificationWithDataAsAString() {
    assertEquals("{\"jsonrpc\":\"2.0\",\"method\":\"event\",\"params\":{\"id\":\"e1\",\"type\":\"typing\","
        + "\"timestamp\":1700000000000,\"data\":\"{\\\"a\\\":1}\"}}", text(new JsonRpcCodec(1001).event(
        new io.jindou.proto.EventPacket("e1", "typing", 1700000000000L, "{\"a\":1}".getBytes()))));
  }

  @Test
  void connackFailureIsAnErrorWithTheReasonAsCode() {
    assertEquals("{\"jsonrpc\":\"2.0\",\"id\":\"c-1\",\"error\":{\"code\":2,\"message\":\"token mismatch\"}}",
        text(new JsonRpcCodec(1001).connackFailure(2, "token mismatch", "c-1")));
  }

  @Test
  void sendackIsAResultWithTheMessageIdAsAString() {
    assertEquals("{\"jsonrpc\":\"2.0\",\"id\":\"s-1\",\"result\":{\"messageId\":\"314159265358979\","
        + "\"messageSeq\":7,\"reasonCode\":1}}",
        text(opened(6).sendack(new SendackPacket(Flags.NONE, 314159265358979L, 0, 7, 1, ""), "s-1")));
    assertEquals("{\"jsonrpc\":\"2.0\",\"id\":\"s-2\",\"result\":{\"messageId\":\"0\",\"messageSeq\":0,"
        + "\"reasonCode\":22}}", text(opened(6).sendack(new SendackPacket(Flags.NONE, 0, 0, 0, 22, ""), "s-2")));
  }

  @Test
  void recvIsANotificationWithABase64PayloadAndNoEncryption() {
    RecvPacket p = new RecvPacket(Flags.RED_DOT, Setting.NONE, "", "u1", "u1", 1, 0, "m-1", 0, "", 0,
        314159265358980L, 8, 1700000001, "", "{\"type\":1,\"content\":\"hi\"}".getBytes(StandardCharsets.UTF_8));
    assertEquals("{\"jsonrpc\":\"2.0\",\"method\":\"recv\",\"params\":{\"header\":{\"redDot\":true},"
        + "\"messageId\":\"314159265358980\",\"messageSeq\":8,\"clientMsgNo\":\"m-1\",\"streamId\":\"0\","
        + "\"timestamp\":1700000001,\"channelId\":\"u1\",\"channelType\":1,\"fromUid\":\"u1\",\"payload\":\""
        + PAYLOAD + "\"}}", text(opened(6).recv(p)));
  }

  @Test
  void recvHeaderCarriesOnlyTheFlagsThatAreSet() {
    RecvPacket p = new RecvPacket(new Flags(false, true, false, true), Setting.NONE, "", "", "g1", 2, 0, "m-2", 0,
        "", 0, 9, 1, 1700000002, "", new byte[0]);
    assertEquals("{\"jsonrpc\":\"2.0\",\"method\":\"recv\",\"params\":{\"header\":{\"noPersist\":true,"
        + "\"syncOnce\":true},\"messageId\":\"9\",\"messageSeq\":1,\"clientMsgNo\":\"m-2\",\"streamId\":\"0\","
        + "\"timestamp\":1700000002,\"channelId\":\"g1\",\"channelType\":2,\"fromUid\":\"\",\"payload\":\"\"}}",
        text(opened(6).recv(p)));
  }

  @Test
  void pongIsAResponseWithoutResult() {
    assertEquals("{\"jsonrpc\":\"2.0\",\"id\":\"p-1\"}", text(opened(6).pong("p-1")));
    assertEquals("{\"jsonrpc\":\"2.0\",\"id\":null}", text(opened(6).pong(null)));
  }

  @Test
  void disconnectIsANotification() {
    assertEquals("{\"jsonrpc\":\"2.0\",\"method\":\"disconnect\",\"params\":{\"reasonCode\":12,"
        + "\"reason\":\"login in other device\"}}", text(opened(6).disconnect(12, "login in other device")));
  }

  @Test
  void subackIsASubscriptionResultWithTheReason() {
    assertEquals("{\"jsonrpc\":\"2.0\",\"id\":\"sub-1\",\"result\":{\"subNo\":\"sub-1\",\"channelId\":\"live1\","
        + "\"channelType\":9,\"action\":0,\"reasonCode\":23}}",
        text(opened(6).suback(new SubackPacket("sub-1", "live1", 9, 0, 23), "sub-1")));
  }

  @Test
  void subscribeAndUnsubscribeBecomeSubPackets() {
    assertEquals(List.of(new Read(new SubPacket(Setting.NONE, "s1", "live1", 9, 0, "{\"a\":1}"), "r-1")),
        read("{\"method\":\"subscribe\",\"params\":{\"subNo\":\"s1\",\"channelId\":\"live1\",\"channelType\":9,"
            + "\"param\":\"{\\\"a\\\":1}\"},\"id\":\"r-1\"}"));
    assertEquals(List.of(new Read(new SubPacket(Setting.NONE, "s2", "d1", 7, 1, ""), "r-2")),
        read("{\"method\":\"unsubscribe\",\"params\":{\"subNo\":\"s2\",\"channelId\":\"d1\",\"channelType\":7},"
            + "\"id\":\"r-2\"}"));
  }

  @Test
  void malformedInputOnAnOpenConnectionIsAnErrorWithCodeZero() {
    assertEquals("{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"error\":{\"code\":0,\"message\":\"unknown method "
        + "'nonsense'\"}}", text(opened(6).error("x", "unknown method 'nonsense'")));
  }

  @Test
  void emitWritesOneTextMessage() {
    CodecRecorder rec = new CodecRecorder();
    opened(6).emit(rec, "{\"jsonrpc\":\"2.0\",\"id\":\"p-1\"}".getBytes(StandardCharsets.UTF_8));
    assertEquals(List.of(new Text("{\"jsonrpc\":\"2.0\",\"id\":\"p-1\"}")), rec.events);
  }

  // ---- inbound

  @Test
  void aJsonObjectClaimsTheConnectionAnythingElseDoesNot() {
    assertTrue(JsonRpcCodec.claims(" \n{\"method\":\"connect\"}"));
    assertFalse(JsonRpcCodec.claims("[{\"method\":\"connect\"}]"));
    assertFalse(JsonRpcCodec.claims("connect"));
  }

  @Test
  void connectBecomesAConnectPacketWithTheLatestVersionUnlessOneIsGiven() {
    assertEquals(List.of(new Read(new ConnectPacket(6, 1, "d1", "u1", "t1", 1700000000000L, ""), "c-1")),
        read("{\"method\":\"connect\",\"params\":{\"uid\":\"u1\",\"token\":\"t1\",\"deviceId\":\"d1\","
            + "\"deviceFlag\":1,\"clientTimestamp\":1700000000000},\"id\":\"c-1\"}"));
    assertEquals(List.of(new Read(new ConnectPacket(4, 0, "", "u1", "t1", 1700000000000L, "k"), "c-2")),
        read("{\"jsonrpc\":\"2.0\",\"method\":\"connect\",\"params\":{\"uid\":\"u1\",\"token\":\"t1\","
            + "\"version\":4,\"clientKey\":\"k\",\"clientTimestamp\":\"1700000000000\"},\"id\":\"c-2\"}"));
  }

  @Test
  void sendBecomesAPlainSendPacketWithItsHeaderFlags() {
    SendPacket expected = new SendPacket(new Flags(false, false, true, false), Setting.NONE, 0,
        "m-1", "", "u2", 1, 0, "", "", "{\"type\":1,\"content\":\"hi\"}".getBytes(StandardCharsets.UTF_8));
    assertEquals(List.of(new Read(expected, "s-1")), read("{\"method\":\"send\",\"params\":{\"clientMsgNo\":\"m-1\","
        + "\"channelId\":\"u2\",\"channelType\":1,\"payload\":\"" + PAYLOAD + "\",\"header\":{\"redDot\":true}},"
        + "\"id\":\"s-1\"}"));
    SendPacket flagged = new SendPacket(new Flags(false, true, false, true), Setting.NONE, 0, "",
        "", "g1", 2, 60, "", "tp", new byte[0]);
    assertEquals(List.of(new Read(flagged, "s-2")), read("{\"method\":\"send\",\"params\":{\"channelId\":\"g1\","
        + "\"channelType\":2,\"expire\":60,\"topic\":\"tp\",\"header\":{\"syncOnce\":1,\"noPersist\":true}},"
        + "\"id\":\"s-2\"}"));
  }

  @Test
  void sendKeepsTheSettingItsClientAskedForAndNeverMarksItNoEncrypt() {
    SendPacket receipt = new SendPacket(Flags.NONE, Setting.of(Setting.RECEIPT | Setting.SIGNAL), 0, "m-3", "", "u2",
        1, 0, "", "", new byte[0]);
    assertEquals(List.of(new Read(receipt, "s-3")), read("{\"method\":\"send\",\"params\":{\"clientMsgNo\":\"m-3\","
        + "\"channelId\":\"u2\",\"channelType\":1,\"setting\":{\"receipt\":true,\"signal\":true}},\"id\":\"s-3\"}"));
    SendPacket raw = new SendPacket(Flags.NONE, Setting.of(Setting.RECEIPT), 0, "m-4", "", "u2", 1, 0, "", "",
        new byte[0]);
    assertEquals(List.of(new Read(raw, "s-4")), read("{\"method\":\"send\",\"params\":{\"clientMsgNo\":\"m-4\","
        + "\"channelId\":\"u2\",\"channelType\":1,\"setting\":128},\"id\":\"s-4\"}"));
  }

  @Test
  void recvackIsANotificationWithoutId() {
    assertEquals(List.of(new Read(new RecvackPacket(Flags.NONE, 314159265358980L, 8), null)),
        read("{\"method\":\"recvack\",\"params\":{\"header\":{},\"messageId\":\"314159265358980\","
            + "\"messageSeq\":8}}"));
  }

  @Test
  void pingKeepsItsId() {
    assertEquals(List.of(new Read(PingPacket.INSTANCE, "p-1")), read("{\"method\":\"ping\",\"params\":{},"
        + "\"id\":\"p-1\"}"));
  }

  @Test
  void disconnectClosesTheConnection() {
    assertEquals(List.of(new Closed("client disconnected")), read("{\"method\":\"disconnect\",\"id\":\"d-1\"}"));
  }

  @Test
  void textThatIsNotAJsonObjectIsMalformedWithoutId() {
    assertEquals(List.of(new Malformed(null, "request is not a JSON object")), read("{\"method\":"));
    assertEquals(List.of(new Malformed(null, "request is not a JSON object")), read("[1,2]"));
  }

  @Test
  void anUnknownOrMissingMethodIsMalformedWithItsId() {
    assertEquals(List.of(new Malformed("x", "unknown method 'nonsense'")),
        read("{\"method\":\"nonsense\",\"id\":\"x\"}"));
    assertEquals(List.of(new Malformed("y", "unknown method ''")), read("{\"method\":7,\"id\":\"y\"}"));
    assertEquals(List.of(new Malformed("z", "unknown method 'event'")),
        read("{\"method\":\"event\",\"params\":{\"id\":\"e1\"},\"id\":\"z\"}"));
  }

  @Test
  void aFieldOfTheWrongTypeIsMalformedAndNamesTheField() {
    assertEquals(List.of(new Malformed("s-1", "bad send request: channelId must be a string")),
        read("{\"method\":\"send\",\"params\":{\"channelId\":5,\"channelType\":1,\"payload\":\"\"},\"id\":\"s-1\"}"));
    assertEquals(List.of(new Malformed("c-1", "bad connect request: deviceFlag must be a number")),
        read("{\"method\":\"connect\",\"params\":{\"uid\":\"u1\",\"deviceFlag\":true},\"id\":\"c-1\"}"));
  }

  @Test
  void aPayloadThatIsNotBase64IsMalformed() {
    List<Object> events = read("{\"method\":\"send\",\"params\":{\"channelId\":\"u2\",\"channelType\":1,"
        + "\"payload\":\"not base64!\"},\"id\":\"s-1\"}");
    assertEquals(1, events.size());
    Malformed m = (Malformed) events.get(0);
    assertEquals("s-1", m.requestId());
    assertTrue(m.why().startsWith("bad send request: Illegal base64 character"), m.why());
  }

  @Test
  void aRecvackWithoutANumericMessageIdIsMalformed() {
    assertEquals(List.of(new Malformed(null, "bad recvack request: For input string: \"abc\"")),
        read("{\"method\":\"recvack\",\"params\":{\"messageId\":\"abc\",\"messageSeq\":8}}"));
  }

  @Test
  void aBinaryFrameClosesTheConnection() {
    CodecRecorder rec = new CodecRecorder();
    JsonRpcCodec c = opened(6);
    c.readBinary(new byte[] {0x70}, rec);
    assertEquals(List.of(new Closed("binary frame on a JSON-RPC connection")), rec.events);
    assertFalse(c.inputPending(), "a text message holds one request");
  }
}
