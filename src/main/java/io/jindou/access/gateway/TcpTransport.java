package io.jindou.access.gateway;

import io.netty.buffer.Unpooled;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.net.NetSocket;

/**
 * A TCP client connection as a {@link Transport}. Packets are held until the event loop's
 * {@link WriteCoalescer} flushes, so the packets of one loop turn leave in one socket write (a byte stream
 * keeps their order and boundaries). A packet laid out in place ({@link Transport.Fill}, a RECV) is written straight
 * into the pending array, and the array goes to the socket without a copy. Closing flushes first. Confined to the
 * connection's event loop; it holds no array while nothing is pending.
 */
final class TcpTransport implements Transport {
  private final NetSocket socket;
  private final WriteCoalescer coalescer;
  /** What the next flush writes: {@code pending[0, pendingLength)}; null while nothing is pending. */
  private byte[] pending;
  private int pendingLength;
  /** False while {@code pending} is a caller's packet, which is sent as it is but never written into. */
  private boolean owned;
  /**
   * How many bytes the last flush wrote (at most {@value #START_MAX}): a connection in a burst gets about as many on
   * the next turn, so its next array starts that large instead of doubling its way up (each doubling is an array and
   * a copy).
   */
  private int lastFlushLength;
  /** The largest array a connection starts with: one big burst must not make every later packet allocate as much. */
  static final int START_MAX = 64 << 10;

  TcpTransport(NetSocket socket, WriteCoalescer coalescer) {
    this.socket = socket;
    this.coalescer = coalescer;
  }

  @Override
  public void writePacket(byte[] packet) {
    if (pending == null) {
      pending = packet; // alone it leaves as it is; a second packet copies it into an array of ours
      pendingLength = packet.length;
      owned = false;
      coalescer.dirty(this);
      return;
    }
    int at = reserve(packet.length); // before reading pending: reserving may replace it
    System.arraycopy(packet, 0, pending, at, packet.length);
  }

  @Override
  public void writePacket(int length, Fill fill) {
    int at = reserve(length);
    try {
      fill.into(pending, at);
    } catch (RuntimeException e) {
      pendingLength = at; // a packet that failed half-written never reaches the peer
      throw e;
    }
  }

  /** Makes room for {@code length} more pending bytes in an array of ours; returns where they go. */
  private int reserve(int length) {
    if (pending == null) {
      pending = new byte[Math.max(length, lastFlushLength)];
      pendingLength = 0;
      owned = true;
      coalescer.dirty(this);
    } else if (!owned || pending.length - pendingLength < length) {
      int capacity = Math.max(Math.max(pending.length * 2, pendingLength + length), lastFlushLength);
      pending = java.util.Arrays.copyOf(pending, capacity);
      owned = true;
    }
    int at = pendingLength;
    pendingLength += length;
    return at;
  }

  /** Writes what is pending as one buffer. */
  void flush() {
    if (pending == null) {
      return;
    }
    byte[] out = pending;
    int length = pendingLength;
    pending = null;
    pendingLength = 0;
    lastFlushLength = Math.min(length, START_MAX);
    if (length == 0) {
      return;
    }
    socket.write(BufferInternal.buffer(Unpooled.wrappedBuffer(out).writerIndex(length))); // no slice object
  }

  @Override
  public void writeText(String text) {
    throw new IllegalStateException("TCP carries no text frames");
  }

  @Override
  public boolean writeQueueFull() {
    return socket.writeQueueFull();
  }

  @Override
  public void outboundLimit(int bytes) {
    socket.setWriteQueueMaxSize(bytes);
  }

  @Override
  public void close() {
    flush();
    socket.close();
  }

  @Override
  public String remoteHost() {
    return socket.remoteAddress() == null ? "" : socket.remoteAddress().host();
  }

  @Override
  public int remotePort() {
    return socket.remoteAddress() == null ? 0 : socket.remoteAddress().port();
  }

  @Override
  public String kind() {
    return "tcp";
  }
}
