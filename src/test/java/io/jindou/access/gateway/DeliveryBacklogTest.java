package io.jindou.access.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The node's delivery backlog as a gate: shut above its bound, open again only at half of it, a waiting owner
 * woken exactly once, none left asleep when the backlog drained while it was registering, and no owner going
 * ahead while another waits.
 */
class DeliveryBacklogTest {
  @Test
  void shutAboveTheBoundAndOpenAgainAtHalfOfIt() {
    DeliveryBacklog b = new DeliveryBacklog(100);
    b.added(100);
    assertTrue(b.open(), "at the bound it is still open");
    b.added(1);
    assertFalse(b.open());
    AtomicInteger woken = new AtomicInteger();
    b.whenOpen(woken::incrementAndGet);
    b.served(40); // 61 left: below the bound, above half of it
    assertEquals(0, woken.get());
    assertFalse(b.open(), "while an owner waits, no other goes ahead");
    b.served(11); // 50 left: half
    assertEquals(1, woken.get());
    assertTrue(b.open());
    b.served(50);
    assertEquals(1, woken.get(), "a waiter is woken once");
    assertEquals(0, b.queued());
  }

  @Test
  void aWaiterThatComesAfterTheDrainIsWokenAtOnce() {
    DeliveryBacklog b = new DeliveryBacklog(10);
    b.added(11);
    assertFalse(b.open()); // an owner saw it shut ...
    b.served(11); // ... the pump drained it before the owner registered
    AtomicInteger woken = new AtomicInteger();
    b.whenOpen(woken::incrementAndGet);
    assertEquals(1, woken.get());
  }

  @Test
  void everyWaitingOwnerIsWokenAndCountedWhenHeldOrRefused() {
    DeliveryBacklog b = new DeliveryBacklog(4);
    b.added(9);
    List<Integer> woken = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      int n = i;
      b.whenOpen(() -> woken.add(n));
      b.held(false);
    }
    b.held(true);
    b.served(7);
    assertEquals(List.of(0, 1, 2), woken);
    assertEquals(3, b.heldWrites());
    assertEquals(1, b.refusedWrites());
  }

  @Test
  void countsFromManyThreadsAddUp() throws Exception {
    DeliveryBacklog b = new DeliveryBacklog(1_000_000);
    Thread[] ts = new Thread[4];
    for (int t = 0; t < ts.length; t++) {
      ts[t] = new Thread(() -> {
        for (int i = 0; i < 100_000; i++) {
          b.added(3);
          b.served(3);
        }
      });
      ts[t].start();
    }
    for (Thread t : ts) {
      t.join();
    }
    assertEquals(0, b.queued());
  }
}
