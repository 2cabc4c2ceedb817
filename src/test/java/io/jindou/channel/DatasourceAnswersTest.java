package io.jindou.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.model.ChannelInfo;
import io.jindou.model.ChannelKey;
import io.jindou.model.ChannelType;
import io.jindou.model.JindouException;
import io.jindou.store.ChannelStore.StoredChannel;
import io.jindou.store.Datasource;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * How an owner uses a datasource: what it asks about which channel (group-like: members and lists; a user's person
 * channel: lists; temp, agent and two-party person channels: nothing), the answer added to what storage holds, a
 * channel only the datasource knows members of existing, a person channel whose lists do not come starting without
 * them while any other channel's load fails, and an answer asked again in the background once it is older than the
 * cache time — keeping the old one when that fails, and telling when a person's lists changed. Single-threaded, as
 * on the owner's event loop; the datasource's answers are promises the test completes.
 */
class DatasourceAnswersTest {
  /** A datasource whose every question waits for the test. */
  static final class HeldDatasource implements Datasource {
    final Map<String, Promise<List<String>>> lists = new HashMap<>();
    final List<String> asked = new ArrayList<>();

    Promise<List<String>> q(String cmd, ChannelKey ch) {
      asked.add(cmd + " " + ch.type() + ":" + ch.id());
      Promise<List<String>> p = Promise.promise();
      lists.put(cmd + " " + ch.type() + ":" + ch.id(), p);
      return p;
    }

    void answer(String question, String... uids) {
      lists.remove(question).complete(List.of(uids));
    }

    void fail(String question) {
      lists.remove(question).fail(JindouException.unavailable("down"));
    }

    @Override
    public boolean enabled() {
      return true;
    }

    @Override
    public boolean channelInfo() {
      return false;
    }

    @Override
    public Future<List<String>> subscribers(ChannelKey channel) {
      return q("getSubscribers", channel).future();
    }

    @Override
    public Future<List<String>> blacklist(ChannelKey channel) {
      return q("getBlacklist", channel).future();
    }

    @Override
    public Future<List<String>> whitelist(ChannelKey channel) {
      return q("getWhitelist", channel).future();
    }

    @Override
    public Future<ChannelInfo> channelInfo(ChannelKey channel) {
      return Future.succeededFuture(null);
    }

    @Override
    public Future<List<String>> systemUids() {
      return Future.succeededFuture(List.of());
    }
  }

  private final HeldStores.Channels channels = new HeldStores.Channels();
  private final HeldDatasource ds = new HeldDatasource();
  private final List<ChannelKey> changed = new ArrayList<>();

  private ChannelStates states(long cacheMs) {
    return new ChannelStates(channels, new HeldStores.Lists(), () -> 0, 100, new DatasourceAnswers(ds, cacheMs),
        changed::add);
  }

  private ChannelState[] load(ChannelStates states, ChannelKey key, StoredChannel stored) {
    ChannelState[] st = new ChannelState[1];
    Throwable[] err = new Throwable[1];
    states.with(key, ar -> {
      st[0] = ar.result();
      err[0] = ar.cause();
    });
    channels.last(key).promise().complete(stored);
    return st;
  }

  @Test
  void aGroupsMembersAndListsAreAddedToWhatStorageHolds() {
    ChannelKey g = new ChannelKey("g", ChannelType.GROUP);
    ChannelState[] st = load(states(60_000), g, new StoredChannel(ChannelInfo.DEFAULT, Set.of("stored")));
    assertNull(st[0], "the load waits for the datasource");
    ds.answer("getSubscribers 2:g", "ds1", "ds2");
    ds.answer("getBlacklist 2:g", "bad");
    ds.answer("getWhitelist 2:g");
    assertEquals(Set.of("stored", "ds1", "ds2"), st[0].subscribers);
    assertEquals(Set.of("stored"), st[0].storedSubscribers, "mutations keep working on the stored part");
    assertEquals(Set.of("bad"), st[0].blacklist);
    assertEquals(ChannelInfo.DEFAULT, st[0].info);
  }

  @Test
  void aChannelOnlyTheDatasourceKnowsMembersOfExists() {
    ChannelKey g = new ChannelKey("dsonly", ChannelType.COMMUNITY);
    ChannelState[] st = load(states(60_000), g, null);
    ds.answer("getSubscribers 4:dsonly", "m");
    ds.answer("getBlacklist 4:dsonly");
    ds.answer("getWhitelist 4:dsonly");
    assertTrue(st[0].exists());
    assertEquals(Set.of("m"), st[0].subscribers);
    assertNull(st[0].storedInfo);
  }

  @Test
  void onlyWhatAppliesIsAsked() {
    ChannelStates states = states(60_000);
    load(states, new ChannelKey("u1", ChannelType.PERSON), null);
    load(states, new ChannelKey("a@b", ChannelType.PERSON), null);
    load(states, new ChannelKey("t", ChannelType.TEMP), null);
    load(states, new ChannelKey("u@bot", ChannelType.AGENT), null);
    assertEquals(List.of("getBlacklist 1:u1", "getWhitelist 1:u1"), ds.asked);
  }

  @Test
  void aPersonWhoseListsDoNotComeStartsWithoutThemButAGroupFails() {
    ChannelStates states = states(60_000);
    ChannelState[] person = load(states, new ChannelKey("u1", ChannelType.PERSON), null);
    ds.fail("getBlacklist 1:u1");
    ds.answer("getWhitelist 1:u1");
    assertEquals(Set.of(), person[0].blacklist);

    ChannelKey g = new ChannelKey("g2", ChannelType.GROUP);
    List<String> log = new ArrayList<>();
    states.with(g, ar -> log.add(ar.succeeded() ? "ran" : "failed: " + ar.cause().getMessage()));
    channels.last(g).promise().complete(null);
    ds.fail("getSubscribers 2:g2");
    ds.answer("getBlacklist 2:g2");
    ds.answer("getWhitelist 2:g2");
    assertEquals(List.of("failed: down"), log);
  }

  @Test
  void anOldAnswerIsAskedAgainInTheBackgroundKeptWhenThatFailsAndAChangeIsTold() throws Exception {
    ChannelStates states = states(1);
    ChannelKey u = new ChannelKey("u2", ChannelType.PERSON);
    ChannelState[] st = load(states, u, null);
    ds.answer("getBlacklist 1:u2", "x");
    ds.answer("getWhitelist 1:u2");
    Thread.sleep(5);
    List<String> ran = new ArrayList<>();
    states.with(u, ar -> ran.add("with the answer it has: " + ar.result().blacklist));
    assertEquals(List.of("with the answer it has: [x]"), ran, "the work did not wait for the datasource");
    ds.fail("getBlacklist 1:u2");
    ds.answer("getWhitelist 1:u2");
    assertEquals(Set.of("x"), st[0].blacklist, "a failed ask keeps the answer");
    assertEquals(List.of(), changed);
    Thread.sleep(5);
    states.with(u, ar -> {
    });
    ds.answer("getBlacklist 1:u2", "x", "y");
    ds.answer("getWhitelist 1:u2");
    assertEquals(Set.of("x", "y"), st[0].blacklist);
    assertEquals(List.of(u), changed, "every node's cached policy facts of u2 are to be dropped");
  }
}
