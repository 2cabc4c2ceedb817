package io.jindou.access.gateway;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;

/**
 * A TCP client connection as a {@link Transport}. Packets are held until the event loop's
 * {@link WriteCoalescer} flushes, so the packets of one loop turn leave in one socket write (a byte stream
 * keeps their order and boundaries). Closing flushes first. Confined to the connection's event loop; it
 * holds no buffer while nothing is pending.
 */
final class TcpTransport implements Transport {
  private final NetSocket socket;
  private final WriteCoalescer coalescer;
  private byte[] first;
  private Buffer more;

  TcpTransport(NetSocket socket, WriteCoalescer coalescer) {
    this.socket = socket;
    this.coalescer = coalescer;
  }

  @Override
  public void writePacket(byte[] packet) {
    if (first == null) {
      first = packet;
      coalescer.dirty(this);
      return;
    }
    if (more == null) {
      more = Buffer.buffer(first.length + packet.length + 512).appendBytes(first);
    }
    more.appendBytes(packet);
  }

  /** Writes what is pending as one buffer. */
  void flush() {
    if (first == null) {
      return;
    }
    Buffer out = more != null ? more : Buffer.buffer(first);
    first = null;
    more = null;
    socket.write(out);
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
