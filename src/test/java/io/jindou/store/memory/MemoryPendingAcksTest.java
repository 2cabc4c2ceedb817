package io.jindou.store.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jindou.model.ChannelKey;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The single-node pending acks stay bounded: empty generations are not held, the least recently put user is
 * dropped beyond the bound, and an entry past its time to live reads as absent — while a put still replaces
 * and a take still removes.
 */
class MemoryPendingAcksTest {
  private static final ChannelKey G = new ChannelKey("g", 2);
  private final AtomicLong now = new AtomicLong();

  private static Map<ChannelKey, Long> gen(long seq) {
    return Map.of(G, seq);
  }

  @Test
  void aTakeReturnsTheLatestPutOnce() {
    MemoryPendingAcks acks = new MemoryPendingAcks(10, Duration.ofHours(1), now::get);
    acks.put("u", gen(3));
    acks.put("u", gen(5));
    assertEquals(gen(5), acks.take("u").result(), "a put replaces the previous generation");
    assertEquals(Map.of(), acks.take("u").result(), "a take removes it");
  }

  @Test
  void anEmptyGenerationIsNotHeldButForgetsThePreviousOne() {
    MemoryPendingAcks acks = new MemoryPendingAcks(10, Duration.ofHours(1), now::get);
    acks.put("u", gen(3));
    acks.put("u", Map.of());
    assertEquals(0, acks.size(), "a user with nothing pending costs no memory");
    assertEquals(Map.of(), acks.take("u").result(), "the older generation must not be committed by the ack");
    for (int i = 0; i < 100; i++) {
      acks.put("idle" + i, Map.of()); // every sync of a user without commands
    }
    assertEquals(0, acks.size());
  }

  @Test
  void beyondTheBoundTheUserPutLeastRecentlyIsDropped() {
    MemoryPendingAcks acks = new MemoryPendingAcks(2, Duration.ofHours(1), now::get);
    acks.put("a", gen(1));
    acks.put("b", gen(2));
    acks.put("a", gen(3)); // a is now the most recent
    acks.put("c", gen(4));
    assertEquals(2, acks.size());
    assertEquals(Map.of(), acks.take("b").result(), "b was put least recently");
    assertEquals(gen(3), acks.take("a").result());
    assertEquals(gen(4), acks.take("c").result());
  }

  @Test
  void anEntryOlderThanItsTimeToLiveReadsAsAbsentAndIsDropped() {
    MemoryPendingAcks acks = new MemoryPendingAcks(10, Duration.ofSeconds(60), now::get);
    acks.put("old", gen(1));
    now.addAndGet(Duration.ofSeconds(30).toNanos());
    acks.put("young", gen(2));
    now.addAndGet(Duration.ofSeconds(30).toNanos());
    assertEquals(Map.of(), acks.take("old").result(), "60 s old: expired");
    now.addAndGet(Duration.ofSeconds(31).toNanos());
    acks.put("other", gen(3));
    assertEquals(1, acks.size(), "an expired entry is dropped by the next put, not kept until taken");
    assertEquals(gen(3), acks.take("other").result());
  }
}
