package io.jindou.access.gateway;

import io.jindou.channel.Fanout;
import io.jindou.metrics.Metrics;
import io.jindou.model.Message;
import io.jindou.model.SendCommand;
import io.jindou.proto.ConnectPacket;
import io.jindou.proto.Flags;
import io.jindou.proto.RecvackPacket;
import io.jindou.proto.WkCrypto;
import io.jindou.proto.WkEncoder;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetSocket;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The CPU and heap one RECV delivery costs on the gateway's event loop (issue 22), without a client or a socket:
 * the real {@link Fanout} → {@link SessionRegistry} presence → {@link LocalDelivery} → {@link Session#deliver}
 * (seal, encode) → {@link TcpTransport} pending buffer → {@link WriteCoalescer} flush into a socket that drops
 * the bytes, then (unless {@code noack}) one RECVACK frame per delivery read by each session. One event loop holds
 * every session, as the busiest loop of a node does; the process figure adds the collector's threads. The socket is
 * a reflection proxy, whose {@code writeQueueFull} costs more than the real one. Run from the build's classes (it is
 * in the bench source folder, in the gateway's package, and not in either jar):
 * {@code java -cp target/classes:target/test-classes:$(cat target/cp.txt) io.jindou.access.gateway.DeliveryCost
 * [members 10000] [online 5000] [messages per flush 1] [rounds 6] [ack|noack]}
 * ({@code mvn dependency:build-classpath -Dmdep.outputFile=target/cp.txt} writes the class path). It only
 * measures; it opens no port and writes no file.
 */
public final class DeliveryCost {
  private DeliveryCost() {
  }

  public static void main(String[] args) throws Exception {
    int members = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int online = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
    int perFlush = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 6;
    boolean ack = args.length <= 4 || !args[4].equals("noack");
    Vertx vertx = Vertx.vertx();
    Context ctx = vertx.getOrCreateContext();
    GatewayConfig config = new GatewayConfig(1, "127.0.0.1", 0, 0, false, 1 << 20, 0, 60_000, 600_000, 3, 1024,
        64 << 20, 1L << 40, 1L << 30, 0, 1_000_000, 1_000_000, 1_000_000, false, 4096, 10_000, false, null);
    SessionRegistry registry = new SessionRegistry(1);
    GatewayServices gw = new GatewayServices(config, null, null, registry, 1_000_000, 5, 1000, 60_000, 1000);
    NetSocket socket = (NetSocket) Proxy.newProxyInstance(DeliveryCost.class.getClassLoader(),
        new Class<?>[] {NetSocket.class}, (p, m, a) -> switch (m.getName()) {
          case "write", "end" -> Future.succeededFuture();
          case "writeQueueFull" -> false;
          case "hashCode" -> System.identityHashCode(p);
          case "equals" -> p == a[0];
          default -> null;
        });
    Set<String> group = new HashSet<>();
    List<Session> sessions = new ArrayList<>();
    String clientKey = WkCrypto.generateKeyPair().publicKeyBase64();
    CompletableFuture<Thread> loop = new CompletableFuture<>();
    DeliveryPump pump = new DeliveryPump(ctx);
    ctx.runOnContext(v -> {
      WriteCoalescer coalescer = new WriteCoalescer(ctx, Metrics.OFF, pump);
      try {
        for (int i = 0; i < members; i++) {
          String uid = "member-" + i;
          group.add(uid);
          if (i % Math.max(1, members / online) != 0 || sessions.size() >= online) {
            continue;
          }
          WkProtoCodec codec = new WkProtoCodec(1 << 20, 4096, 1);
          codec.open(new ConnectPacket(4, 1, "dev-" + i, uid, "t", 0, clientKey), 4);
          Session s = new Session(i + 1, pump, new TcpTransport(socket, coalescer), gw, codec);
          s.uid = uid;
          s.version = 4;
          s.deviceLevel = 1;
          s.opened();
          registry.register(s);
          sessions.add(s);
        }
        loop.complete(Thread.currentThread());
      } catch (Exception e) {
        loop.completeExceptionally(e);
      }
    });
    Thread loopThread = loop.get();
    LocalDelivery delivery = new LocalDelivery(registry, 1);
    Fanout fanout = new Fanout(vertx, registry, (m, r, o, c) -> {
    }, 1, delivery, delivery::acceptEvent, Metrics.OFF);
    byte[] payload = new byte[256];
    java.util.Arrays.fill(payload, (byte) 'x');
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long tid = loopThread.getId();
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long[] seq = {0};
    int messages = 200;
    System.out.printf("%d members, %d online on one loop, %d message(s) per flush, RECVACKs %s%n", members,
        sessions.size(), perFlush, ack ? "read" : "not sent");
    for (int round = 1; round <= rounds; round++) {
      CompletableFuture<Void> done = new CompletableFuture<>();
      long p0 = os.getProcessCpuTime();
      long c0 = mx.getThreadCpuTime(tid);
      long b0 = mx.getThreadAllocatedBytes(tid);
      ctx.runOnContext(v -> step(ctx, pump, fanout, group, sessions, payload, seq, messages, perFlush, ack, done));
      done.get();
      long c1 = mx.getThreadCpuTime(tid);
      long b1 = mx.getThreadAllocatedBytes(tid);
      long p1 = os.getProcessCpuTime();
      long deliveries = (long) messages * sessions.size();
      System.out.printf("round %d: %.2f us CPU on the loop (%.2f us in the process, GC included) and %d bytes "
          + "allocated per delivery (%d deliveries)%n", round, (c1 - c0) / 1000.0 / deliveries,
          (p1 - p0) / 1000.0 / deliveries, (b1 - b0) / deliveries, deliveries);
    }
    vertx.close().await();
  }

  /**
   * Fans out {@code perFlush} messages, then (once the loop's pump has served them all, behind the flush) their
   * RECVACKs, then the next step.
   */
  private static void step(Context ctx, DeliveryPump pump, Fanout fanout, Set<String> group, List<Session> sessions, byte[] payload,
      long[] seq, int left, int perFlush, boolean ack, CompletableFuture<Void> done) {
    if (left <= 0) {
      ctx.runOnContext(v -> done.complete(null)); // behind the last flush
      return;
    }
    int n = Math.min(left, perFlush);
    List<byte[]> acks = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      long s = ++seq[0];
      long id = 1_000_000_000L + s * 4096;
      Message m = new Message(id, s, "cmn-" + s, "", "sender", "big-group", 2, 1_733_300_000L, 0, false, true,
          false, 0, "", "", payload);
      fanout.committed(m, group, new SendCommand(m, false, List.of(), false));
      acks.add(WkEncoder.encode(new RecvackPacket(Flags.NONE, id, s), 4));
    }
    whenServed(ctx, pump, () -> {
      if (ack) {
        for (Session s : sessions) {
          for (byte[] a : acks) {
            s.onBinary(a);
          }
        }
      }
      step(ctx, pump, fanout, group, sessions, payload, seq, left - n, perFlush, ack, done);
    });
  }

  /** Runs {@code next} on the loop once {@code pump} has nothing queued, behind the flush of the last slice. */
  private static void whenServed(Context ctx, DeliveryPump pump, Runnable next) {
    if (pump.busy()) {
      pump.afterNextSlice(() -> whenServed(ctx, pump, next));
    } else {
      ctx.runOnContext(v -> next.run());
    }
  }
}
