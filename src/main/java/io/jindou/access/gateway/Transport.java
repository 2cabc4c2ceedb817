package io.jindou.access.gateway;

import io.netty.buffer.Unpooled;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.buffer.BufferInternal;

/**
 * One client connection's byte pipe, TCP ({@link TcpTransport}) or WebSocket, seen the same way by a
 * {@link Session}. Every call runs on the connection's event loop. WebSocket writes are one packet per binary message (the npm client
 * breaks when packets are coalesced); text is only for JSON-RPC. A packet array handed over is never changed after
 * (the transport may send it without a copy); a packet laid out in place ({@link Fill}) skips the array altogether
 * where the transport has a buffer of its own (TCP).
 */
interface Transport {

  /** Lays one packet out in the transport's array, at {@code out[at, at + length)}. */
  @FunctionalInterface
  interface Fill {
    void into(byte[] out, int at);
  }

  void writePacket(byte[] packet);

  /** One packet of {@code length} bytes that {@code fill} writes in place; by default into an array of its own. */
  default void writePacket(int length, Fill fill) {
    byte[] packet = new byte[length];
    fill.into(packet, 0);
    writePacket(packet);
  }

  void writeText(String text);

  /** True when the outbound queue is over its bound: the peer is not reading. */
  boolean writeQueueFull();

  /** Sets that bound: unsent bytes past which {@link #writeQueueFull} is true. */
  void outboundLimit(int bytes);

  void close();

  String remoteHost();

  int remotePort();

  /** "tcp" or "ws". */
  String kind();

  /** The CONNECT was accepted: the pre-authentication guards of this transport, if any, can go. */
  default void authenticated() {
  }

  /** A WebSocket connection; {@code onAuthenticated} lifts its pre-authentication guard. */
  static Transport of(ServerWebSocket ws, Runnable onAuthenticated) {
    return new Transport() {
      @Override
      public void authenticated() {
        onAuthenticated.run();
      }

      @Override
      public void writePacket(byte[] packet) {
        ws.writeBinaryMessage(BufferInternal.buffer(Unpooled.wrappedBuffer(packet))); // no copy: never changed
      }

      @Override
      public void writeText(String text) {
        ws.writeTextMessage(text);
      }

      @Override
      public boolean writeQueueFull() {
        return ws.writeQueueFull();
      }

      @Override
      public void outboundLimit(int bytes) {
        ws.setWriteQueueMaxSize(bytes);
      }

      @Override
      public void close() {
        ws.close();
      }

      @Override
      public String remoteHost() {
        return ws.remoteAddress() == null ? "" : ws.remoteAddress().host();
      }

      @Override
      public int remotePort() {
        return ws.remoteAddress() == null ? 0 : ws.remoteAddress().port();
      }

      @Override
      public String kind() {
        return "ws";
      }
    };
  }
}
