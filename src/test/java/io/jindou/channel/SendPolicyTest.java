package io.jindou.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jindou.model.PersonChannels;
import io.jindou.model.ChannelFacts;
import io.jindou.model.ChannelInfo;
import io.jindou.model.ChannelKey;
import io.jindou.model.ChannelType;
import io.jindou.model.JindouException;
import io.jindou.model.Message;
import io.jindou.model.Reason;
import io.jindou.model.SendCommand;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Who may send where, reason by reason (spec http-api §2.11): each refusal carries its WuKongIM reason code,
 * checks come in the documented order, and the exemptions (system senders, the trusted device,
 * request-scoped recipients, the visitor of a visitors channel, the parties of an agent channel) hold.
 */
class SendPolicyTest {
  private static final ChannelInfo OPEN = ChannelInfo.DEFAULT;
  private static final ChannelInfo BANNED = new ChannelInfo(true, false, false, false, false);
  private static final ChannelInfo DISBANDED = new ChannelInfo(false, true, false, false, false);
  private static final ChannelInfo SEND_BAN = new ChannelInfo(false, false, true, false, false);
  private static final ChannelInfo STRANGERS = new ChannelInfo(false, false, false, true, false);

  private final SendPolicy policy = new SendPolicy(uid -> uid.startsWith("sys"), false);
  private final SendPolicy whitelisting = new SendPolicy(uid -> uid.startsWith("sys"), true);

  private static SendCommand send(String from, ChannelKey ch) {
    return command(from, ch, false, List.of());
  }

  private static SendCommand command(String from, ChannelKey ch, boolean trustedDevice, List<String> subscribers) {
    Message draft = new Message(0, 0, "c", null, from, ch.id(), ch.type(), 0, 0, false, false, false, 0, null, null,
        new byte[] {1});
    return new SendCommand(draft, trustedDevice, subscribers, false);
  }

  /** A channel as its owner holds it: null info = never created. */
  private static ChannelState channel(ChannelInfo info, Set<String> subscribers, Set<String> black,
      Set<String> white) {
    ChannelState st = new ChannelState();
    st.info = info;
    st.subscribers = new HashSet<>(subscribers);
    st.blacklist = black;
    st.whitelist = white;
    st.busy = false;
    return st;
  }

  private static ChannelState group(ChannelInfo info, String... subscribers) {
    return channel(info, Set.of(subscribers), Set.of(), Set.of());
  }

  private static ChannelFacts person(ChannelInfo info, Set<String> black, Set<String> white) {
    return new ChannelFacts(info, black, white);
  }

  private static int refused(Executable check) {
    JindouException e = assertThrows(JindouException.class, check);
    assertEquals(JindouException.Kind.DENIED, e.kind(), e.getMessage());
    return e.reason();
  }

  private static final ChannelKey G = new ChannelKey("g", ChannelType.GROUP);

  @Test
  void aSubscriberOfAnOpenGroupMaySend() {
    policy.check(send("u", G), group(OPEN, "u"), null, null);
    policy.check(send("u", G), group(OPEN, "u"), person(null, Set.of(), Set.of()), null);
  }

  @Test
  void groupRefusalsCarryTheirReasonInTheDocumentedOrder() {
    assertEquals(Reason.CHANNEL_NOT_EXIST, refused(() -> policy.check(send("u", G), group(null), null, null)));
    assertEquals(Reason.BAN, refused(() -> policy.check(send("u", G),
        group(new ChannelInfo(true, true, false, false, false), "u"), null, null)), "ban before disband");
    assertEquals(Reason.DISBAND, refused(() -> policy.check(send("u", G), group(DISBANDED, "u"), null, null)));
    assertEquals(Reason.IN_BLACKLIST, refused(() -> policy.check(send("u", G),
        channel(OPEN, Set.of(), Set.of("u"), Set.of()), null, null)), "blacklist before membership");
    assertEquals(Reason.SUBSCRIBER_NOT_EXIST, refused(() -> policy.check(send("u", G), group(OPEN, "v"), null,
        null)));
    assertEquals(Reason.NOT_IN_WHITELIST, refused(() -> policy.check(send("u", G),
        channel(OPEN, Set.of("u", "w"), Set.of(), Set.of("w")), null, null)));
    policy.check(send("w", G), channel(OPEN, Set.of("u", "w"), Set.of(), Set.of("w")), null, null);
  }

  @Test
  void everyOtherChannelTypeFollowsGroupRules() {
    for (int type : List.of(ChannelType.COMMUNITY, ChannelType.COMMUNITY_TOPIC, ChannelType.DATA, ChannelType.LIVE,
        ChannelType.AGENT_GROUP)) {
      ChannelKey ch = new ChannelKey("c", type);
      assertEquals(Reason.CHANNEL_NOT_EXIST, refused(() -> policy.check(send("u", ch), group(null), null, null)));
      assertEquals(Reason.SUBSCRIBER_NOT_EXIST, refused(() -> policy.check(send("u", ch), group(OPEN), null, null)));
      policy.check(send("u", ch), group(OPEN, "u"), null, null);
    }
  }

  @Test
  void theSendersSendBanRefusesEverywhere() {
    ChannelFacts banned = person(SEND_BAN, Set.of(), Set.of());
    assertEquals(Reason.SEND_BAN, refused(() -> policy.check(send("u", G), group(OPEN, "u"), banned, null)));
    assertEquals(Reason.SEND_BAN, refused(() -> policy.check(send("u", new ChannelKey("u@v", ChannelType.PERSON)),
        group(null), banned, null)));
    assertEquals(Reason.SEND_BAN, refused(() -> policy.check(send("u", new ChannelKey("i", ChannelType.INFO)),
        group(null), banned, null)), "before the per-type rules");
  }

