package io.jindou.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jindou.channel.WritePlans;
import io.jindou.model.ChannelInfo;
import io.jindou.model.ChannelKey;
import io.jindou.model.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link Store} adapter must pass (RocksDB, Redis, Redis Cluster): sequencing, idempotency,
 * range reads, lookups, channel and user records, conversation rows as the domain's plans write them, and (in
 * {@link WritePlanContract}) every write-plan operation.
 */
public abstract class StoreContract extends StreamContract {

  @Test
  void appendAssignsContiguousSequencesPerChannel() throws Exception {
    ChannelKey a = new ChannelKey("a", 2);
    ChannelKey b = new ChannelKey("b", 2);
    List<MessageStore.Appended> r = await(store.messages().append(sends(draft(a, "u", "", "1", 1),
        draft(b, "u", "", "2", 2), draft(a, "u", "", "3", 3))));
    assertEquals(List.of(1L, 1L, 2L), r.stream().map(x -> x.message().messageSeq()).toList());
    assertEquals(3L, await(store.messages().append(sends(draft(a, "u", "", "4", 4)))).get(0).message().messageSeq());
    assertEquals(3L, await(store.messages().lastSeq(a)));
    assertEquals(0L, await(store.messages().lastSeq(new ChannelKey("a", 1))), "type is part of the key");
  }

  @Test
  void idempotencyReturnsOriginalOrConflict() throws Exception {
    ChannelKey ch = new ChannelKey("i", 2);
    MessageStore.Appended first = await(store.messages().append(sends(draft(ch, "u", "k", "p", 10)))).get(0);
    assertEquals(MessageStore.Outcome.STORED, first.outcome());
    List<MessageStore.Appended> again = await(store.messages().append(sends(draft(ch, "u", "k", "p", 11),
        draft(ch, "u", "k", "other", 12), draft(ch, "v", "k", "p", 13))));
    assertEquals(MessageStore.Outcome.DUPLICATE, again.get(0).outcome());
    assertEquals(10L, again.get(0).message().messageId());
    assertEquals(MessageStore.Outcome.CONFLICT, again.get(1).outcome());
    assertEquals(MessageStore.Outcome.STORED, again.get(2).outcome(), "the key includes from_uid");
    assertEquals(2L, again.get(2).message().messageSeq());
    List<MessageStore.Appended> inBatch = await(store.messages().append(sends(draft(ch, "w", "z", "p", 20),
        draft(ch, "w", "z", "p", 21))));
    assertEquals(MessageStore.Outcome.STORED, inBatch.get(0).outcome());
    assertEquals(MessageStore.Outcome.DUPLICATE, inBatch.get(1).outcome());
    assertEquals(3L, await(store.messages().lastSeq(ch)));
  }

  @Test
  void aNewKeyIsRecordedSoItsRetryIsADuplicate() throws Exception {
    ChannelKey ch = new ChannelKey("n", 2);
    MessageStore.Appended first = await(store.messages().append(List.of(
        WritePlans.message(draft(ch, "u", "gen1", "p", 30), true)))).get(0); // a generated key: no lookup
    assertEquals(MessageStore.Outcome.STORED, first.outcome());
    MessageStore.Appended retry = await(store.messages().append(sends(draft(ch, "u", "gen1", "p", 31)))).get(0);
    assertEquals(MessageStore.Outcome.DUPLICATE, retry.outcome(), "a resent command must find the stored one");
    assertEquals(30L, retry.message().messageId());
    assertEquals(1L, await(store.messages().lastSeq(ch)));
    assertEquals(1, await(store.messages().getByClientMsgNo(ch, "gen1")).size(), "findable by its client_msg_no");
  }

