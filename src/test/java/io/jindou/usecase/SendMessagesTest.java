package io.jindou.usecase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.channel.ChannelService;
import io.jindou.model.PersonChannels;
import io.jindou.cluster.Addresses;
import io.jindou.cluster.LocalMembership;
import io.jindou.model.ChannelKey;
import io.jindou.model.ChannelType;
import io.jindou.model.JindouException;
import io.jindou.model.Reason;
import io.jindou.model.RecordCodec;
import io.jindou.model.SendCommand;
import io.jindou.model.SendResult;
import io.jindou.user.RateLimiter;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The checks and normalisation every send gets, whichever edge built the request: the configured limits, the
 * reason each refusal carries for a SENDACK, and the mapping of person, agent, command and request-scoped
 * channels.
 */
class SendMessagesTest {
  static final Limits LIMITS = new Limits(20, 64);
  static final SendMessages SENDS = new SendMessages(null, new RateLimiter(0, 0), uid -> false, LIMITS);

  static SendRequest group(String from, String channelId) {
    return new SendRequest(from, channelId, ChannelType.GROUP, null, "cmn-1", null, null, null, 0, 0, false, false,
        false, new byte[] {1}, SendRequest.Origin.API);
  }

  static SendRequest with(SendRequest r, String clientMsgNo, String streamNo, String topic, String tagKey,
      byte[] payload) {
    return new SendRequest(r.fromUid(), r.channelId(), r.channelType(), r.subscribers(), clientMsgNo, streamNo, topic,
        tagKey, r.expire(), r.setting(), r.noPersist(), r.redDot(), r.syncOnce(), payload, r.origin());
  }

  static SendRequest channel(SendRequest r, String channelId, int type, List<String> subscribers, boolean syncOnce) {
    return new SendRequest(r.fromUid(), channelId, type, subscribers, r.clientMsgNo(), r.streamNo(), r.topic(),
        r.tagKey(), r.expire(), r.setting(), r.noPersist(), r.redDot(), syncOnce, r.payload(), r.origin());
  }

  static void refused(SendRequest r, int reason, String mention) {
    JindouException e = assertThrows(JindouException.class, () -> SENDS.check(r), mention);
    assertEquals(JindouException.Kind.INVALID, e.kind());
    assertEquals(reason, e.reason(), e.getMessage());
    assertTrue(e.getMessage().contains(mention), e.getMessage() + " should mention " + mention);
  }

  @Test
  void idMaxLengthBoundsEveryWireStringAtTheConfiguredLimit() {
    SendRequest ok = group("u", "g");
    String at = "x".repeat(20);
    String over = "x".repeat(21);
    assertEquals(at, SENDS.check(with(ok, at, at, at, at, new byte[1])).draft().clientMsgNo());
    refused(with(ok, over, null, null, null, new byte[1]), Reason.PAYLOAD_DECODE_ERROR,
        "client_msg_no is 21 characters long, over the limit of 20");
    refused(with(ok, null, over, null, null, new byte[1]), Reason.PAYLOAD_DECODE_ERROR, "stream_no");
    refused(with(ok, null, null, over, null, new byte[1]), Reason.PAYLOAD_DECODE_ERROR, "topic");
    refused(with(ok, null, null, null, over, new byte[1]), Reason.PAYLOAD_DECODE_ERROR, "tag_key");
    refused(group(over, "g"), Reason.AUTH_FAIL, "from_uid is 21 characters long");
    String longest = "c".repeat(41); // uid@uid: twice the limit plus one
    assertEquals(longest, SENDS.check(group("u", longest)).draft().channelId());
    refused(group("u", longest + "c"), Reason.CHANNEL_ID_ERROR,
        "channel_id is 42 characters long, over the limit of 41");
  }

  @Test
  void payloadMaxBytesIsTheLimit() {
    SendRequest ok = group("u", "g");
    assertEquals(64, SENDS.check(with(ok, "c", null, null, null, new byte[64])).draft().payload().length);
    refused(with(ok, "c", null, null, null, new byte[65]), Reason.PAYLOAD_DECODE_ERROR,
        "payload is 65 bytes, over the limit of 64");
  }

  @Test
  void channelTypeAndIdRefusalsCarryTheirSendackReasons() {
    SendRequest ok = group("u", "g");
    refused(channel(ok, "g", -1, null, false), Reason.NOT_SUPPORT_CHANNEL_TYPE, "channel_type is required");
    refused(channel(ok, "g", 0, null, false), Reason.NOT_SUPPORT_CHANNEL_TYPE, "one of 1..12, got 0");
    refused(channel(ok, "g", 99, null, false), Reason.NOT_SUPPORT_CHANNEL_TYPE, "got 99");
    refused(channel(ok, null, 2, null, false), Reason.CHANNEL_ID_ERROR, "channel_id is required");
    refused(channel(ok, "  ", 2, null, false), Reason.CHANNEL_ID_ERROR, "must not be blank");
    refused(channel(ok, "g#1", 2, null, false), Reason.CHANNEL_ID_ERROR, "must not contain");
    refused(channel(ok, "bad\ud800", 2, null, false), Reason.CHANNEL_ID_ERROR, "not valid Unicode");
    refused(channel(ok, "agentonly", ChannelType.AGENT, null, false), Reason.CHANNEL_ID_ERROR, "uid@agentUid");
    refused(channel(ok, "a@b", ChannelType.PERSON, null, false), Reason.CHANNEL_ID_ERROR, "invalid person channel_id");
    refused(with(ok, "c\udc00", null, null, null, new byte[1]), Reason.PAYLOAD_DECODE_ERROR, "not valid Unicode");
    refused(group("u@v", "g"), Reason.AUTH_FAIL, "from_uid must not contain");
  }