  @Test
  void aSystemSenderIsOnlyRefusedByDisband() {
    ChannelFacts banned = person(SEND_BAN, Set.of(), Set.of());
    policy.check(send("sys1", G), group(BANNED), banned, null);
    policy.check(send("sys1", G), channel(OPEN, Set.of(), Set.of("sys1"), Set.of("x")), null, null);
    policy.check(send("sys1", G), group(null), null, null);
    assertEquals(Reason.DISBAND, refused(() -> policy.check(send("sys1", G), group(DISBANDED), null, null)));
    assertEquals(true, policy.isSystemSender(send("sys1", G)));
  }

  @Test
  void theTrustedDeviceIsASystemSenderWhateverItsUid() {
    SendCommand device = command("u", G, true, List.of());
    assertEquals(true, policy.isSystemSender(device));
    assertEquals(false, policy.isSystemSender(send("u", G)));
    policy.check(device, group(BANNED), person(SEND_BAN, Set.of(), Set.of()), null);
    assertEquals(Reason.DISBAND, refused(() -> policy.check(device, group(DISBANDED), null, null)));
  }

  @Test
  void requestScopedRecipientsPassEveryCheck() {
    SendCommand scoped = command("u", new ChannelKey("t", ChannelType.TEMP), false, List.of("a", "b"));
    policy.check(scoped, group(DISBANDED), person(SEND_BAN, Set.of(), Set.of()), null);
  }

  @Test
  void personChannelsFollowTheReceiversListsAndFlags() {
    ChannelKey p = new ChannelKey(PersonChannels.canonical("u", "r"), ChannelType.PERSON);
    ChannelState none = group(null);
    policy.check(send("u", p), none, null, null);
    policy.check(send("u", p), none, null, person(null, Set.of(), Set.of()));
    assertEquals(Reason.IN_BLACKLIST, refused(() -> policy.check(send("u", p), none, null,
        person(null, Set.of("u"), Set.of()))));
    policy.check(send("u", p), none, null, person(null, Set.of(), Set.of("x")));
    assertEquals(Reason.NOT_IN_WHITELIST, refused(() -> whitelisting.check(send("u", p), none, null,
        person(null, Set.of(), Set.of()))), "with the person whitelist on, strangers are refused");
    whitelisting.check(send("u", p), none, null, person(null, Set.of(), Set.of("u")));
    whitelisting.check(send("u", p), none, null, person(STRANGERS, Set.of(), Set.of()));
    assertEquals(Reason.IN_BLACKLIST, refused(() -> whitelisting.check(send("u", p), none, null,
        person(STRANGERS, Set.of("u"), Set.of("u")))), "the blacklist wins over the whitelist");
    assertEquals(Reason.DISBAND, refused(() -> policy.check(send("u", p), group(DISBANDED), null, null)));
    ChannelKey toSystem = new ChannelKey(PersonChannels.canonical("u", "sys9"), ChannelType.PERSON);
    whitelisting.check(send("u", toSystem), none, null, person(null, Set.of("u"), Set.of()));
  }

  @Test
  void onlyTheTwoPartiesMaySendToAnAgentChannel() {
    ChannelKey agent = new ChannelKey("u@bot", ChannelType.AGENT);
    policy.check(send("u", agent), group(null), null, null);
    policy.check(send("bot", agent), group(null), null, null);
    assertEquals(Reason.NOT_ALLOW_SEND, refused(() -> policy.check(send("x", agent), group(null), null, null)));
    assertEquals(Reason.NOT_ALLOW_SEND, refused(() -> policy.check(send("u", new ChannelKey("u", ChannelType.AGENT)),
        group(null), null, null)), "an agent id without two parties has none");
    assertEquals(Reason.DISBAND, refused(() -> policy.check(send("u", agent), group(DISBANDED), null, null)));
  }

  @Test
  void theVisitorMayAlwaysSendAndOthersFollowGroupRules() {
    ChannelKey visitors = new ChannelKey("guest", ChannelType.VISITORS);
    policy.check(send("guest", visitors), group(null), null, null);
    assertEquals(Reason.DISBAND, refused(() -> policy.check(send("guest", visitors), group(DISBANDED), null, null)));
    assertEquals(Reason.CHANNEL_NOT_EXIST, refused(() -> policy.check(send("agent1", visitors), group(null), null,
        null)));
    assertEquals(Reason.SUBSCRIBER_NOT_EXIST, refused(() -> policy.check(send("agent1", visitors), group(OPEN),
        null, null)));
    policy.check(send("agent1", visitors), group(OPEN, "agent1"), null, null);
  }

  @Test
  void infoCustomerServiceAndTempChannelsAreOnlyClosedByDisband() {
    for (int type : List.of(ChannelType.INFO, ChannelType.CUSTOMER_SERVICE, ChannelType.TEMP)) {
      ChannelKey ch = new ChannelKey("c", type);
      policy.check(send("anyone", ch), group(null), null, null);
      policy.check(send("anyone", ch), channel(BANNED, Set.of(), Set.of("anyone"), Set.of("x")), null, null);
      assertEquals(Reason.DISBAND, refused(() -> policy.check(send("anyone", ch), group(DISBANDED), null, null)));
    }
  }
}
