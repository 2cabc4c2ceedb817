package io.jindou.access.gateway;

/**
 * The gateway's limits and switches, all from the node configuration (README lists keys and defaults).
 * Times are milliseconds unless the name says otherwise. {@code preAuthFrameBytes} bounds every frame and
 * WebSocket message until CONNACK; {@code maxPacketBytes} after it. {@code tls}: the key and certificate both
 * listeners (TCP and WebSocket) speak TLS with ({@code gateway_tls}), null = plain. {@code outboundTotalBytes} and
 * {@code recvUnackedTotal} are the node-wide budgets {@link ConnectionShares} divides among the connections.
 */
public record GatewayConfig(
    int nodeId,
    String host,
    int tcpPort,
    int wsPort,
    boolean tokenAuth,
    int maxPacketBytes,
    int idleTimeoutSeconds,
    long authTimeoutMs,
    long recvRetryIntervalMs,
    int recvRetryMax,
    int recvUnackedMax,
    int outboundQueueBytes,
    long outboundTotalBytes,
    long recvUnackedTotal,
    long kickCloseDelayMs,
    int packetsPerSecond,
    int packetBurst,
    int maxConnections,
    boolean events,
    int preAuthFrameBytes,
    long frameDeadlineMs,
    boolean refuseNoEncryptSend,
    io.vertx.core.net.KeyCertOptions tls) {
}
