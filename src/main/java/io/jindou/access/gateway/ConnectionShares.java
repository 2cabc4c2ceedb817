package io.jindou.access.gateway;

import java.util.function.IntSupplier;

/**
 * Each client connection's share of the node's memory for what its peer has not taken yet: unsent bytes
 * ({@code outbound_total_bytes}) and un-RECVACKed messages ({@code recv_unacked_total}). The per-connection settings
 * ({@code outbound_queue_bytes}, {@code recv_unacked_max}) bound one connection; without a node-wide bound, thousands
 * of connections whose peers stop reading (a mobile network that went quiet, a client that hangs) would each fill
 * theirs, which is connections × 1 MiB of heap: 5,000 such connections during a busy fan-out took a 2 GB heap to
 * an OutOfMemoryError. A connection's share is the budget divided by the open connections, at most the
 * per-connection setting and at least {@value #OUTBOUND_FLOOR} bytes and {@value #UNACKED_FLOOR} messages, rounded
 * down to a power of two so that it changes only when the connection count does by a good part. It only computes
 * shares: the gateway applies them to its sessions (at accept and on each periodic tick), and a session over its
 * bytes is closed as a slow consumer (it resyncs when it reconnects) while one over its messages drops the oldest to
 * sync, as each did before at the per-connection setting. Thread-safe; it holds no connection.
 */
final class ConnectionShares {
  /** The least unsent bytes a connection may have before it counts as a slow consumer, whatever the budget. */
  static final int OUTBOUND_FLOOR = 64 * 1024;
  /** The least un-RECVACKed messages a connection keeps for a retry, whatever the budget. */
  static final int UNACKED_FLOOR = 64;

  private final long outboundTotal;
  private final int outboundMax;
  private final long unackedTotal;
  private final int unackedMax;
  private final IntSupplier open;

  /**
   * Shares of {@code outboundTotal} bytes and {@code unackedTotal} messages among the {@code open} connections, at
   * most {@code outboundMax} and {@code unackedMax} each.
   */
  ConnectionShares(long outboundTotal, int outboundMax, long unackedTotal, int unackedMax, IntSupplier open) {
    this.outboundTotal = outboundTotal;
    this.outboundMax = outboundMax;
    this.unackedTotal = unackedTotal;
    this.unackedMax = unackedMax;
    this.open = open;
  }

  /** Unsent bytes one connection may hold now. */
  int outboundBytes() {
    return share(outboundTotal, outboundMax, OUTBOUND_FLOOR);
  }

  /** Un-RECVACKed messages one connection keeps now. */
  int unacked() {
    return share(unackedTotal, unackedMax, UNACKED_FLOOR);
  }

  private int share(long total, int max, int floor) {
    long each = total / Math.max(1, open.getAsInt());
    if (each >= max) {
      return max;
    }
    return (int) Math.min(max, Math.max(floor, Long.highestOneBit(Math.max(1, each))));
  }
}
