package io.jindou.access.gateway;

import io.jindou.access.net.PerIpLimit;
import io.jindou.channel.ChannelService;
import io.jindou.usecase.SendMessages;
import io.jindou.user.UserService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every session of this node shares: configuration, the send use case (shared with the HTTP API), the
 * domain services CONNECT calls, the session registry, the connection counts (in all, and per client address
 * over TCP and WebSocket together) and the memory of failed CONNECTs per address. Each connection makes its own
 * X25519 key pair at CONNECT. Immutable and thread-safe.
 */
public record GatewayServices(GatewayConfig config, SendMessages sends, ChannelService channels, UserService users,
    SessionRegistry registry, AtomicInteger openConnections, AtomicBoolean inboxTaken, PerIpLimit perIp,
    AuthFailures authFailures) {

  /**
   * Services with fresh counters; {@code authFailThreshold}, {@code authFailDelayMaxMs}, {@code authFailWindowMs}
   * and {@code authFailIpsMax} configure {@link AuthFailures}.
   */
  public GatewayServices(GatewayConfig config, SendMessages sends, ChannelService channels, UserService users,
      SessionRegistry registry, int maxConnectionsPerIp, int authFailThreshold, long authFailDelayMaxMs,
      long authFailWindowMs, int authFailIpsMax) {
    this(config, sends, channels, users, registry, registry.open, new AtomicBoolean(),
        new PerIpLimit(maxConnectionsPerIp),
        new AuthFailures(authFailThreshold, authFailDelayMaxMs, authFailWindowMs, authFailIpsMax));
  }
}
