package io.jindou.access.gateway;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;

/**
 * One client connection's byte pipe, TCP ({@link TcpTransport}) or WebSocket, seen the same way by a
 * {@link Session}. Every call runs on the connection's event loop. WebSocket writes are one packet per binary message (the npm client
 * breaks when packets are coalesced); text is only for JSON-RPC.
 */
interface Transport {

  void writePacket(byte[] packet);

  void writeText(String text);

  /** True when the outbound queue is over its bound: the peer is not reading. */
  boolean writeQueueFull();

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
        ws.writeBinaryMessage(Buffer.buffer(packet));
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
