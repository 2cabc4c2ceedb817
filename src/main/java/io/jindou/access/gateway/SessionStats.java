package io.jindou.access.gateway;

/**
 * Per-connection counters for {@code /connz}. Written only on the connection's event loop; read by the admin
 * endpoints without locks (a slightly stale value is fine for monitoring).
 */
final class SessionStats {
  volatile long inMsgs;
  volatile long outMsgs;
  volatile long inBytes;
  volatile long outBytes;
  volatile long inPackets;
  volatile long outPackets;
  volatile int unacked;
  volatile long lastActivity = System.currentTimeMillis();
}
