package io.jindou.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.model.ChannelFacts;
import io.jindou.model.ChannelKey;
import io.jindou.model.ChannelType;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The node-wide cache of person-channel facts: one load per user while cached, at most its bound of users
 * (least recently used dropped), a failed load not kept, and a published change dropping the user's entry.
 */
class PolicyFactsTest {
  private Vertx vertx;
  private final Map<String, Integer> loads = new ConcurrentHashMap<>();
  private boolean failing;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private PolicyFacts facts(int maxUids) {
    PolicyFacts f = new PolicyFacts(vertx, maxUids);
    f.loader(key -> {
      assertEquals(ChannelType.PERSON, key.type(), "a user's facts are those of the user's person channel");
      loads.merge(key.id(), 1, Integer::sum);
      return failing ? Future.failedFuture("owner unavailable") : Future.succeededFuture(ChannelFacts.NONE);
    });
    return f;
  }

  private static ChannelFacts get(PolicyFacts f, String uid) throws Exception {
    return f.of(uid).await(10, TimeUnit.SECONDS);
  }

  @Test
  void aCachedUserIsLoadedOnceAndAnsweredAtOnce() throws Exception {
    PolicyFacts f = facts(10);
    assertSame(ChannelFacts.NONE, get(f, "a"));
    Future<ChannelFacts> again = f.of("a");
    assertTrue(again.isComplete(), "a cached entry needs no wait (the send path decides synchronously)");
    assertEquals(1, loads.get("a"));
  }

  @Test
  void atMostTheBoundOfUsersIsCachedLeastRecentlyUsedDropped() throws Exception {
    PolicyFacts f = facts(2);
    for (String uid : List.of("a", "b", "a", "c", "a", "b")) {
      get(f, uid);
    }
    assertEquals(2, f.size());
    assertEquals(Map.of("a", 1, "b", 2, "c", 1), loads, "b was the least recently used when c came in");
  }

  @Test
  void aFailedLoadIsNotKept() throws Exception {
    PolicyFacts f = facts(10);
    failing = true;
    assertTrue(f.of("a").failed());
    failing = false;
    assertSame(ChannelFacts.NONE, get(f, "a"));
    assertEquals(2, loads.get("a"), "the next send asks the owner again");
  }

  @Test
  void aPublishedChangeDropsTheUsersEntry() throws Exception {
    PolicyFacts f = facts(10);
    get(f, "a");
    get(f, "b");
    vertx.eventBus().publish(PolicyFacts.CHANGED_ADDRESS, "a");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (f.size() != 1 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    get(f, "a");
    get(f, "b");
    assertEquals(Map.of("a", 2, "b", 1), loads);
  }
}
