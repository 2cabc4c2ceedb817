package io.jindou.store.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.model.ChannelInfo;
import io.jindou.model.ChannelKey;
import io.jindou.model.Message;
import io.jindou.store.ChannelListStore;
import io.jindou.store.ConversationStore;
import io.jindou.store.MessageStore;
import io.jindou.store.MessageStore.Outcome;
import io.jindou.store.Store;
import io.jindou.store.StoreContract;
import io.jindou.support.RedisServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.RedisOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The store contract against a private standalone Redis (fsync per write), plus what only a networked,
 * shared store has: two owners racing on one channel, a dropped or hung connection, and the conversation
 * index healing from its outbox. {@link #reopen} kills Redis with {@code kill -9} and restarts it, so the
 * persistence test proves acknowledged writes survive a crash.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisStoreTest extends StoreContract {
  protected RedisServer server;

  protected RedisServer startServer() throws Exception {
    return RedisServer.start();
  }

  protected RedisOptions options() {
    return new RedisOptions().setConnectionString(server.url());
  }

  @BeforeAll
  void startRedis() throws Exception {
    server = startServer();
  }

  @AfterAll
  void stopRedis() {
    if (server != null) {
      server.close();
    }
  }

  private RedisStore connect(Vertx vertx, RedisStore.Limits limits) throws Exception {
    return RedisStore.connect(vertx, options(), limits).await(10, TimeUnit.SECONDS);
  }

  @Override
  protected Store open(Vertx vertx) throws Exception {
    server.flushAll();
    return connect(vertx, RedisStore.Limits.DEFAULTS);
  }

  @Override
  protected Store reopen(Vertx vertx) throws Exception {
    store.close().await(10, TimeUnit.SECONDS);
    server.crashAndRestart();
    return connect(vertx, RedisStore.Limits.DEFAULTS);
  }

  @Override
  protected void cleanup() {
    // the next open() flushes; the server stops after the class
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.await(10, TimeUnit.SECONDS);
  }

  private static Message draft(ChannelKey ch, String from, String cmn, byte[] payload, long id) {
    return new Message(id, 0, cmn, null, from, ch.id(), ch.type(), 1, 0, false, false, false, 0, null, null, payload);
  }

  @Test
  void twoOwnersAppendingOneChannelGetDistinctContiguousSequencesInCallOrder() throws Exception {
    ChannelKey ch = new ChannelKey("race", 2);
    try (Closing other = new Closing(connect(vertx, RedisStore.Limits.DEFAULTS))) {
      List<Future<List<MessageStore.Appended>>> a = new ArrayList<>();
      List<Future<List<MessageStore.Appended>>> b = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        a.add(store.messages().append(sends(draft(ch, "a", "", new byte[] {1}, 1000 + i))));
        b.add(other.store.messages().append(sends(draft(ch, "b", "", new byte[] {2}, 2000 + i))));
      }
      List<Long> all = new ArrayList<>();
      for (List<Future<List<MessageStore.Appended>>> calls : List.of(a, b)) {
        long previous = 0;
        for (Future<List<MessageStore.Appended>> f : calls) {
          long seq = await(f).get(0).message().messageSeq();
          assertTrue(seq > previous, "one owner's calls keep their order");
          previous = seq;
          all.add(seq);
        }
      }
      all.sort(null);
      assertEquals(400, all.size());
      for (int i = 0; i < all.size(); i++) {
        assertEquals(i + 1L, all.get(i), "no duplicate and no gap");
      }
      assertEquals(400, await(store.messages().readForward(ch, 1, 0, 1000)).size());
    }
  }

  @Test
  void payloadAndOptionalFieldsRoundTripExactly() throws Exception {
    ChannelKey ch = new ChannelKey("bytes", 2);
    byte[] every = new byte[256];
    for (int i = 0; i < every.length; i++) {
      every[i] = (byte) i;
    }
    Message full = new Message(Long.MAX_VALUE - 7, 0, "名字-1", "stream", "发送者", ch.id(), ch.type(), 1_700_000_000L,
        60, true, true, true, 0xFF, "topic", "tag", every);
    await(store.messages().append(sends(full, draft(ch, "u", null, new byte[0], 2))));
    List<Message> back = await(store.messages().getBySeqs(ch, List.of(1L, 2L)));
    assertArrayEquals(every, back.get(0).payload());
    assertEquals(full.withSeq(1).toString().replaceAll("\\[B@\\w+", ""),
        back.get(0).toString().replaceAll("\\[B@\\w+", ""));
    assertEquals(0, back.get(1).payload().length);
    assertNull(back.get(1).clientMsgNo());
    assertEquals(List.of(1L), await(store.messages().getByIds(ch, List.of(Long.MAX_VALUE - 7))).stream()
        .map(Message::messageSeq).toList(), "message ids above 2^53 stay exact");
    assertEquals(1, await(store.messages().getByClientMsgNo(ch, "名字-1")).size());
  }

  @Test
  void aHungRedisFailsInFlightCallsAndTheNextCallReconnects() throws Exception {
    store.close().await(10, TimeUnit.SECONDS);
    store = connect(vertx, new RedisStore.Limits(512, 500, 100, 32));
    ChannelKey ch = new ChannelKey("hang", 2);
    await(store.messages().append(sends(draft(ch, "u", "k1", new byte[] {1}, 1))));
    server.signal("STOP");
    Future<List<MessageStore.Appended>> inFlight;
    try {
      inFlight = store.messages().append(sends(draft(ch, "u", "k2", new byte[] {2}, 2)));
      Exception e = assertThrows(Exception.class, () -> inFlight.await(5, TimeUnit.SECONDS));
      assertTrue(String.valueOf(e.getMessage()).contains("no reply from Redis"), e.toString());
      assertFalse(store.healthy());
    } finally {
      server.signal("CONT");
    }
    // the timed-out write may or may not have been applied: a retry with the same key tells which, never twice
    MessageStore.Appended retry = await(store.messages().append(sends(draft(ch, "u", "k2", new byte[] {2}, 3))))
        .get(0);
    assertTrue(retry.outcome() == Outcome.STORED || retry.outcome() == Outcome.DUPLICATE, retry.toString());
    assertEquals(2L, retry.message().messageSeq());
    assertTrue(store.healthy());
  }

  @Test
  void aCrashedRedisIsReconnectedAndKeepsEveryAcknowledgedWrite() throws Exception {
    ChannelKey ch = new ChannelKey("crash", 2);
    for (int i = 1; i <= 20; i++) {
      await(store.messages().append(sends(draft(ch, "u", "", new byte[] {(byte) i}, i))));
    }
    server.crashAndRestart();
    Long head = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (head == null && System.nanoTime() < deadline) {
      try {
        head = await(store.messages().lastSeq(ch)); // the first call may see the reset and fail
      } catch (Exception e) {
        Thread.sleep(50);
      }
    }
    assertEquals(20L, head);
    assertEquals(21L, await(store.messages().append(sends(draft(ch, "u", "", new byte[] {1}, 99)))).get(0)
        .message().messageSeq());
    assertTrue(store.healthy());
  }

  @Test
  void aRowWhoseIndexEntryWasLostIsReindexedByTheChannelsNextWrite() throws Exception {
    ChannelKey p = new ChannelKey("qa@qb", 1);
    await(store.messages().append(sends(draft(p, "qa", "", new byte[] {1}, 1))));
    assertEquals(1, await(store.conversations().list("qb")).size());
    // as if the process died between the append script and the index update
    server.command("DEL", RedisKeys.userIndex("qb"));
    server.command("HSET", RedisKeys.outbox(p), "u:qb", "999");
    assertEquals(0, await(store.conversations().list("qb")).size());
    await(store.messages().append(sends(draft(p, "qa", "", new byte[] {2}, 2))));
    List<ConversationStore.RowWithHead> rows = await(store.conversations().list("qb"));
    assertEquals(1, rows.size());
    assertEquals(2L, rows.get(0).head());
    assertNull(server.command("HGET", RedisKeys.outbox(p), "u:qb"), "the outbox entry is forgotten once applied");
  }

  @Test
  void concurrentMutationsFromTwoNodesAreNotLost() throws Exception {
    ChannelKey g = new ChannelKey("cas", 2);
    await(changeMembers(g, ChannelInfo.DEFAULT, false, List.of("u"), List.of()));
    try (Closing other = new Closing(connect(vertx, RedisStore.Limits.DEFAULTS))) {
      List<Future<ConversationStore.Row>> all = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        for (Store s : List.of(store, other.store)) {
          all.add(s.conversations().mutate("u", g, (row, head) -> new ConversationStore.Row(row.uid(), row.channel(),
              row.joinFloor(), row.deleteFloor(), row.readSeq() + 1, row.ownLastSeq(), row.cmdAckSeq())));
        }
      }
      for (Future<ConversationStore.Row> f : all) {
        await(f);
      }
      assertEquals(80L, await(store.conversations().get("u", g)).row().readSeq());
    }
  }

  @Test
  void blackAndWhiteListsResetAddAndRemove() throws Exception {
    ChannelKey ch = new ChannelKey("lists", 2);
    assertEquals(ChannelListStore.Lists.EMPTY, await(store.lists().load(ch)));
    await(store.lists().update(ch, ChannelListStore.Kind.BLACK, false, List.of("a", "b"), List.of()));
    await(store.lists().update(ch, ChannelListStore.Kind.WHITE, false, List.of("w"), List.of()));
    await(store.lists().update(ch, ChannelListStore.Kind.BLACK, false, List.of("c"), List.of("a")));
    assertEquals(new ChannelListStore.Lists(Set.of("b", "c"), Set.of("w")), await(store.lists().load(ch)));
    await(store.lists().update(ch, ChannelListStore.Kind.BLACK, true, List.of("z"), List.of()));
    assertEquals(Set.of("z"), await(store.lists().load(ch)).black());
    assertEquals(Set.of("w"), await(store.lists().load(ch)).white(), "reset clears only the list named");
  }

  /** A second store on the same Redis: another node. */
  private static final class Closing implements AutoCloseable {
    final Store store;

    Closing(Store store) {
      this.store = store;
    }

    @Override
    public void close() throws Exception {
      store.close().await(10, TimeUnit.SECONDS);
    }
  }
}
