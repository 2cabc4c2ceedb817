package io.jindou.access.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jindou.access.json.Body;
import io.jindou.access.json.Errors;
import io.jindou.access.json.SendJson;
import io.jindou.model.JindouException;
import io.jindou.model.Reason;
import io.jindou.model.SendCommand;
import io.jindou.proto.Flags;
import io.jindou.proto.SendPacket;
import io.jindou.proto.Setting;
import io.jindou.usecase.Limits;
import io.jindou.usecase.SendMessages;
import io.jindou.user.RateLimiter;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The same message sent through the HTTP body and through a client's SEND meets the same checks and limits:
 * accepted by both with the same storage channel, or refused by both with the same message, which HTTP answers
 * as a 400 and the gateway as the SENDACK reason for that kind of mistake.
 */
class SendParityTest {
  static final Limits LIMITS = new Limits(20, 64);
  static final SendMessages SENDS = new SendMessages(null, new RateLimiter(0, 0), uid -> false, LIMITS);

  /** What happened to one request: the command, or the failure. */
  record Outcome(SendCommand command, JindouException refusal) {
  }

  static Outcome viaHttp(String clientMsgNo, String channelId, int type, String topic, int payloadBytes) {
    JsonObject body = new JsonObject().put("from_uid", "u1").put("client_msg_no", clientMsgNo)
        .put("channel_id", channelId).put("channel_type", type)
        .put("payload", Base64.getEncoder().encodeToString(new byte[payloadBytes]));
    if (!topic.isEmpty()) {
      body.put("topic", topic);
    }
    try {
      return new Outcome(SENDS.check(SendJson.request(new Body(body), LIMITS.payloadMaxBytes())), null);
    } catch (JindouException e) {
      return new Outcome(null, e);
    }
  }

  static Outcome viaGateway(String clientMsgNo, String channelId, int type, String topic, int payloadBytes) {
    SendPacket p = new SendPacket(Flags.NONE, Setting.of(Setting.NO_ENCRYPT | (topic.isEmpty() ? 0 : Setting.TOPIC)),
        5, clientMsgNo, "", channelId, type, 0, "", topic, new byte[payloadBytes]);
    try {
      return new Outcome(SENDS.check(SendTranslator.toRequest(p, null, "u1", 1, 7)), null);
    } catch (JindouException e) {
      return new Outcome(null, e);
    }
  }

  static void same(String clientMsgNo, String channelId, int type, String topic, int payloadBytes, int sendack) {
    Outcome http = viaHttp(clientMsgNo, channelId, type, topic, payloadBytes);
    Outcome gateway = viaGateway(clientMsgNo, channelId, type, topic, payloadBytes);
    String what = "cmn=" + clientMsgNo + " channel=" + channelId + "/" + type + " topic=" + topic + " payload="
        + payloadBytes;
    if (sendack == Reason.SUCCESS) {
      assertNull(http.refusal(), what);
      assertNull(gateway.refusal(), what);
      assertEquals(http.command().draft().channel(), gateway.command().draft().channel(), what);
      assertEquals(http.command().draft().clientMsgNo().isEmpty(), gateway.command().draft().clientMsgNo().isEmpty());
      assertEquals(payloadBytes, gateway.command().draft().payload().length);
      return;
    }
    assertNotNull(http.refusal(), what);
    assertNotNull(gateway.refusal(), what);
    assertEquals(http.refusal().getMessage(), gateway.refusal().getMessage(), what);
    assertEquals(400, Errors.status(http.refusal()), what);
    assertEquals(sendack, ClientReasons.sendack(gateway.refusal()), what);
  }

  @Test
  void limitsAndChecksAreTheSameForHttpAndTheGateway() {
    String at = "x".repeat(20);
    String over = "x".repeat(21);
    same("c-1", "g", 2, "", 1, Reason.SUCCESS);
    same(at, "g", 2, at, 64, Reason.SUCCESS);
    same("", "g", 2, "", 1, Reason.SUCCESS);
    same("c-1", "peer", 1, "", 1, Reason.SUCCESS);
    same("c-1", "c".repeat(41), 2, "", 1, Reason.SUCCESS);
    same(over, "g", 2, "", 1, Reason.PAYLOAD_DECODE_ERROR);
    same("c-1", "g", 2, over, 1, Reason.PAYLOAD_DECODE_ERROR);
    same("c-1", "g", 2, "", 65, Reason.PAYLOAD_DECODE_ERROR);
    same("c-1", "c".repeat(42), 2, "", 1, Reason.CHANNEL_ID_ERROR);
    same("c-1", "g#1", 2, "", 1, Reason.CHANNEL_ID_ERROR);
    same("c-1", " ", 2, "", 1, Reason.CHANNEL_ID_ERROR);
    same("c-1", "x@y", 1, "", 1, Reason.CHANNEL_ID_ERROR);
    same("c-1", "bot", 11, "", 1, Reason.CHANNEL_ID_ERROR);
    same("c-1", "g", 99, "", 1, Reason.NOT_SUPPORT_CHANNEL_TYPE);
    same("c-1", "g", 0, "", 1, Reason.NOT_SUPPORT_CHANNEL_TYPE);
  }

  @Test
  void theGatewayMapsEachFailureToOneReason() {
    assertEquals(Reason.MSG_KEY_ERROR, ClientReasons.sendack(JindouException.invalid(Reason.MSG_KEY_ERROR, "k")));
    assertEquals(Reason.CHANNEL_ID_ERROR, ClientReasons.sendack(JindouException.invalid("no reason given")));
    assertEquals(Reason.SUBSCRIBER_NOT_EXIST, ClientReasons.sendack(JindouException.denied(3, "not a member")));
    assertEquals(Reason.RATE_LIMIT, ClientReasons.sendack(new JindouException(JindouException.Kind.RATE_LIMITED,
        Reason.RATE_LIMIT, "slow")));
    assertEquals(Reason.SYSTEM_ERROR, ClientReasons.sendack(JindouException.unavailable("owner gone")));
    assertEquals(Reason.SYSTEM_ERROR, ClientReasons.sendack(new JindouException(JindouException.Kind.INTERNAL,
        Reason.UNKNOWN, "bug")));
    assertEquals(Reason.SYSTEM_ERROR, ClientReasons.sendack(new IllegalStateException("bug")));
    assertEquals(Reason.AUTH_FAIL, ClientReasons.connack(new JindouException(JindouException.Kind.UNAUTHORIZED,
        Reason.UNKNOWN, "token")));
    assertEquals(Reason.BAN, ClientReasons.connack(JindouException.denied(Reason.BAN, "banned")));
    assertEquals(Reason.SYSTEM_ERROR, ClientReasons.connack(new IllegalStateException("store down")));
  }
}
