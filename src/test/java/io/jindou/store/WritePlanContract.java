package io.jindou.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jindou.model.ChannelInfo;
import io.jindou.model.ChannelKey;
import io.jindou.model.Message;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The write-plan part of the store contract: every {@link MessagePlan} effect and every rule of a
 * {@link MembershipPlan}, applied exactly as written whatever the channel type — a store applies plans and
 * decides nothing (which rows a write touches is the domain's {@code channel.WritePlans}). Run on RocksDB, Redis
 * and Redis Cluster through {@link StoreContract}.
 */
public abstract class WritePlanContract extends MutationContract {
  private static final NewRow AT_HEADS = new NewRow(NewRow.Cursor.HEAD, NewRow.Cursor.ZERO, NewRow.Cursor.HEAD,
      NewRow.Cursor.ZERO, NewRow.Cursor.COMMAND_HEAD);
  private static final NewRow DELETED_AT_HEAD = new NewRow(NewRow.Cursor.ZERO, NewRow.Cursor.HEAD,
      NewRow.Cursor.ZERO, NewRow.Cursor.ZERO, NewRow.Cursor.ZERO);

  private MessageStore.Appended appendOne(Message draft, MessagePlan.Effect... effects) throws Exception {
    return await(store.messages().append(List.of(new MessagePlan(draft, true, List.of(effects))))).get(0);
  }

  private ConversationStore.Row row(String uid, ChannelKey ch) throws Exception {
    ConversationStore.RowWithHead r = await(store.conversations().get(uid, ch));
    return r == null ? null : r.row();
  }

  /** "joinFloor,deleteFloor,readSeq,ownLastSeq,cmdAckSeq" of the user's row, or null. */
  private String cursors(String uid, ChannelKey ch) throws Exception {
    ConversationStore.Row r = row(uid, ch);
    return r == null ? null
        : r.joinFloor() + "," + r.deleteFloor() + "," + r.readSeq() + "," + r.ownLastSeq() + "," + r.cmdAckSeq();
  }

  @Test
  void aPlanWithoutEffectsWritesNoRowEvenOnAPersonChannel() throws Exception {
    ChannelKey p = new ChannelKey("na@nb", 1);
    await(store.messages().append(List.of(MessagePlan.of(draft(p, "na", "", "hi", 1), true))));
    assertEquals(1L, await(store.messages().lastSeq(p)));
    assertNull(row("na", p), "rows come from the plan, never from the store's own idea of a person channel");
    assertNull(row("nb", p));
    assertEquals(List.of(), await(store.conversations().list("nb")));
  }

  @Test
  void anOpenRowEffectCreatesTheRowFromItsTemplateOnlyWhereAbsent() throws Exception {
    ChannelKey ch = new ChannelKey("eopen", 7); // a data channel: the store does not care
    await(store.messages().append(List.of(MessagePlan.of(draft(ch.commandLog(), "x", "", "c1", 1), true),
        MessagePlan.of(draft(ch.commandLog(), "x", "", "c2", 2), true))));
    appendOne(draft(ch, "x", "", "1", 3), new MessagePlan.OpenRow("a", NewRow.EMPTY, false),
        new MessagePlan.OpenRow("b", AT_HEADS, false));
    assertEquals("0,0,0,0,0", cursors("a", ch));
    assertEquals("1,0,1,0,2", cursors("b", ch), "head = the message's own seq, command head = its log's head");
    appendOne(draft(ch, "x", "", "2", 4), new MessagePlan.OpenRow("b", NewRow.EMPTY, false),
        new MessagePlan.OpenRow("c", DELETED_AT_HEAD, false));
    assertEquals("1,0,1,0,2", cursors("b", ch), "an existing row is left as it is");
    assertEquals("0,2,0,0,0", cursors("c", ch));
    assertEquals(List.of(ch), await(store.conversations().list("c")).stream().map(r -> r.row().channel()).toList(),
        "a created row is listed for its user");
  }

  @Test
  void aFirstMessageOnlyOpenRowAppliesOnlyToSequenceOne() throws Exception {
    ChannelKey ch = new ChannelKey("efirst", 2);
    appendOne(draft(ch, "x", "", "1", 1), new MessagePlan.OpenRow("a", NewRow.EMPTY, true));
    appendOne(draft(ch, "x", "", "2", 2), new MessagePlan.OpenRow("b", NewRow.EMPTY, true));
    assertEquals("0,0,0,0,0", cursors("a", ch));
    assertNull(row("b", ch), "the second message of the log creates nothing");
    ChannelKey other = new ChannelKey("efirst2", 2);
    await(store.messages().append(List.of(
        new MessagePlan(draft(other, "x", "", "1", 3), true, List.of(new MessagePlan.OpenRow("c", NewRow.EMPTY, true))),
        new MessagePlan(draft(other, "x", "", "2", 4), true,
            List.of(new MessagePlan.OpenRow("d", NewRow.EMPTY, true))))));
    assertEquals("0,0,0,0,0", cursors("c", other), "in one call, the first plan got seq 1");
    assertNull(row("d", other));
  }

  @Test
  void anOwnLastSeqEffectMovesAnExistingRowAndCreatesNone() throws Exception {
    ChannelKey ch = new ChannelKey("eown", 8); // a temp channel: the store does not care
    appendOne(draft(ch, "x", "", "1", 1), new MessagePlan.OpenRow("s", NewRow.EMPTY, false));
    appendOne(draft(ch, "s", "", "2", 2), new MessagePlan.OwnLastSeq("s"), new MessagePlan.OwnLastSeq("t"));
    assertEquals("0,0,0,2,0", cursors("s", ch));
    assertNull(row("t", ch), "an own-seq effect never creates a row");
    appendOne(draft(ch, "x", "", "3", 3), new MessagePlan.OwnLastSeq("s"));
    assertEquals(3L, row("s", ch).ownLastSeq(), "the effect names the uid; the sender does not matter");
  }

  @Test
  void effectsApplyInOrderAndOnlyWhenTheMessageIsStored() throws Exception {
    ChannelKey ch = new ChannelKey("eorder", 2);
    appendOne(draft(ch, "u", "", "1", 1), new MessagePlan.OpenRow("u", NewRow.EMPTY, false),
        new MessagePlan.OwnLastSeq("u"));
    appendOne(draft(ch, "v", "", "2", 2), new MessagePlan.OwnLastSeq("v"),
        new MessagePlan.OpenRow("v", NewRow.EMPTY, false));
    assertEquals(1L, row("u", ch).ownLastSeq(), "the row created first is moved by the effect after it");
    assertEquals(0L, row("v", ch).ownLastSeq(), "the own-seq effect ran before the row existed");
    assertEquals(MessageStore.Outcome.STORED, appendOne(draft(ch, "k", "key", "p", 3)).outcome());
    assertEquals(MessageStore.Outcome.DUPLICATE,
        appendOne(draft(ch, "k", "key", "p", 4), new MessagePlan.OpenRow("dup", NewRow.EMPTY, false)).outcome());
    assertEquals(MessageStore.Outcome.CONFLICT,
        appendOne(draft(ch, "k", "key", "other", 5), new MessagePlan.OpenRow("conflict", NewRow.EMPTY, false),
            new MessagePlan.OwnLastSeq("u")).outcome());
    assertNull(row("dup", ch), "a duplicate writes none of its effects");
    assertNull(row("conflict", ch), "a conflict writes none of its effects");
    assertEquals(1L, row("u", ch).ownLastSeq());
  }

  @Test
  void effectsOfPlansInOneCallComposeInOrder() throws Exception {
    ChannelKey ch = new ChannelKey("ebatch", 2);
    List<MessageStore.Appended> r = await(store.messages().append(List.of(
        new MessagePlan(draft(ch, "x", "", "1", 1), true, List.of(new MessagePlan.OpenRow("u", AT_HEADS, false))),
        new MessagePlan(draft(ch, "u", "", "2", 2), true, List.of(new MessagePlan.OwnLastSeq("u"))),
        new MessagePlan(draft(ch, "x", "", "3", 3), true,
            List.of(new MessagePlan.OpenRow("u", NewRow.EMPTY, false))))));
    assertEquals(List.of(1L, 2L, 3L), r.stream().map(a -> a.message().messageSeq()).toList());
    assertEquals("1,0,1,2,0", cursors("u", ch), "later plans of a call see the rows of earlier ones");
  }

  @Test
  void aMembershipPlanGivesItsJoinRowOnlyToMembersItAdds() throws Exception {
    ChannelKey ch = new ChannelKey("mjoin", 7); // a data channel: the store does not care
    await(store.messages().append(sends(draft(ch, "x", "", "1", 1), draft(ch, "x", "", "2", 2))));
    await(store.messages().append(List.of(MessagePlan.of(draft(ch.commandLog(), "x", "", "c", 3), true))));
    await(store.channels().update(new MembershipPlan(ch, ChannelInfo.DEFAULT, false, List.of("a"), List.of(),
        AT_HEADS, true)));
    assertEquals("2,0,2,0,1", cursors("a", ch));
    await(store.messages().append(sends(draft(ch, "x", "", "3", 4))));
    await(store.channels().update(new MembershipPlan(ch, ChannelInfo.DEFAULT, false, List.of("a", "b"), List.of(),
        DELETED_AT_HEAD, true)));
    assertEquals("2,0,2,0,1", cursors("a", ch), "a member already subscribed does not join again");
    assertEquals("0,3,0,0,0", cursors("b", ch), "the template is the plan's, filled with the head");
    await(store.channels().update(new MembershipPlan(ch, ChannelInfo.DEFAULT, true, List.of("b", "c"), List.of(),
        AT_HEADS, true)));
    assertEquals("0,3,0,0,0", cursors("b", ch), "re-added by a reset: still a member, row kept");
    assertEquals("3,0,3,0,1", cursors("c", ch));
    assertNull(row("a", ch), "dropped by the reset");
    await(store.channels().update(new MembershipPlan(ch, ChannelInfo.DEFAULT, false, List.of("d"), List.of(), null,
        true)));
    assertEquals(Set.of("b", "c", "d"), await(store.channels().load(ch)).subscribers());
    assertNull(row("d", ch), "no join row: the member gets none");
  }

  @Test
  void aMembershipPlanRemovesRowsOnlyOfMembersItEndsAndOnlyWhenAsked() throws Exception {
    ChannelKey ch = new ChannelKey("mleave", 2);
    await(store.channels().update(new MembershipPlan(ch, ChannelInfo.DEFAULT, false, List.of("a", "b", "c"),
        List.of(), NewRow.EMPTY, true)));
    appendOne(draft(ch, "x", "", "1", 1), new MessagePlan.OpenRow("outsider", NewRow.EMPTY, false));
    await(store.channels().update(new MembershipPlan(ch, ChannelInfo.DEFAULT, false, List.of(), List.of("a"),
        NewRow.EMPTY, false)));
    assertEquals(Set.of("b", "c"), await(store.channels().load(ch)).subscribers());
    assertEquals("0,0,0,0,0", cursors("a", ch), "leaver rows kept when the plan says so");
    await(store.channels().update(new MembershipPlan(ch, ChannelInfo.DEFAULT, false, List.of(),
        List.of("b", "outsider"), NewRow.EMPTY, true)));
    assertNull(row("b", ch));
    assertEquals("0,0,0,0,0", cursors("outsider", ch), "not a subscriber, so not a leaver: its row stays");
    await(store.channels().update(new MembershipPlan(ch, ChannelInfo.DEFAULT, true, List.of(), List.of(),
        NewRow.EMPTY, false)));
    assertEquals(Set.of(), await(store.channels().load(ch)).subscribers());
    assertEquals("0,0,0,0,0", cursors("c", ch), "a reset keeps rows when the plan says so");
    await(store.channels().update(new MembershipPlan(ch, ChannelInfo.DEFAULT, false, List.of("c"), List.of(),
        null, true)));
    await(store.channels().update(new MembershipPlan(ch, ChannelInfo.DEFAULT, true, List.of(), List.of(), null,
        true)));
    assertNull(row("c", ch), "a reset drops the rows of the members it ends");
    assertEquals("0,0,0,0,0", cursors("a", ch), "a is no member any more: the reset does not end it");
  }

  @Test
  void theDomainsMembershipPlanKeepsNoRowsForADataChannel() throws Exception {
    ChannelKey data = new ChannelKey("mdata", 7);
    await(changeMembers(data, ChannelInfo.DEFAULT, false, List.of("u"), List.of()));
    assertEquals(Set.of("u"), await(store.channels().load(data)).subscribers());
    assertNull(row("u", data));
    await(store.messages().append(sends(draft(data, "u", "", "1", 1))));
    assertNull(row("u", data));
  }
}
