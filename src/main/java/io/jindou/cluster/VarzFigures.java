package io.jindou.cluster;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A node's monitoring figures, the reply to a {@link VarzQuery} (spec http-api §1.1): connection and traffic
 * totals, process figures (resident memory, CPU load and cumulative CPU time, heap in use, uptime) and the
 * gateway ports; {@code conns} is null unless connections were asked for. Taken on the node itself
 * ({@link #of}); a plain value that the HTTP edge renders. It never changes anything.
 */
public record VarzFigures(int nodeId, long connections, long uptimeMs, long mem, double cpu, long cpuTimeMs,
    long heapUsed, long inMsgs, long outMsgs, long inBytes, long outBytes, long slowClients, long retryQueue,
    int tcpPort, int wsPort, List<Connections.Info> conns) {

  private static final long STARTED = System.currentTimeMillis();

  /** The figures of this process and of {@code conns}' connections now. */
  public static VarzFigures of(Connections conns, VarzQuery q, int nodeId, int tcpPort, int wsPort) {
    List<Connections.Info> all = conns.all();
    long[] counters = conns.counters();
    long inMsgs = 0;
    long outMsgs = 0;
    long inBytes = 0;
    long outBytes = 0;
    for (Connections.Info c : all) {
      inMsgs += c.inMsgs();
      outMsgs += c.outMsgs();
      inBytes += c.inBytes();
      outBytes += c.outBytes();
    }
    com.sun.management.OperatingSystemMXBean os =
        ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean o ? o : null;
    double cpu = os == null ? 0 : Math.max(0, os.getProcessCpuLoad() * 100);
    long cpuTimeMs = os == null ? 0 : Math.max(0, os.getProcessCpuTime() / 1_000_000);
    long heap = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
    List<Connections.Info> shown = q.showConns() ? all.stream().limit(q.connLimit()).toList() : null;
    return new VarzFigures(nodeId, counters[0], System.currentTimeMillis() - STARTED, rss(), cpu, cpuTimeMs, heap,
        inMsgs, outMsgs, inBytes, outBytes, counters[1], counters[2], tcpPort, wsPort, shown);
  }

  private static long rss() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (Exception e) {
      // not Linux: fall back to the heap in use
    }
    return Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
  }
}
