package io.jindou.access.gateway;

import io.jindou.metrics.Metrics;
import io.jindou.access.net.PerIpLimit;
import io.jindou.usecase.ClientLogin;
import io.jindou.usecase.SendMessages;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every session of this node shares: configuration, the login and send use cases (shared with the other
 * edges), the session registry, the connection counts (in all, and per client address over TCP and WebSocket
 * together) and the memory of failed CONNECTs per address. Each connection makes its own X25519 key pair at
 * CONNECT. Immutable and thread-safe.
 */
public record GatewayServices(GatewayConfig config, ClientLogin login, SendMessages sends, SessionRegistry registry,
    AtomicInteger openConnections, AtomicBoolean inboxTaken, PerIpLimit perIp, AuthFailures authFailures,
    Metrics metrics) {

  /**
   * Services with fresh counters; {@code authFailThreshold}, {@code authFailDelayMaxMs}, {@code authFailWindowMs}
   * and {@code authFailIpsMax} configure {@link AuthFailures}.
   */
  public GatewayServices(GatewayConfig config, ClientLogin login, SendMessages sends, SessionRegistry registry,
      int maxConnectionsPerIp, int authFailThreshold, long authFailDelayMaxMs, long authFailWindowMs,
      int authFailIpsMax) {
    this(config, login, sends, registry, maxConnectionsPerIp, authFailThreshold, authFailDelayMaxMs,
        authFailWindowMs, authFailIpsMax, Metrics.OFF);
  }

  /** As above, recording deliveries, socket writes and packet-rate refusals into {@code metrics}. */
  public GatewayServices(GatewayConfig config, ClientLogin login, SendMessages sends, SessionRegistry registry,
      int maxConnectionsPerIp, int authFailThreshold, long authFailDelayMaxMs, long authFailWindowMs,
      int authFailIpsMax, Metrics metrics) {
    this(config, login, sends, registry, registry.open, new AtomicBoolean(), new PerIpLimit(maxConnectionsPerIp),
        new AuthFailures(authFailThreshold, authFailDelayMaxMs, authFailWindowMs, authFailIpsMax), metrics);
  }
}
