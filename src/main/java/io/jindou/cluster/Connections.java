package io.jindou.cluster;

import java.util.Collection;
import java.util.List;

/**
 * Administration of the client connections on this node, for the HTTP admin endpoints ({@code /connz},
 * {@code /user/onlinestatus}, kicks). Thread-safe; kicks are carried out on each connection's own event loop.
 * It never decides who may connect.
 */
public interface Connections {

  /** One open connection as monitoring sees it. */
  record Info(long id, String uid, int deviceFlag, int deviceLevel, String deviceId, int version, String transport,
      String ip, int port, long createdAt, long lastActivity, long inMsgs, long outMsgs, long inBytes, long outBytes,
      long inPackets, long outPackets, int unacked) {
  }

  /** Open connections of these uids. */
  List<Info> of(Collection<String> uids);

  /** Every open connection. */
  List<Info> all();

  /**
   * Sends DISCONNECT(12) to the uid's connections with this device flag (-1 = every flag) and closes them
   * after the configured delay. Returns how many.
   */
  int quit(String uid, int deviceFlag);

  /** Kicks one connection (DISCONNECT 12 then close) or, with {@code kick} false, closes it at once. */
  boolean close(long connId, boolean kick);

  /** Node-wide counters: connections, slow consumers disconnected, RECV retries. */
  long[] counters();
}
