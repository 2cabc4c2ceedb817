package io.jindou.access.gateway;

import io.jindou.model.DeliveryGate;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The deliveries handed to this node's {@link DeliveryPump}s and not yet served, counted across all of them, and
 * the {@link DeliveryGate} that count opens and closes: closed above {@code max}, open again once the pumps have
 * brought it down to half of it (every owner waiting then is woken at once, and none goes ahead while one waits).
 * The channel owners hold new writes while it is closed, so a sender faster than the fan-out waits instead of
 * filling the heap with deliveries for the gateway's loops (which on loops of their own would otherwise never slow a
 * sender down). Thread-safe; it never delivers or drops anything itself.
 */
public final class DeliveryBacklog implements DeliveryGate {
  /**
   * The default {@code delivery_backlog_max}: about 1.5 s of deliveries for a 2-core node at its peak, and room for a
   * burst of 64 messages to 4,000 online members each without holding anyone (the heap it stands for is small: a
   * queued delivery is a slot in a list of sessions).
   */
  public static final long DEFAULT_MAX = 262_144;
  private final long max;
  private final long low;
  private final AtomicLong queued = new AtomicLong();
  private final ConcurrentLinkedQueue<Runnable> waiters = new ConcurrentLinkedQueue<>();
  private final LongAdder held = new LongAdder();
  private final LongAdder refused = new LongAdder();

  /** {@code max}: queued deliveries above which the gate closes (at least 1). */
  public DeliveryBacklog(long max) {
    this.max = Math.max(1, max);
    this.low = this.max / 2;
  }

  /** {@code n} more deliveries were handed to a pump. */
  void added(long n) {
    queued.addAndGet(n);
  }

  /** A pump served {@code n} deliveries; wakes the waiting owners once the backlog is down to half the bound. */
  void served(long n) {
    long now = queued.addAndGet(-n);
    if (now <= low && !waiters.isEmpty()) {
      wake();
    }
  }

  /** Deliveries handed to the pumps and not yet served. */
  public long queued() {
    return queued.get();
  }

  /** Open while at most {@code max} are queued and no owner waits (one waiting keeps it shut for all: none starves). */
  @Override
  public boolean open() {
    return queued.get() <= max && waiters.isEmpty();
  }

  @Override
  public void whenOpen(Runnable wake) {
    waiters.add(wake);
    // after the add: a pump that brought the count down before it saw no waiter, so look again here
    if (queued.get() <= low) {
      wake();
    }
  }

  @Override
  public void held(boolean refusedIt) {
    (refusedIt ? refused : held).increment();
  }

  /** Writes the owners held until the backlog was down again. */
  public long heldWrites() {
    return held.sum();
  }

  /** Writes the owners refused because too many were held already. */
  public long refusedWrites() {
    return refused.sum();
  }

  private void wake() {
    for (Runnable r; (r = waiters.poll()) != null; ) {
      r.run();
    }
  }
}
