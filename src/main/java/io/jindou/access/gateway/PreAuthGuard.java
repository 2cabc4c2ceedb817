package io.jindou.access.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.http.WebSocketInternal;
import java.util.logging.Logger;

/**
 * Caps what a WebSocket may send before its CONNECT is accepted, in raw bytes, ahead of Netty's frame decoder. The
 * decoder buffers a whole frame before anyone sees it, up to the listener's frame limit (about 1.4 MB, what an
 * authenticated client may send), so without this a connection that declares a big frame and sends part of it
 * holds that part until it times out. Before CONNACK a client sends one CONNECT (at most
 * {@code preauth_frame_max_bytes} plus its frame header) or one JSON-RPC {@code connect}: past the budget the
 * bytes are dropped and the connection closed, so an unauthenticated WebSocket never holds more than the budget.
 * The session removes the guard when it opens ({@link #lift}); after that it costs nothing.
 *
 * <p>It needs the connection's Netty pipeline, which Vert.x exposes through its internal
 * {@link WebSocketInternal}; if a Vert.x version stops exposing it, {@link #install} says so once and the message
 * limits of {@link WebSocketInbound} still apply, only later. It runs on the connection's event loop and never
 * reads the bytes it counts.
 */
final class PreAuthGuard extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = Logger.getLogger(PreAuthGuard.class.getName());
  private static final String NAME = "jindou-preauth-guard";
  private static volatile boolean warned;

  private final long budget;
  private final Runnable onOver;
  private long seen;

  private PreAuthGuard(long budget, Runnable onOver) {
    this.budget = budget;
    this.onOver = onOver;
  }

  /**
   * Puts a guard with {@code budget} bytes in front of {@code ws}'s frame decoder; {@code onOver} runs (on the
   * event loop) when the budget is passed, before the connection is closed. Returns what lifts it.
   */
  static Runnable install(ServerWebSocket ws, long budget, Runnable onOver) {
    ChannelPipeline p = ws instanceof WebSocketInternal wi ? wi.channelHandlerContext().pipeline() : null;
    ChannelHandlerContext decoder = p == null ? null : p.context(WebSocketFrameDecoder.class);
    if (decoder == null) {
      if (!warned) {
        warned = true;
        LOG.warning("cannot reach the WebSocket frame decoder of " + ws.getClass().getName() + ": WebSocket frames "
            + "before CONNACK are limited only once complete");
      }
      return () -> {
      };
    }
    PreAuthGuard g = new PreAuthGuard(budget, onOver);
    p.addBefore(decoder.name(), NAME, g);
    return () -> {
      if (p.get(NAME) == g) {
        p.remove(g);
      }
    };
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf b) {
      seen += b.readableBytes();
      if (seen > budget) {
        ReferenceCountUtil.release(msg);
        onOver.run();
        ctx.close();
        return;
      }
    }
    ctx.fireChannelRead(msg);
  }
}
