package io.jindou.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.model.ChannelInfo;
import io.jindou.model.ChannelKey;
import io.jindou.model.ChannelType;
import io.jindou.model.Message;
import io.jindou.model.SendCommand;
import io.jindou.store.MembershipPlan;
import io.jindou.store.MessagePlan;
import io.jindou.store.MessagePlan.OpenRow;
import io.jindou.store.MessagePlan.OwnLastSeq;
import io.jindou.store.NewRow;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The decisions of the send path that need no I/O: who a message goes to, per channel type, and what storing
 * it writes (its write plan), per channel type — and the membership plans of the same rules.
 */
class SendFlowDecisionsTest {
  private static Message draft(String from, ChannelKey ch) {
    return new Message(7, 0, "c", null, from, ch.id(), ch.type(), 1, 0, false, false, false, 0, null, null,
        new byte[] {1});
  }

  private static SendCommand send(String from, ChannelKey ch) {
    return new SendCommand(draft(from, ch), false, List.of(), false);
  }

  private static ChannelState subscribed(String... uids) {
    ChannelState st = new ChannelState();
    st.info = ChannelInfo.DEFAULT;
    st.subscribers = new HashSet<>(Set.of(uids));
    return st;
  }

  private static Set<String> recipients(SendCommand cmd, ChannelState st) {
    return Set.copyOf(SendFlow.recipients(cmd, st));
  }

  @Test
  void aPersonOrAgentMessageGoesToItsTwoParties() {
    ChannelState none = new ChannelState();
    assertEquals(List.of("a", "b"), SendFlow.recipients(send("a", new ChannelKey("a@b", ChannelType.PERSON)), none));
    assertEquals(List.of("a"), SendFlow.recipients(send("a", new ChannelKey("a@a", ChannelType.PERSON)), none),
        "self-chat: one recipient");
    assertEquals(List.of("u", "bot"), SendFlow.recipients(send("u", new ChannelKey("u@bot", ChannelType.AGENT)),
        none));
    assertEquals(List.of("solo"), SendFlow.recipients(send("x", new ChannelKey("solo", ChannelType.PERSON)), none));
  }

  @Test
  void aGroupLikeMessageGoesToTheSubscribersSnapshot() {
    ChannelState st = subscribed("a", "b", "c");
    for (int type : List.of(ChannelType.GROUP, ChannelType.COMMUNITY, ChannelType.INFO, ChannelType.DATA,
        ChannelType.LIVE, ChannelType.CUSTOMER_SERVICE, ChannelType.AGENT_GROUP)) {
      Collection<String> to = SendFlow.recipients(send("a", new ChannelKey("g", type)), st);
      assertEquals(Set.of("a", "b", "c"), Set.copyOf(to), "type " + type);
      assertThrows(UnsupportedOperationException.class, () -> to.add("x"), "listeners get a read-only view");
    }
  }

  @Test
  void aVisitorsMessageAlsoGoesToTheVisitor() {
    ChannelState st = subscribed("agent1", "agent2");
    assertEquals(Set.of("agent1", "agent2", "guest"),
        recipients(send("agent1", new ChannelKey("guest", ChannelType.VISITORS)), st));
    assertEquals(Set.of("agent1", "agent2"), st.subscribers, "the channel's own set is not changed");
  }

  @Test
  void requestScopedRecipientsAreExactlyThoseNamed() {
    SendCommand scoped = new SendCommand(draft("u", new ChannelKey("t", ChannelType.TEMP)), false,
        List.of("x", "y"), false);
    assertEquals(List.of("x", "y"), SendFlow.recipients(scoped, subscribed("a")));
  }

  @Test
  void aGroupMessageRecordsOnlyTheSendersOwnSeq() {
    for (int type : List.of(ChannelType.GROUP, ChannelType.COMMUNITY, ChannelType.COMMUNITY_TOPIC, ChannelType.INFO,
        ChannelType.CUSTOMER_SERVICE, ChannelType.VISITORS, ChannelType.AGENT, ChannelType.AGENT_GROUP)) {
      Message m = draft("s", new ChannelKey("g", type));
      MessagePlan plan = SendFlow.plan(send("s", new ChannelKey("g", type)), m);
      assertEquals(m, plan.draft());
      assertTrue(plan.lookUpKey());
      assertEquals(List.of(new OwnLastSeq("s")), plan.effects(), "type " + type + ": never a row per recipient");
    }
  }

  @Test
  void aPersonMessageOpensBothRowsAtTheFirstMessageThenRecordsTheSendersSeq() {
    ChannelKey p = new ChannelKey("a@b", ChannelType.PERSON);
    assertEquals(List.of(new OpenRow("a", NewRow.EMPTY, true), new OpenRow("b", NewRow.EMPTY, true),
        new OwnLastSeq("b")), SendFlow.plan(send("b", p), draft("b", p)).effects());
    ChannelKey self = new ChannelKey("a@a", ChannelType.PERSON);
    assertEquals(List.of(new OpenRow("a", NewRow.EMPTY, true), new OwnLastSeq("a")),
        SendFlow.plan(send("a", self), draft("a", self)).effects());
  }

  @Test
  void channelsWithoutConversationsAndCommandLogsWriteNoRows() {
    for (int type : List.of(ChannelType.DATA, ChannelType.TEMP, ChannelType.LIVE)) {
      ChannelKey ch = new ChannelKey("d", type);
      assertEquals(List.of(), SendFlow.plan(send("s", ch), draft("s", ch)).effects(), "type " + type);
    }
    for (ChannelKey log : List.of(new ChannelKey("g", ChannelType.GROUP).commandLog(),
        new ChannelKey("a@b", ChannelType.PERSON).commandLog())) {
      assertEquals(List.of(), SendFlow.plan(send("a", log), draft("a", log)).effects(), log.id());
    }
  }

  @Test
  void aGeneratedClientMsgNoIsNotLookedUp() {
    ChannelKey g = new ChannelKey("g", ChannelType.GROUP);
    SendCommand generated = new SendCommand(draft("s", g), false, List.of(), true);
    assertFalse(SendFlow.plan(generated, draft("s", g)).lookUpKey());
    assertTrue(SendFlow.plan(generated.resent(), draft("s", g)).lookUpKey(), "a resend may find the first attempt");
  }

  @Test
  void membershipPlansGiveJoinersARowAtTheHeadWhereChannelsKeepConversations() {
    ChannelInfo info = ChannelInfo.DEFAULT;
    for (int type : List.of(ChannelType.GROUP, ChannelType.PERSON, ChannelType.COMMUNITY, ChannelType.VISITORS)) {
      MembershipPlan plan = WritePlans.membership(new ChannelKey("g", type), info, true, List.of("a"), List.of("b"));
      assertEquals(new NewRow(NewRow.Cursor.HEAD, NewRow.Cursor.ZERO, NewRow.Cursor.HEAD, NewRow.Cursor.ZERO,
          NewRow.Cursor.COMMAND_HEAD), plan.joinRow(), "type " + type);
      assertTrue(plan.leaverRowsRemoved());
      assertEquals(List.of("a"), plan.add());
      assertEquals(List.of("b"), plan.remove());
      assertTrue(plan.reset());
    }
    for (int type : List.of(ChannelType.DATA, ChannelType.TEMP, ChannelType.LIVE)) {
      MembershipPlan plan = WritePlans.membership(new ChannelKey("d", type), info, false, List.of("a"), List.of());
      assertNull(plan.joinRow(), "type " + type);
      assertFalse(plan.leaverRowsRemoved());
    }
  }
}
