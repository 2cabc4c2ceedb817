package io.jindou.tools;

import io.jindou.proto.Flags;
import io.jindou.proto.RecvFrame;
import io.jindou.proto.RecvPacket;
import io.jindou.proto.Setting;
import io.jindou.proto.WkCrypto;
import io.jindou.proto.WkCryptoSession;
import io.jindou.proto.WkEncoder;
import java.lang.management.ManagementFactory;

/**
 * The CPU and the heap one RECV costs to seal and encode (issue 22), on one thread, without a server or a socket:
 * {@code java -cp target/jindou.jar:target/jindou-bench.jar io.jindou.tools.SealCost [payload bytes] [rounds] [path]}.
 * {@code path}: {@code record} seals a record and encodes it ({@code WkEncoder.encode(sealRecv(p))}), {@code frame}
 * (the default) seals and encodes in one pass into a fresh array ({@code RecvFrame.encode}), {@code inplace} into an
 * array reused as a connection's pending bytes are ({@code RecvFrame.write}, what the gateway does over TCP).
 * Prints per round the thread's CPU time and allocated bytes per RECV (the first rounds include the JIT). It only
 * measures; it touches no network and no file.
 */
public final class SealCost {
  private SealCost() {
  }

  public static void main(String[] args) {
    int size = args.length > 0 ? Integer.parseInt(args[0]) : 256;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 6;
    String path = args.length > 2 ? args[2] : "frame";
    WkCryptoSession s = WkCrypto.session("0123456789abcdef", "saltsaltsaltsalt");
    byte[] payload = new byte[size];
    java.util.Arrays.fill(payload, (byte) 'x');
    RecvPacket p = new RecvPacket(new Flags(false, false, true, false), Setting.of(0), "", "sender-uid-1",
        "group-channel-1", 2, 0, "0f3a1c2e-client-msg-no", 0, "", 0, 1234567890123L, 42L, 1733300000, "", payload);
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    long sink = 0;
    for (int round = 1; round <= rounds; round++) {
      int n = 300_000;
      long b0 = mx.getThreadAllocatedBytes(id);
      long c0 = mx.getCurrentThreadCpuTime();
      switch (path) {
        case "record" -> {
          for (int i = 0; i < n; i++) {
            sink += WkEncoder.encode(s.sealRecv(p), 4).length;
          }
        }
        case "frame" -> {
          for (int i = 0; i < n; i++) {
            sink += RecvFrame.encode(p, s, 4).length;
          }
        }
        case "inplace" -> {
          byte[] pending = new byte[64 * 1024];
          int at = 0;
          for (int i = 0; i < n; i++) {
            int length = RecvFrame.length(p, 4);
            at = at + length > pending.length ? 0 : at;
            at += RecvFrame.write(p, s, 4, pending, at, length);
          }
          sink += at + pending[0];
        }
        default -> throw new IllegalArgumentException("path must be record, frame or inplace, got " + path);
      }
      long c1 = mx.getCurrentThreadCpuTime();
      long b1 = mx.getThreadAllocatedBytes(id);
      System.out.printf("round %d (%s): %.2f us CPU and %d bytes allocated per sealed and encoded RECV of %d bytes%n",
          round, path, (c1 - c0) / 1000.0 / n, (b1 - b0) / n, size);
    }
    System.out.println(sink > 0 ? "" : "?");
  }
}
