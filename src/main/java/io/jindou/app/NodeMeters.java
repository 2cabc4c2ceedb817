package io.jindou.app;

import io.jindou.access.gateway.SessionRegistry;
import io.jindou.cluster.Membership;
import io.jindou.metrics.LoopLag;
import io.jindou.metrics.Metrics;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;

/**
 * The node-wide meters that read other components at scrape time: connections by transport and version, online
 * users, what the node sees of its cluster, the RECV retry and slow-consumer totals the session registry keeps,
 * and the event-loop lag probes. Wiring only (part of the composition root); it records nothing on a hot path.
 */
final class NodeMeters {
  private NodeMeters() {
  }

  /**
   * The node-wide gauges and counters read at scrape time (connections, online users, cluster members, RECV
   * retries, slow consumers), and one event-loop lag probe per loop.
   */
  static void register(Metrics metrics, Vertx vertx, SessionRegistry sessions, Membership m, int loops)
      throws Exception {
    if (!metrics.enabled()) {
      return;
    }
    metrics.multiGauge("jindou.connections", "open client connections by transport, protocol and its version",
        new String[] {"transport", "protocol", "version"}, sessions::byProtocol);
    metrics.gauge("jindou.online.users", "uids with at least one connection on this node", sessions,
        s -> s.uids().size());
    metrics.gauge("jindou.cluster.members.seen", "cluster members this node sees, itself included", m,
        x -> x.sight().seen());
    metrics.gauge("jindou.cluster.members.expected", "cluster members expected (cluster_expected_members)", m,
        x -> x.sight().expected());
    metrics.gauge("jindou.ring.members", "nodes in this node's channel ring", m, x -> x.ring().members().size());
    metrics.counter("jindou.recv.retries", "RECVs sent again for want of a RECVACK", sessions,
        s -> s.counters()[2]);
    metrics.counter("jindou.slow.consumers.dropped", "connections closed because the peer did not read", sessions,
        s -> s.counters()[1]);
    metrics.gauge("jindou.delivery.backlog", "deliveries handed to the gateway's loops and not yet written",
        sessions.backlog(), b -> b.queued());
    metrics.counter("jindou.writes.held", "writes the channel owners held until the deliveries caught up",
        sessions.backlog(), b -> b.heldWrites());
    metrics.counter("jindou.writes.refused", "writes refused because too many were held (503, retry)",
        sessions.backlog(), b -> b.refusedWrites());
    LoopLag lag = new LoopLag(metrics, loops);
    vertx.deployVerticle(lag::probe, new DeploymentOptions().setInstances(loops)).await(30, TimeUnit.SECONDS);
  }
}
