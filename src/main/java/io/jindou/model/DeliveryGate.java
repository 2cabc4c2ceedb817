package io.jindou.model;

/**
 * Whether this node's client connections can take more deliveries now: the port through which the gateway's
 * delivery backlog pushes back on the channel owners, so that a sender faster than the fan-out is slowed down to
 * it instead of the deliveries queuing without bound (issue 22). It only answers and wakes; it never holds a
 * request or decides who receives what.
 */
public interface DeliveryGate {
  /** A gate that is always open (no gateway on this node, or tests of the domain alone). */
  DeliveryGate ALWAYS_OPEN = new DeliveryGate() {
    @Override
    public boolean open() {
      return true;
    }

    @Override
    public void whenOpen(Runnable wake) {
      wake.run();
    }
  };

  /** Whether the deliveries waiting on this node are few enough to take more. */
  boolean open();

  /**
   * Runs {@code wake} once when the gate has opened again (at once, on the calling thread, when it is open now;
   * else on the thread that drained the backlog, so {@code wake} must only hand over to its own context).
   */
  void whenOpen(Runnable wake);

  /** Told by an owner that it held a write while the gate was shut ({@code refused}: it had to refuse it). */
  default void held(boolean refused) {
  }
}