  @Test
  void channelsAreMappedToTheirStorageKey() {
    SendRequest ok = group("alice", "g");
    assertEquals(new ChannelKey(PersonChannels.canonical("alice", "bob"), 1),
        SENDS.check(channel(ok, "bob", 1, null, false)).draft().channel());
    assertEquals(new ChannelKey(PersonChannels.canonical("alice", "bob"), 1),
        SENDS.check(channel(ok, "bob@alice", 1, null, false)).draft().channel(), "an a@b id re-encoded canonically");
    assertEquals(new ChannelKey("g____cmd", 2), SENDS.check(channel(ok, "g", 2, null, true)).draft().channel());
    assertEquals(new ChannelKey("alice@bot", 11), SENDS.check(channel(ok, "alice@bot", 11, null, false)).draft()
        .channel());
    SendCommand scoped = SENDS.check(channel(ok, null, -1, List.of(" b ", "a", "", "b"), true));
    assertEquals(List.of("b", "a"), scoped.subscribers(), "trimmed, blanks and duplicates dropped, order kept");
    assertEquals(ChannelType.TEMP, scoped.draft().channelType());
    assertTrue(scoped.draft().channel().isCommandLog());
    assertEquals(scoped.draft().channel(), SENDS.check(channel(ok, null, -1, List.of("b", "a"), true)).draft()
        .channel(), "the temp channel id depends only on the uids");
    refused(channel(ok, null, -1, List.of("a"), false), Reason.CHANNEL_ID_ERROR, "sync_once");
    refused(channel(ok, "g", 2, List.of("a"), true), Reason.CHANNEL_ID_ERROR, "cannot be combined");
    refused(channel(ok, null, -1, List.of(" "), true), Reason.CHANNEL_ID_ERROR, "at least one uid");
  }

  @Test
  void aMissingClientMsgNoIsGeneratedAndMarkedNew() {
    SendRequest ok = group("u", "g");
    SendCommand given = SENDS.check(ok);
    assertEquals("cmn-1", given.draft().clientMsgNo());
    assertFalse(given.newClientMsgNo());
    for (String none : new String[] {null, "", "  "}) {
      SendCommand generated = SENDS.check(with(ok, none, null, null, null, new byte[1]));
      assertEquals(33, generated.draft().clientMsgNo().length());
      assertTrue(generated.newClientMsgNo(), "no stored message can carry a fresh one");
    }
  }

  @Test
  void onlyAnApiCallMayBeTheSystemDevice() {
    SendRequest ok = group("u", "g");
    SendRequest api = new SendRequest("u", "g", 2, null, "c", null, null, null, 0, 0, false, false, false,
        new byte[1], SendRequest.Origin.api("____device"));
    SendCommand trusted = SENDS.check(api);
    assertTrue(trusted.trustedDevice());
    assertEquals(-1, trusted.originNode());
    SendRequest client = new SendRequest("u", "g", 2, null, "c", null, null, null, 0, 0, false, false, false,
        new byte[1], new SendRequest.Origin(3, 42, "____device"));
    SendCommand fromClient = SENDS.check(client);
    assertFalse(fromClient.trustedDevice(), "a client cannot claim the system device");
    assertEquals(3, fromClient.originNode());
    assertEquals(42, fromClient.originConnId());
    assertFalse(SENDS.check(ok).trustedDevice());
  }

  @Test
  void theSendRateIsPerUidAndExemptsSystemSenders() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      vertx.eventBus().registerDefaultCodec(SendCommand.class, new RecordCodec<>(SendCommand.class));
      vertx.eventBus().registerDefaultCodec(SendResult.class, new RecordCodec<>(SendResult.class));
      LocalMembership membership = new LocalMembership(1, 1, 16);
      membership.announceReady();
      vertx.eventBus().<SendCommand>consumer(Addresses.owner(1, 0),
          m -> m.reply(new SendResult(1, 1, m.body().draft().clientMsgNo(), false))).completion()
          .await(10, TimeUnit.SECONDS);
      SendMessages sends = new SendMessages(new ChannelService(vertx, membership, 2000, 0), new RateLimiter(1, 1),
          "boss"::equals, LIMITS);
      sends.send(group("u", "g")).await(10, TimeUnit.SECONDS);
      JindouException limited = assertThrows(JindouException.class,
          () -> sends.send(group("u", "g")).await(10, TimeUnit.SECONDS));
      assertEquals(JindouException.Kind.RATE_LIMITED, limited.kind());
      assertEquals(Reason.RATE_LIMIT, limited.reason());
      sends.send(group("v", "g")).await(10, TimeUnit.SECONDS); // another uid has its own bucket
      for (int i = 0; i < 3; i++) {
        sends.send(group("boss", "g")).await(10, TimeUnit.SECONDS);
        sends.send(new SendRequest("u", "g", 2, null, null, null, null, null, 0, 0, false, false, false,
            new byte[1], SendRequest.Origin.api("____device"))).await(10, TimeUnit.SECONDS);
      }
      JindouException invalid = assertThrows(JindouException.class,
          () -> sends.send(group("w", "g#")).await(10, TimeUnit.SECONDS));
      assertEquals(Reason.CHANNEL_ID_ERROR, invalid.reason(), "a refused request fails the future");
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }
}
