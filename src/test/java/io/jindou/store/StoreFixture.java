package io.jindou.store;

import io.jindou.channel.WritePlans;
import io.jindou.model.ChannelInfo;
import io.jindou.model.ChannelKey;
import io.jindou.model.Message;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every store contract test needs: a fresh store per test from the backend's test class, helpers that
 * build the domain's write plans, and the backend-specific open/reopen/cleanup. The contract is one chain
 * (fixture, {@link WritePlanContract}, {@link StoreContract}) so that each backend's test class runs all of
 * it against one backend instance (a Redis server is started once per class).
 */
public abstract class StoreFixture {
  protected Vertx vertx;
  protected Store store;

  protected abstract Store open(Vertx vertx) throws Exception;

  /** Closes and reopens the same backend (persistence check). */
  protected abstract Store reopen(Vertx vertx) throws Exception;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    store = open(vertx);
  }

  @AfterEach
  void tearDown() throws Exception {
    store.close().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
    cleanup();
  }

  /** Removes the backend's files or keys after the store is closed. */
  protected abstract void cleanup() throws Exception;

  static <T> T await(Future<T> f) throws Exception {
    return f.await(10, TimeUnit.SECONDS);
  }

  /** The owner's plans for these drafts (keys looked up): what a send through the domain appends. */
  protected static List<MessagePlan> sends(Message... drafts) {
    return sends(List.of(drafts));
  }

  protected static List<MessagePlan> sends(List<Message> drafts) {
    return drafts.stream().map(d -> WritePlans.message(d, false)).toList();
  }

  /** Applies the owner's plan for a change of flags and subscribers. */
  protected Future<Void> changeMembers(ChannelKey ch, ChannelInfo info, boolean reset, List<String> add,
      List<String> remove) {
    return store.channels().update(WritePlans.membership(ch, info, reset, add, remove));
  }

  static Message draft(ChannelKey ch, String from, String cmn, String payload, long id) {
    return new Message(id, 0, cmn, null, from, ch.id(), ch.type(), 1, 0, false, false, false, 0, null, null,
        payload.getBytes());
  }

  static List<Long> seqs(List<Message> ms) {
    return ms.stream().map(Message::messageSeq).toList();
  }
}
