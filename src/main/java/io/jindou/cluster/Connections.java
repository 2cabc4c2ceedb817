package io.jindou.cluster;

import io.jindou.model.ConnectionInfo;
import java.util.Collection;
import java.util.List;

/**
 * Administration of the client connections on this node, for the HTTP admin endpoints ({@code /connz},
 * {@code /user/onlinestatus}, kicks). Thread-safe; kicks are carried out on each connection's own event loop.
 * It never decides who may connect.
 */
public interface Connections {

  /** Open connections of these uids. */
  List<ConnectionInfo> of(Collection<String> uids);

  /** Every open connection. */
  List<ConnectionInfo> all();

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
