package io.jindou.access.gateway;

import io.jindou.cluster.Connections;
import io.jindou.cluster.Presence;
import io.jindou.model.ConnectionInfo;
import io.jindou.model.Reason;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The open sessions of this node, by uid and by connection id. It is the node's {@link Presence} (which uids
 * have sessions here) and its {@link Connections} admin view. Thread-safe: sessions register and leave from
 * their own event loops; readers on any thread see a consistent list per uid. It never writes to a socket
 * itself — kicks are handed to the session's event loop.
 */
public final class SessionRegistry implements Presence, Connections {
  private final int nodeId;
  private final Map<String, CopyOnWriteArrayList<Session>> byUid = new ConcurrentHashMap<>();
  private final Map<Long, Session> byId = new ConcurrentHashMap<>();
  /** Every open client connection of this node, authenticated or not (the gateway counts them at accept). */
  final java.util.concurrent.atomic.AtomicInteger open = new java.util.concurrent.atomic.AtomicInteger();
  final AtomicLong slowClients = new AtomicLong();
  final AtomicLong retries = new AtomicLong();

  private volatile java.util.function.BiConsumer<String, Boolean> presenceListener = (uid, online) -> {
  };

  /** Told of every authenticated connection that opens or closes, with the counts after the change. */
  @FunctionalInterface
  public interface ConnectionListener {
    void changed(String uid, int deviceFlag, boolean online, long connId, int deviceOnlineCount,
        int totalOnlineCount);
  }

  private volatile ConnectionListener connectionListener;

  /** Sets the one {@link ConnectionListener} (webhooks' {@code user.onlinestatus}); it must return at once. */
  public void onConnectionChange(ConnectionListener listener) {
    this.connectionListener = listener;
  }

  private void connectionChanged(Session s, boolean online, List<Session> now) {
    ConnectionListener listener = connectionListener;
    if (listener == null) {
      return; // nobody asked: no counting on the connect path
    }
    int device = 0;
    for (Session x : now) {
      device += x.deviceFlag == s.deviceFlag ? 1 : 0;
    }
    listener.changed(s.uid, s.deviceFlag, online, s.id, device, now.size());
  }

  /** The deliveries handed to this node's pumps and not yet served: the channel owners' gate. */
  private final DeliveryBacklog backlog;

  public SessionRegistry(int nodeId) {
    this(nodeId, DeliveryBacklog.DEFAULT_MAX);
  }

  /** {@code backlogMax}: queued deliveries above which the owners hold new writes ({@code delivery_backlog_max}). */
  public SessionRegistry(int nodeId, long backlogMax) {
    this.nodeId = nodeId;
    this.backlog = new DeliveryBacklog(backlogMax);
  }

  /** The node's delivery backlog, which gates the channel owners' writes. */
  public DeliveryBacklog backlog() {
    return backlog;
  }

  /** Told when a uid's first session on this node opens (true) or its last one closes (false). */
  public void onPresenceChange(java.util.function.BiConsumer<String, Boolean> listener) {
    this.presenceListener = listener;
  }

  /** The uids with at least one session on this node. */
  public java.util.Set<String> uids() {
    return java.util.Set.copyOf(byUid.keySet());
  }

  /**
   * Multi-device rules (spec http-api §2.13 item 6) for the newcomer's uid and device flag: a master login
   * kicks every other device (DISCONNECT 12) and silently replaces an older connection of the same device id;
   * a slave login only replaces an older connection of the same device id. Each old session is handled on
   * its own event loop.
   */
  void enforceDeviceRules(Session newcomer, long closeDelayMs) {
    for (Session old : sessionsOf(newcomer.uid)) {
      if (old == newcomer || old.deviceFlag != newcomer.deviceFlag) {
        continue;
      }
      if (old.deviceId.equals(newcomer.deviceId)) {
        old.context.runOnContext(v -> old.closeAfter(closeDelayMs, "replaced by a new connection"));
      } else if (newcomer.deviceLevel == 1) {
        old.context.runOnContext(v -> old.kick(Reason.CONNECT_KICK, "login in other device"));
      }
    }
  }

  void register(Session s) {
    byId.put(s.id, s);
    boolean[] first = new boolean[1];
    byUid.compute(s.uid, (k, list) -> {
      if (list == null) {
        list = new CopyOnWriteArrayList<>();
        first[0] = true;
      }
      list.add(s);
      return list;
    });
    if (first[0]) {
      presenceListener.accept(s.uid, true);
    }
    connectionChanged(s, true, sessionsOf(s.uid));
  }

