package io.jindou.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.channel.WritePlans;
import io.jindou.model.ChannelKey;
import io.jindou.model.Message;
import io.jindou.store.MessageStore;
import io.jindou.support.RedisCluster;
import io.jindou.support.RedisServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The pass over the stored channels on a real three-master Redis Cluster: channels whose hash slots fall on every
 * master are all found, in bounded slices that go from master to master, a pass resumes past a master that
 * left the topology, and a hung master fails a slice within the request timeout instead of holding the pass.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisMultiMasterTest {
  private RedisCluster cluster;
  private Vertx vertx;
  private RedisStore store;
  private final List<ChannelKey> made = new ArrayList<>();

  @BeforeAll
  void start() throws Exception {
    cluster = RedisCluster.start(3);
    vertx = Vertx.vertx();
    RedisOptions options = new RedisOptions().setType(RedisClientType.CLUSTER);
    for (RedisServer m : cluster.masters()) {
      options.addConnectionString(m.url());
    }
    store = RedisStore.connect(vertx, options, RedisStore.Limits.DEFAULTS).await(10, TimeUnit.SECONDS);
    for (int i = 0; i < 24; i++) {
      ChannelKey ch = new ChannelKey("mm" + i, i % 2 + 1);
      made.add(ch);
      Message draft = new Message(i + 1, 0, "c" + i, null, "s", ch.id(), ch.type(), 1, 0, false, false, false, 0,
          null, null, ("m" + i).getBytes(StandardCharsets.UTF_8));
      await(store.messages().append(List.of(WritePlans.message(draft, false))));
    }
  }

  @AfterAll
  void stop() throws Exception {
    if (store != null) {
      store.close().await(10, TimeUnit.SECONDS);
    }
    if (vertx != null) {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.await(10, TimeUnit.SECONDS);
  }

  private record Pass(Set<ChannelKey> seen, int slices, Set<String> masters) {
  }

  private Pass pass(String from, int limit) throws Exception {
    return pass(store, from, limit);
  }

  private static Pass pass(RedisStore store, String from, int limit) throws Exception {
    Set<ChannelKey> seen = new HashSet<>();
    Set<String> masters = new HashSet<>();
    String cursor = from;
    int slices = 0;
    do {
      MessageStore.ChannelSlice slice = await(store.messages().channelsWithMessages(cursor, limit));
      assertTrue(slice.channels().size() <= 4 * limit, "a slice stays about its limit: " + slice.channels().size());
      seen.addAll(slice.channels());
      cursor = slice.next();
      if (!cursor.isEmpty()) {
        masters.add(cursor.substring(cursor.indexOf('@') + 1));
      }
      slices++;
    } while (!cursor.isEmpty() && slices < 10_000);
    assertEquals("", cursor, "the pass ends");
    return new Pass(seen, slices, masters);
  }

  @Test
  void channelsOnEveryMasterAreAllFound() throws Exception {
    Map<Integer, Integer> perMaster = new HashMap<>();
    for (ChannelKey ch : made) {
      perMaster.merge(cluster.ownerOf("{" + ch.type() + ":" + ch.id() + "}:m:head").port(), 1, Integer::sum);
    }
    assertEquals(3, perMaster.size(), "the channels' slots fall on all three masters: " + perMaster);
    Pass p = pass("", 3);
    assertEquals(new HashSet<>(made), p.seen(), "every channel with messages, on whichever master");
    assertTrue(p.masters().size() >= 2, "the cursor went from master to master: " + p.masters());
    List<String> endpoints = cluster.masters().stream().map(m -> "127.0.0.1:" + m.port()).sorted().toList();
    assertTrue(p.masters().containsAll(endpoints.subList(1, 3)), "each later master is visited by a cursor "
        + "of its own: " + p.masters());
  }

  @Test
  void aPassResumesPastAMasterThatLeftTheTopology() throws Exception {
    // "127.0.0.1:1" is no master here and sorts before every real one: the pass goes on from the first master
    assertEquals(new HashSet<>(made), pass("0@127.0.0.1:1", 5).seen());
    // a cursor past every master: the pass is over
    MessageStore.ChannelSlice end = await(store.messages().channelsWithMessages("7@999.0.0.0:1", 5));
    assertEquals(List.of(), end.channels());
    assertEquals("", end.next());
  }

  @Test
  void aHungMasterFailsTheSliceWithinTheTimeoutAndThePassWorksOnceItAnswers() throws Exception {
    RedisOptions options = new RedisOptions().setType(RedisClientType.CLUSTER);
    for (RedisServer m : cluster.masters()) {
      options.addConnectionString(m.url());
    }
    RedisStore quick = RedisStore.connect(vertx, options, new RedisStore.Limits(512, 500, 100, 32))
        .await(10, TimeUnit.SECONDS);
    try {
      assertEquals(new HashSet<>(made), pass(quick, "", 5).seen(), "each master has a connection now");
      RedisServer first = cluster.masters().stream()
          .min((a, b) -> ("127.0.0.1:" + a.port()).compareTo("127.0.0.1:" + b.port())).orElseThrow();
      first.signal("STOP");
      try {
        long t0 = System.nanoTime();
        assertThrows(Exception.class, () -> await(quick.messages().channelsWithMessages("", 5)));
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5), "failed within about the timeout");
      } finally {
        first.signal("CONT");
      }
      long deadline = System.currentTimeMillis() + 10_000;
      Set<ChannelKey> seen = Set.of();
      while (!seen.equals(new HashSet<>(made)) && System.currentTimeMillis() < deadline) {
        try {
          seen = pass(quick, "", 5).seen();
        } catch (Exception e) {
          Thread.sleep(100); // the link reconnects after its delay
        }
      }
      assertEquals(new HashSet<>(made), seen, "a new connection to the master once it answers again");
    } finally {
      quick.close().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aMalformedCursorIsRefused() {
    for (String bad : new String[] {"nonsense", "@127.0.0.1:1", "12@", "x1@127.0.0.1:1"}) {
      Exception e = assertThrows(Exception.class, () -> await(store.messages().channelsWithMessages(bad, 5)));
      assertInstanceOf(IllegalArgumentException.class, e, bad);
    }
  }
}