  @Test
  void rangeReadsAndLookups() throws Exception {
    ChannelKey ch = new ChannelKey("r", 2);
    List<Message> ds = new ArrayList<>();
    for (int i = 1; i <= 30; i++) {
      ds.add(draft(ch, "u", "c" + i, "p" + i, 100 + i));
    }
    await(store.messages().append(sends(ds)));
    assertEquals(List.of(5L, 6L, 7L), seqs(await(store.messages().readForward(ch, 5, 8, 10))));
    assertEquals(List.of(28L, 29L, 30L), seqs(await(store.messages().readForward(ch, 28, 0, 10))));
    assertEquals(List.of(8L, 9L, 10L), seqs(await(store.messages().readBackward(ch, 10, 0, 3))));
    assertEquals(List.of(29L, 30L), seqs(await(store.messages().readBackward(ch, 0, 28, 5))));
    assertEquals(List.of(3L, 1L), seqs(await(store.messages().getBySeqs(ch, List.of(3L, 99L, 1L)))));
    List<List<Message>> latest = await(store.messages().latest(List.of(ch, new ChannelKey("none", 2), ch),
        List.of(27L, 0L, 0L), 2));
    assertEquals(List.of(29L, 30L), seqs(latest.get(0)));
    assertEquals(List.of(), seqs(latest.get(1)));
    assertEquals(List.of(29L, 30L), seqs(latest.get(2)));
    latest = await(store.messages().latest(List.of(ch, ch, ch), List.of(25L, 0L, 30L), 10));
    assertEquals(List.of(26L, 27L, 28L, 29L, 30L), seqs(latest.get(0)), "fewer than count above the floor");
    assertEquals(List.of(21L, 22L, 23L, 24L, 25L, 26L, 27L, 28L, 29L, 30L), seqs(latest.get(1)));
    assertEquals(30, await(store.messages().latest(List.of(ch), List.of(0L), 50)).get(0).size());
    assertEquals(List.of(), seqs(latest.get(2)), "nothing above the floor");
    assertEquals(List.of(30L), seqs(await(store.messages().latest(List.of(ch), List.of(0L), 1)).get(0)));
    assertEquals(List.of(7L), seqs(await(store.messages().getByIds(ch, List.of(107L, 5L)))));
    assertEquals(List.of(9L), seqs(await(store.messages().getByClientMsgNo(ch, "c9"))));
    assertEquals(List.of(), seqs(await(store.messages().getByClientMsgNo(ch, "c"))), "no prefix matches");
    Message m = await(store.messages().getBySeqs(ch, List.of(4L))).get(0);
    assertEquals("p4", new String(m.payload()));
    assertEquals("c4", m.clientMsgNo());
  }

