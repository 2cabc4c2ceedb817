package io.jindou.model;

/**
 * One open client connection as monitoring sees it ({@code /connz}, {@code /varz}, online status): who (uid,
 * device flag, level and id), how (protocol version, transport, peer address), since when, and its traffic
 * counters. A snapshot taken by the node that holds the connection; it never refers back to the connection.
 */
public record ConnectionInfo(long id, String uid, int deviceFlag, int deviceLevel, String deviceId, int version,
    String transport, String ip, int port, long createdAt, long lastActivity, long inMsgs, long outMsgs, long inBytes,
    long outBytes, long inPackets, long outPackets, int unacked) {
}
