package io.jindou.access.gateway;

import io.vertx.core.Context;
import io.vertx.core.internal.ContextInternal;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The deliveries waiting on one gateway event loop, handed to their sessions in slices of at most
 * {@value #SLICE} so that a fan-out to thousands of connections never holds the loop for the whole burst (issue 22):
 * after each slice the rest waits in Netty's scheduled queue, which the loop only takes up after it has polled its
 * sockets again, so an HTTP request or a channel owner's task on the same loop goes between two slices. Work is taken
 * in the order it was offered, so every session still gets a channel's messages and an anchor's events in commit
 * order. Past {@value #BACKLOG_MAX} queued deliveries the loop is overloaded and the pump serves its whole queue in
 * one task, so the senders sharing the loop are slowed down instead of the queue growing without bound; senders on
 * other loops are slowed down by the node's {@link DeliveryBacklog}, which {@link #hand} and each slice keep
 * counted. While it has work queued, the loop's {@link WriteCoalescer} holds its flush (for at most
 * {@link WriteCoalescer#HOLD_NANOS} ns), so a connection that gets several RECVs in a burst still sends them in one
 * write. Confined to its loop: {@link #offer} is called on it only. It owns no business rules and never decides
 * who receives what.
 */
final class DeliveryPump {
  /** Deliveries handed out in one task at most; the rest waits until the loop has polled its sockets. */
  static final int SLICE = 64;
  /**
   * Deliveries queued on one loop beyond which the pump stops yielding and serves its whole queue in one task: the
   * loop is overloaded, and making the senders that share it wait is what slows them down to what the loop can
   * deliver (without it the queue, and the time a RECV waits in it, would grow without bound).
   */
  static final int BACKLOG_MAX = 20_000;

  /** Queued work: a delivery to a list of sessions, served a slice at a time. */
  interface Work {
    /** Serves up to {@code budget} more of its targets; returns how many it served. */
    int serve(int budget);

    /** How many targets it has not served yet. */
    int remaining();

    default boolean done() {
      return remaining() == 0;
    }
  }

  /** The work of handing {@code what} to each of {@code targets} in turn, through {@code deliver}. */
  static <S, T> Work each(List<S> targets, T what, BiConsumer<S, T> deliver) {
    return new Work() {
      private int next;

      @Override
      public int serve(int budget) {
        int end = Math.min(targets.size(), next + budget);
        int served = end - next;
        for (; next < end; next++) {
          deliver.accept(targets.get(next), what);
        }
        return served;
      }

      @Override
      public int remaining() {
        return targets.size() - next;
      }
    };
  }

  private final ContextInternal context;
  private final ArrayDeque<Work> queue = new ArrayDeque<>();
  private final Consumer<Runnable> later;
  private boolean running;
  private boolean scheduled;
  /** Deliveries queued and not yet served. */
  private long queued;

  /** The node's count of deliveries handed to pumps and not yet served (the owners' {@link DeliveryBacklog gate}). */
  private final DeliveryBacklog backlog;

  /** A pump with a backlog of its own (tests and benchmarks that offer work directly). */
  DeliveryPump(Context context) {
    this(context, new DeliveryBacklog(Long.MAX_VALUE));
  }

  DeliveryPump(Context context, DeliveryBacklog backlog) {
    this.backlog = backlog;
    this.context = ((ContextInternal) context).unwrap();
    // a zero-delay scheduled task: Netty moves it into the task queue at the start of the loop's next task pass,
    // which comes after the next poll of the sockets
    this.later = r -> {
      try {
        this.context.nettyEventLoop().schedule(() -> this.context.dispatch(r), 0, TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException shuttingDown) {
        // the loop is closing with its connections: what is left has no socket to go to
      }
    };
  }

  /** The loop this pump runs on. */
  Context context() {
    return context;
  }

  /**
   * Hands {@code w} to this pump from any thread: counted in the node's backlog at once (so what waits in the loop's
   * task queue counts too), then offered on the loop, directly when the caller runs on it.
   */
  void hand(Work w) {
    backlog.added(w.remaining());
    Context current = io.vertx.core.Vertx.currentContext();
    Context here = current instanceof ContextInternal ci ? ci.unwrap() : current;
    if (context == here) {
      offer(w);
    } else {
      context.runOnContext(v -> offer(w));
    }
  }

  /** Queues a delivery (on this pump's loop); served at once when nothing waits before it. */
  void offer(Work w) {
    queue.add(w);
    queued += w.remaining();
    if (!running && !scheduled) {
      run();
    }
  }

  /** Runs {@code r} on this loop after the slice scheduled next, once the loop has polled its sockets again. */
  void afterNextSlice(Runnable r) {
    later.accept(r);
  }

  /** Whether deliveries are still waiting for a later slice. */
  boolean busy() {
    return !queue.isEmpty();
  }

  private void run() {
    scheduled = false;
    running = true;
    long total = 0;
    try {
      long budget = queued > BACKLOG_MAX ? queued : SLICE;
      while (budget > 0 && !queue.isEmpty()) {
        Work w = queue.peek();
        int served = w.serve((int) Math.min(budget, Integer.MAX_VALUE));
        budget -= served;
        queued -= served;
        total += served;
        if (w.done()) {
          queue.poll();
        }
      }
    } finally {
      running = false;
      backlog.served(total);
    }
    if (!queue.isEmpty()) {
      scheduled = true;
      later.accept(this::run);
    }
  }
}