  /**
   * The byte-budgeted reads (response_max_bytes): messages are taken in reading order while the sizes taken so far
   * are below the budget, so the one that reaches it is the last; the first is always taken; {@code latest} spends
   * one budget over its channels in order and answers only the channels it reached.
   */
  @Test
  void budgetedReadsStopAtTheMessageThatReachesTheBudget() throws Exception {
    ChannelKey ch = new ChannelKey("budget1", 2);
    ChannelKey other = new ChannelKey("budget2", 2);
    List<Message> ds = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      ds.add(draft(ch, "u", "b" + (100 + i), "x".repeat(1000), 200 + i)); // all of one size
      ds.add(draft(other, "u", "o" + (100 + i), "y".repeat(1000), 300 + i));
    }
    await(store.messages().append(sends(ds)));
    long one = MessageBinary.size(await(store.messages().getBySeqs(ch, List.of(1L))).get(0));
    MessageStore ms = store.messages();
    assertEquals(List.of(3L, 4L, 5L), seqs(await(ms.readForward(ch, 3, 0, 10, 2 * one + 1))), "3rd reaches it");
    assertEquals(List.of(3L, 4L), seqs(await(ms.readForward(ch, 3, 0, 10, 2 * one))), "exactly at the budget");
    assertEquals(List.of(3L), seqs(await(ms.readForward(ch, 3, 0, 10, 1))), "the first is always taken");
    assertEquals(List.of(3L, 4L, 5L), seqs(await(ms.readForward(ch, 3, 6, 10, Long.MAX_VALUE))));
    assertEquals(List.of(8L, 9L, 10L), seqs(await(ms.readBackward(ch, 0, 0, 10, 2 * one + 1))), "newest first");
    assertEquals(List.of(6L, 7L), seqs(await(ms.readBackward(ch, 7, 0, 10, 2 * one))));
    assertEquals(List.of(7L), seqs(await(ms.readBackward(ch, 7, 0, 10, 1))));
    List<List<Message>> latest = await(ms.latest(List.of(ch, other, ch), List.of(0L, 0L, 0L), 3, 4 * one + 1));
    assertEquals(2, latest.size(), "the budget ran out in the second channel: " + latest.size());
    assertEquals(List.of(8L, 9L, 10L), seqs(latest.get(0)));
    assertEquals(List.of(9L, 10L), seqs(latest.get(1)), "the newest of the channel that reached it");
    latest = await(ms.latest(List.of(ch, other), List.of(8L, 0L), 3, 10 * one));
    assertEquals(List.of(List.of(9L, 10L), List.of(8L, 9L, 10L)), latest.stream().map(StoreFixture::seqs).toList(),
        "within the budget: every channel, floors kept");
    latest = await(ms.latest(List.of(ch), List.of(0L), 3, 1));
    assertEquals(List.of(10L), seqs(latest.get(0)), "the newest message is always taken");
  }

  @Test
  void dataSurvivesReopen() throws Exception {
    ChannelKey ch = new ChannelKey("p", 2);
    await(store.messages().append(sends(draft(ch, "u", "k", "p", 1))));
    await(changeMembers(ch, new ChannelInfo(true, false, false, false, false), false, List.of("x"),
        List.of()));
    await(store.users().putToken("u", 1, "tok", 1));
    store = reopen(vertx);
    assertEquals(1L, await(store.messages().lastSeq(ch)));
    assertEquals(MessageStore.Outcome.DUPLICATE,
        await(store.messages().append(sends(draft(ch, "u", "k", "p", 2)))).get(0).outcome());
    assertEquals(2L, await(store.messages().append(sends(draft(ch, "u", "k2", "p", 3)))).get(0).message()
        .messageSeq());
    assertEquals(Set.of("x"), await(store.channels().load(ch)).subscribers());
    assertEquals("tok", await(store.users().getToken("u", 1)).token());
  }

  @Test
  void channelRecords() throws Exception {
    ChannelKey ch = new ChannelKey("c", 2);
    assertNull(await(store.channels().load(ch)));
    await(changeMembers(ch, ChannelInfo.DEFAULT, false, List.of("a", "b"), List.of()));
    assertEquals(Set.of("a", "b"), await(store.channels().load(ch)).subscribers());
    await(changeMembers(ch, new ChannelInfo(false, true, false, false, false), false, List.of("c"),
        List.of("a")));
    ChannelStore.StoredChannel c = await(store.channels().load(ch));
    assertEquals(Set.of("b", "c"), c.subscribers());
    assertEquals(true, c.info().disband());
    await(changeMembers(ch, ChannelInfo.DEFAULT, true, List.of("z"), List.of()));
    assertEquals(Set.of("z"), await(store.channels().load(ch)).subscribers());
    assertNull(await(store.channels().load(new ChannelKey("c", 3))));
  }

  @Test
  void userRecords() throws Exception {
    assertNull(await(store.users().getToken("u", 0)));
    await(store.users().putToken("u", 0, "t0", 0));
    await(store.users().putToken("u", 1, "t1", 1));
    assertEquals("t0", await(store.users().getToken("u", 0)).token());
    assertEquals(1, await(store.users().getToken("u", 1)).deviceLevel());
    await(store.users().removeToken("u", 0));
    assertNull(await(store.users().getToken("u", 0)));
    await(store.users().addSystemUids(List.of("s1", "s2")));
    await(store.users().removeSystemUids(List.of("s1")));
    assertEquals(Set.of("s2"), await(store.users().systemUids()));
  }

  @Test
  void joiningCreatesARowAtTheHeadAndLeavingRemovesIt() throws Exception {
    ChannelKey g = new ChannelKey("cg", 2);
    await(store.messages().append(sends(draft(g, "sys", "", "1", 1), draft(g, "sys", "", "2", 2))));
    await(changeMembers(g, ChannelInfo.DEFAULT, false, List.of("m1"), List.of()));
    ConversationStore.RowWithHead r = await(store.conversations().get("m1", g));
    assertEquals(2L, r.row().joinFloor());
    assertEquals(2L, r.row().readSeq());
    assertEquals(2L, r.head());
    assertEquals(0L, r.row().unread(r.head()));
    await(store.messages().append(sends(draft(g, "m2", "", "3", 3))));
    assertEquals(1L, await(store.conversations().get("m1", g)).row().unread(3));
    await(changeMembers(g, ChannelInfo.DEFAULT, false, List.of("m1"), List.of()));
    assertEquals(2L, await(store.conversations().get("m1", g)).row().joinFloor(), "re-adding a member keeps its row");
    await(changeMembers(g, ChannelInfo.DEFAULT, false, List.of(), List.of("m1")));
    assertNull(await(store.conversations().get("m1", g)));
    await(changeMembers(g, ChannelInfo.DEFAULT, false, List.of("a", "b"), List.of()));
    await(changeMembers(g, ChannelInfo.DEFAULT, true, List.of("b", "c"), List.of()));
    assertNull(await(store.conversations().get("a", g)), "reset removes members not re-added");
    assertEquals(3L, await(store.conversations().get("b", g)).row().joinFloor());
    assertEquals(3L, await(store.conversations().get("c", g)).row().joinFloor());
    assertNull(await(store.conversations().get("x", new ChannelKey("cg", 7))), "data channels keep no rows");
  }

  @Test
  void sendingRecordsOnlyTheSendersOwnSeqAndPersonRowsAtTheFirstMessage() throws Exception {
    ChannelKey g = new ChannelKey("og", 2);
    await(changeMembers(g, ChannelInfo.DEFAULT, false, List.of("s", "r"), List.of()));
    await(store.messages().append(sends(draft(g, "s", "", "1", 1), draft(g, "s", "", "2", 2))));
    assertEquals(2L, await(store.conversations().get("s", g)).row().ownLastSeq());
    assertEquals(0L, await(store.conversations().get("r", g)).row().ownLastSeq());
    assertEquals(2L, await(store.conversations().get("r", g)).row().unread(2));
    ChannelKey p = new ChannelKey("pa@pb", 1);
    await(store.messages().append(sends(draft(p, "pb", "", "hi", 3))));
    assertEquals(1L, await(store.conversations().get("pb", p)).row().ownLastSeq());
    assertEquals(1L, await(store.conversations().get("pa", p)).row().unread(1));
    List<ConversationStore.RowWithHead> rows = await(store.conversations().list("pa"));
    assertEquals(1, rows.size());
    assertEquals(p, rows.get(0).row().channel());
    assertEquals(1L, rows.get(0).head());
    await(store.messages().append(sends(draft(p.commandLog(), "pb", "", "cmd", 4))));
    assertEquals(1L, await(store.conversations().get("pb", p)).row().ownLastSeq(), "command logs touch no row");
  }

  @Test
  void mutateIsAReadModifyWriteAgainstTheHead() throws Exception {
    ChannelKey g = new ChannelKey("mg", 2);
    await(changeMembers(g, ChannelInfo.DEFAULT, false, List.of("u"), List.of()));
    await(store.messages().append(sends(draft(g, "x", "", "1", 1), draft(g, "x", "", "2", 2))));
    ConversationStore.Row r = await(store.conversations().mutate("u", g, (row, head) -> new ConversationStore.Row(
        row.uid(), row.channel(), row.joinFloor(), head, row.readSeq(), row.ownLastSeq(), 7)));
    assertEquals(2L, r.deleteFloor());
    assertEquals(7L, await(store.conversations().get("u", g)).row().cmdAckSeq());
    assertNull(await(store.conversations().mutate("nobody", g, (row, head) -> row)));
    assertEquals(2L, await(store.conversations().mutate("u", g, (row, head) -> null)).deleteFloor(),
        "null keeps the row as it is");
  }

  /** The user's listing as "channel:head:readSeq:ownLastSeq", in channel order. */
  private List<String> listing(String uid) throws Exception {
    return await(store.conversations().list(uid)).stream()
        .map(r -> r.row().channel().id() + ":" + r.head() + ":" + r.row().readSeq() + ":" + r.row().ownLastSeq())
        .sorted().toList();
  }

  @Test
  void listingFollowsEveryChangeAfterBeingRead() throws Exception {
    ChannelKey g = new ChannelKey("lg", 2);
    ChannelKey h = new ChannelKey("lh", 2);
    assertEquals(List.of(), listing("lu"));
    await(changeMembers(g, ChannelInfo.DEFAULT, false, List.of("lu", "lo"), List.of()));
    assertEquals(List.of("lg:0:0:0"), listing("lu"), "a join shows");
    await(store.messages().append(sends(draft(g, "lo", "", "1", 1))));
    assertEquals(List.of("lg:1:0:0"), listing("lu"), "someone else's message moves the head");
    await(store.messages().append(sends(draft(g, "lu", "", "2", 2))));
    assertEquals(List.of("lg:2:0:2"), listing("lu"), "an own message moves the own seq");
    await(store.conversations().mutate("lu", g, (r, head) -> new ConversationStore.Row(r.uid(), r.channel(),
        r.joinFloor(), r.deleteFloor(), head, r.ownLastSeq(), r.cmdAckSeq())));
    assertEquals(List.of("lg:2:2:2"), listing("lu"), "a cursor change shows");
    await(changeMembers(h, ChannelInfo.DEFAULT, false, List.of("lu"), List.of()));
    assertEquals(List.of("lg:2:2:2", "lh:0:0:0"), listing("lu"));
    await(changeMembers(g, ChannelInfo.DEFAULT, false, List.of(), List.of("lu")));
    assertEquals(List.of("lh:0:0:0"), listing("lu"), "leaving shows");
    await(changeMembers(h, ChannelInfo.DEFAULT, true, List.of("lo"), List.of()));
    assertEquals(List.of(), listing("lu"), "a reset that drops the user shows");
    ChannelKey p = new ChannelKey("lu@lp", 1);
    await(store.messages().append(sends(draft(p, "lp", "", "hi", 3))));
    assertEquals(List.of("lu@lp:1:0:0"), listing("lu"), "a first person message creates the row");
  }
}
