package io.jindou.access.gateway;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.WebSocketFrameType;
import java.nio.charset.StandardCharsets;

/**
 * The data frames of one WebSocket, read frame by frame rather than through Vert.x's message aggregation (whose
 * handling of an empty first fragment threw on every later message and left the session frozen, issue 17):
 * binary frames and their continuations go to the session as they come, since WKProto over WebSocket is a
 * stream anyway (spec wkproto §4.2); text fragments are joined into one JSON-RPC message of at most the session's
 * current {@link Session#frameLimit} bytes. The first message picks the dialect: binary is WKProto, text that
 * opens a JSON object is JSON-RPC, other text closes the connection.
 *
 * <p>Fragmentation that breaks the rules closes that connection with one log line: a continuation with no
 * message to continue, a new message before the last one ended, a fragment that carries no bytes and does not
 * end its message (RFC 6455 allows them, but no WuKongIM client sends one, and they were the freeze). Control
 * frames are Vert.x's (it answers PINGs and CLOSEs); they count only as activity. Confined to the connection's
 * event loop.
 */
final class WebSocketInbound implements Handler<WebSocketFrame> {
  private final Session session;
  private final java.util.function.Supplier<SessionCodec> wkProto;
  private final java.util.function.Supplier<SessionCodec> jsonRpc;
  /** The type of the fragmented message in progress (BINARY or TEXT), or null. */
  private WebSocketFrameType open;
  private Buffer text;

  WebSocketInbound(Session session, java.util.function.Supplier<SessionCodec> wkProto,
      java.util.function.Supplier<SessionCodec> jsonRpc) {
    this.session = session;
    this.wkProto = wkProto;
    this.jsonRpc = jsonRpc;
  }

  @Override
  public void handle(WebSocketFrame f) {
    if (session.closed()) {
      return;
    }
    WebSocketFrameType type = f.type();
    if (type == WebSocketFrameType.PING || type == WebSocketFrameType.PONG || type == WebSocketFrameType.CLOSE) {
      session.stats.lastActivity = System.currentTimeMillis(); // a WebSocket ping keeps the connection open
      return;
    }
    Buffer data = f.binaryData();
    if (type == WebSocketFrameType.CONTINUATION) {
      if (open == null) {
        session.close("WebSocket continuation frame without a message to continue");
        return;
      }
      type = open;
    } else if (open != null) {
      session.close("WebSocket " + type + " frame inside an unfinished fragmented message");
      return;
    }
    if (!f.isFinal() && data.length() == 0) {
      session.close("empty WebSocket fragment in a fragmented " + type + " message");
      return;
    }
    open = f.isFinal() ? null : type;
    if (type == WebSocketFrameType.BINARY) {
      binary(data);
    } else {
      text(data, f.isFinal());
    }
  }

  private void binary(Buffer data) {
    if (!session.hasCodec()) {
      session.useCodec(wkProto.get());
    }
    session.onBinary(data.getBytes());
  }

  private void text(Buffer data, boolean last) {
    int limit = session.frameLimit();
    long size = (long) (text == null ? 0 : text.length()) + data.length();
    if (size > limit) {
      session.close("WebSocket text message over " + limit + " bytes");
      return;
    }
    if (!last) {
      if (text == null) {
        text = Buffer.buffer((int) Math.min(limit, 2 * size));
      }
      text.appendBuffer(data);
      return;
    }
    Buffer whole = text == null ? data : text.appendBuffer(data);
    text = null;
    String message = whole.toString(StandardCharsets.UTF_8);
    if (!session.hasCodec()) {
      if (!JsonRpcCodec.claims(message)) {
        session.close("first WebSocket text message is not a JSON-RPC object");
        return;
      }
      session.useCodec(jsonRpc.get());
    }
    session.onText(message);
  }
}
