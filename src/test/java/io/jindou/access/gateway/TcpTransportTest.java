package io.jindou.access.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packets of one loop turn leave in one socket write, in order, whether handed over as arrays or laid out in
 * place, across the pending array's growth and on the turn after a large burst; a packet whose layout fails is
 * not sent, not even in part.
 */
class TcpTransportTest {

  @Test
  void oneWritePerTurnInOrderAndNothingOfAFailedPacket() throws Exception {
    List<byte[]> writes = new ArrayList<>();
    NetSocket socket = (NetSocket) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {NetSocket.class},
        (p, m, a) -> switch (m.getName()) {
          case "write" -> {
            writes.add(((Buffer) a[0]).getBytes());
            yield Future.succeededFuture();
          }
          case "writeQueueFull" -> false;
          default -> null;
        });
    Vertx vertx = Vertx.vertx();
    try {
      Context ctx = vertx.getOrCreateContext();
      ByteArrayOutputStream expected = new ByteArrayOutputStream();
      CompletableFuture<Void> turn = new CompletableFuture<>();
      ctx.runOnContext(v -> {
        TcpTransport t = new TcpTransport(socket, new WriteCoalescer(ctx));
        byte[] first = {1, 2, 3};
        t.writePacket(first);
        expected.writeBytes(first);
        for (int i = 0; i < 50; i++) {
          int n = 1 + i * 7;
          byte b = (byte) i;
          t.writePacket(n, (out, at) -> java.util.Arrays.fill(out, at, at + n, b));
          expected.writeBytes(filled(n, b));
          if (i % 10 == 0) {
            assertThrows(IllegalStateException.class, () -> t.writePacket(40, (out, at) -> {
              out[at] = 99;
              throw new IllegalStateException("layout failed");
            }));
          }
        }
        ctx.runOnContext(w -> { // behind the flush
          t.writePacket(5, (out, at) -> java.util.Arrays.fill(out, at, at + 5, (byte) 7));
          t.writePacket(new byte[] {8});
          ctx.runOnContext(x -> turn.complete(null));
        });
      });
      turn.get(10, TimeUnit.SECONDS);
      assertEquals(2, writes.size(), "one socket write per loop turn");
      assertArrayEquals(expected.toByteArray(), writes.get(0));
      assertArrayEquals(new byte[] {7, 7, 7, 7, 7, 8}, writes.get(1), "the turn after a burst");
    } finally {
      vertx.close().await();
    }
  }

  private static byte[] filled(int n, byte b) {
    byte[] a = new byte[n];
    java.util.Arrays.fill(a, b);
    return a;
  }
}
