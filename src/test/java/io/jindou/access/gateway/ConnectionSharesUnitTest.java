package io.jindou.access.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The arithmetic of {@link ConnectionShares}: the budget split among the open connections, floored and capped. */
class ConnectionSharesUnitTest {

  @Test
  void aFewConnectionsEachGetThePerConnectionBoundAndManySplitTheBudget() {
    AtomicInteger open = new AtomicInteger();
    ConnectionShares s = new ConnectionShares(512L << 20, 1 << 20, 2_000_000, 1024, open::get);
    assertEquals(1 << 20, s.outboundBytes(), "no connection yet: the per-connection bound");
    open.set(512);
    assertEquals(1 << 20, s.outboundBytes(), "512 x 1 MiB fits in 512 MiB");
    assertEquals(1024, s.unacked());
    open.set(600);
    assertEquals(512 << 10, s.outboundBytes(), "874 KiB each, rounded down to a power of two");
    open.set(5_000);
    assertEquals(64 << 10, s.outboundBytes(), "104 KiB each, rounded down");
    assertEquals(256, s.unacked(), "400 each, rounded down");
    open.set(100_000);
    assertEquals(ConnectionShares.OUTBOUND_FLOOR, s.outboundBytes(), "5 KiB each is below the floor");
    assertEquals(ConnectionShares.UNACKED_FLOOR, s.unacked());
  }

  @Test
  void theFloorNeverExceedsThePerConnectionBound() {
    ConnectionShares s = new ConnectionShares(1, 4096, 1, 16, () -> 1_000);
    assertEquals(4096, s.outboundBytes());
    assertEquals(16, s.unacked());
  }
}
