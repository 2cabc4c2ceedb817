package io.jindou.model;

import java.util.List;

/**
 * A node's monitoring figures, the reply to a {@link VarzQuery} (spec http-api §1.1): connection and traffic
 * totals, process figures (resident memory, CPU load and cumulative CPU time, heap in use, uptime) and the
 * gateway ports; {@code conns} is null unless connections were asked for. Taken on the node itself; a plain
 * value that the HTTP edge renders.
 */
public record VarzFigures(int nodeId, long connections, long uptimeMs, long mem, double cpu, long cpuTimeMs,
    long heapUsed, long inMsgs, long outMsgs, long inBytes, long outBytes, long slowClients, long retryQueue,
    int tcpPort, int wsPort, List<ConnectionInfo> conns) {
}