  void unregister(Session s) {
    if (byId.remove(s.id) == null) {
      return;
    }
    boolean[] last = new boolean[1];
    byUid.computeIfPresent(s.uid, (k, list) -> {
      list.remove(s);
      last[0] = list.isEmpty();
      return list.isEmpty() ? null : list;
    });
    if (last[0]) {
      presenceListener.accept(s.uid, false);
    }
    connectionChanged(s, false, sessionsOf(s.uid));
  }

  /** The uids with a master-level (device_level 1) session on this node. */
  @Override
  public java.util.Set<String> withMaster(Collection<String> uids) {
    java.util.Set<String> out = new java.util.HashSet<>();
    for (String uid : uids) {
      for (Session s : sessionsOf(uid)) {
        if (s.deviceLevel == 1) {
          out.add(uid);
          break;
        }
      }
    }
    return out;
  }

  List<Session> sessionsOf(String uid) {
    List<Session> l = byUid.get(uid);
    return l == null ? List.of() : l;
  }

  int size() {
    return byId.size();
  }

  /**
   * One pass over the smaller side (the uids asked for, or this node's online uids when the set asked for is larger:
   * a big group with few of its members online here); the list for this node is a {@link LocatedHere}, which hands
   * {@link LocalDelivery} the sessions found, so they are not looked up a second time.
   */
  @Override
  public Map<Integer, List<String>> locate(Collection<String> uids) {
    LocatedHere here;
    if (uids instanceof java.util.Set<?> set && set.size() > byUid.size()) {
      here = new LocatedHere(this, Math.min(byUid.size(), 1024));
      byUid.forEach((uid, sessions) -> {
        if (set.contains(uid)) {
          here.add(uid, sessions);
        }
      });
    } else {
      here = new LocatedHere(this, Math.min(uids.size(), 1024));
      for (String uid : uids) {
        List<Session> sessions = byUid.get(uid);
        if (sessions != null) {
          here.add(uid, sessions);
        }
      }
    }
    return here.isEmpty() ? Map.of() : Map.of(nodeId, here);
  }

  @Override
  public List<ConnectionInfo> of(Collection<String> uids) {
    List<ConnectionInfo> out = new ArrayList<>();
    for (String uid : uids) {
      sessionsOf(uid).forEach(s -> out.add(info(s)));
    }
    return out;
  }

  @Override
  public List<ConnectionInfo> all() {
    List<ConnectionInfo> out = new ArrayList<>();
    byId.values().forEach(s -> out.add(info(s)));
    return out;
  }

  /**
   * Open connections counted by transport ({@code tcp}, {@code ws}), dialect ({@code wkproto}, {@code jsonrpc})
   * and protocol version, for the metrics.
   */
  public Map<List<String>, Number> byProtocol() {
    Map<List<String>, Number> out = new java.util.HashMap<>();
    for (Session s : byId.values()) {
      out.merge(List.of(s.transport.kind(), s.dialect(), Integer.toString(s.version)), 1,
          (a, b) -> a.intValue() + b.intValue());
    }
    return out;
  }

  private static ConnectionInfo info(Session s) {
    SessionStats st = s.stats;
    return new ConnectionInfo(s.id, s.uid, s.deviceFlag, s.deviceLevel, s.deviceId, s.version, s.transport.kind(),
        s.transport.remoteHost(), s.transport.remotePort(), s.createdAt, st.lastActivity, st.inMsgs, st.outMsgs,
        st.inBytes, st.outBytes, st.inPackets, st.outPackets, st.unacked);
  }

  @Override
  public int quit(String uid, int deviceFlag) {
    int n = 0;
    for (Session s : sessionsOf(uid)) {
      if (deviceFlag < 0 || s.deviceFlag == deviceFlag) {
        n++;
        s.context.runOnContext(v -> s.kick(Reason.CONNECT_KICK, "device quit"));
      }
    }
    return n;
  }

  @Override
  public boolean close(long connId, boolean kick) {
    Session s = byId.get(connId);
    if (s == null) {
      return false;
    }
    s.context.runOnContext(v -> {
      if (kick) {
        s.kick(Reason.CONNECT_KICK, "server kick");
      } else {
        s.close("removed by the API");
      }
    });
    return true;
  }

  @Override
  public long[] counters() {
    return new long[] {open.get(), slowClients.get(), retries.get()};
  }
}
