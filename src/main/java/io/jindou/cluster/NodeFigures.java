package io.jindou.cluster;

import io.jindou.model.ConnectionInfo;
import io.jindou.model.VarzFigures;
import io.jindou.model.VarzQuery;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Takes this node's {@link VarzFigures}: totals over its connections and the process's own figures (resident
 * memory from {@code /proc/self/status}, or the heap elsewhere; CPU load and time; heap; uptime). It only
 * reads.
 */
final class NodeFigures {
  private static final long STARTED = System.currentTimeMillis();

  private NodeFigures() {
  }

  static VarzFigures of(Connections conns, VarzQuery q, int nodeId, int tcpPort, int wsPort) {
    List<ConnectionInfo> all = conns.all();
    long[] counters = conns.counters();
    long inMsgs = 0;
    long outMsgs = 0;
    long inBytes = 0;
    long outBytes = 0;
    for (ConnectionInfo c : all) {
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
    List<ConnectionInfo> shown = q.showConns() ? all.stream().limit(q.connLimit()).toList() : null;
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
