package io.jindou.access.gateway;

/**
 * The gateway's limits and switches, all from the node configuration (README lists keys and defaults).
 * Times are milliseconds unless the name says otherwise.
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
    long kickCloseDelayMs,
    int packetsPerSecond,
    int packetBurst,
    int maxConnections,
    boolean events) {
}
