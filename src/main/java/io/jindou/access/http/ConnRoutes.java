package io.jindou.access.http;

import io.jindou.cluster.Connections;
import io.jindou.model.JindouException;
import io.jindou.user.UserService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * Connection endpoints (spec http-api §1.3, §1.4, §1.1): device quit, kick/remove, online status, and the
 * {@code /connz} and {@code /varz} monitoring views of this node. Adapts HTTP to {@link Connections}; it never
 * touches a socket.
 */
final class ConnRoutes {
  private static final long STARTED = System.currentTimeMillis();
  private final Connections conns;
  private final UserService users;
  private final int idMax;
  private final int nodeId;
  private final String tcpAddr;
  private final String wsAddr;

  ConnRoutes(Connections conns, UserService users, int idMax, int nodeId, String tcpAddr, String wsAddr) {
    this.conns = conns;
    this.users = users;
    this.idMax = idMax;
    this.nodeId = nodeId;
    this.tcpAddr = tcpAddr;
    this.wsAddr = wsAddr;
  }

  void register(Endpoints r) {
    r.post("/user/device_quit", b -> {
      String uid = b.id("uid", idMax, false);
      int flag = (int) b.integer("device_flag", 0, -1, 255);
      List<Integer> flags = flag < 0 ? List.of(0, 1, 2) : List.of(flag);
      List<Future<Void>> cleared = new ArrayList<>();
      flags.forEach(f -> cleared.add(users.removeToken(uid, f)));
      return Future.all(cleared).map(v -> {
        conns.quit(uid, flag);
        return null;
      });
    });
    r.post("/conn/kick", b -> closeConn(b, true));
    r.post("/conn/remove", b -> closeConn(b, false));
    r.postArray("/user/onlinestatus", uids -> {
      if (uids.isEmpty()) {
        return Future.succeededFuture(null);
      }
      Set<String> wanted = new HashSet<>();
      for (int i = 0; i < uids.size(); i++) {
        if (!(uids.getValue(i) instanceof String s)) {
          throw JindouException.invalid("body must be an array of uid strings; element " + i + " is not a string");
        }
        wanted.add(s);
      }
      JsonArray out = new JsonArray();
      conns.of(wanted).forEach(c -> out.add(new JsonObject().put("uid", c.uid()).put("device_flag", c.deviceFlag())
          .put("online", 1)));
      return Future.succeededFuture(out);
    });
    r.get("/connz", this::connz);
    r.get("/varz", this::varz);
  }

  private Future<Void> closeConn(Body b, boolean kick) {
    long connId = b.requiredInteger("conn_id", 1, Long.MAX_VALUE);
    long node = b.integer("node_id", 0, 0, 1023);
    if (node != 0 && node != nodeId) {
      throw JindouException.invalid("node not found: " + node);
    }
    conns.close(connId, kick);
    return Future.succeededFuture();
  }

  private static int query(RoutingContext rc, String name, int dflt, int min, int max) {
    String v = Api.param(rc, name);
    if (v == null || v.isEmpty()) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v);
      if (n < min || n > max) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw JindouException.invalid(name + " must be an integer between " + min + " and " + max + ", got \"" + v + "\"");
    }
  }

  private static final Map<String, Comparator<Connections.Info>> SORTS = Map.of(
      "id", Comparator.comparingLong(Connections.Info::id),
      "inMsg", by(Connections.Info::inMsgs), "outMsg", by(Connections.Info::outMsgs),
      "inMsgBytes", by(Connections.Info::inBytes), "outMsgBytes", by(Connections.Info::outBytes),
      "inPacket", by(Connections.Info::inPackets), "outPacket", by(Connections.Info::outPackets),
      "uptime", by(c -> -c.createdAt()), "idle", by(c -> -c.lastActivity()),
      "protoVersion", by(Connections.Info::version));

  private static Comparator<Connections.Info> by(ToLongFunction<Connections.Info> f) {
    return Comparator.comparingLong(f);
  }

  private Future<JsonObject> connz(RoutingContext rc) {
    int offset = query(rc, "offset", 0, 0, Integer.MAX_VALUE);
    int limit = query(rc, "limit", 20, 0, 10_000);
    String uid = Api.param(rc, "uid");
    String sort = Api.param(rc, "sort") == null ? "id" : Api.param(rc, "sort");
    boolean desc = sort.endsWith("Desc");
    Comparator<Connections.Info> cmp = SORTS.get(desc ? sort.substring(0, sort.length() - 4) : sort);
    if (cmp == null) {
      throw JindouException.invalid("unknown sort '" + sort + "'; one of " + new java.util.TreeSet<>(SORTS.keySet())
          + " (optionally with Desc)");
    }
    List<Connections.Info> all = new ArrayList<>(conns.all());
    if (uid != null && !uid.isEmpty()) {
      all.removeIf(c -> !c.uid().contains(uid));
    }
    all.sort(desc ? cmp.reversed() : cmp);
    long now = System.currentTimeMillis();
    JsonArray page = new JsonArray();
    all.stream().skip(offset).limit(limit).forEach(c -> page.add(new JsonObject().put("id", c.id()).put("uid", c.uid())
        .put("ip", c.ip()).put("port", c.port()).put("last_activity", Instant.ofEpochMilli(c.lastActivity()).toString())
        .put("uptime", duration(now - c.createdAt())).put("idle", duration(now - c.lastActivity()))
        .put("in_msgs", c.inMsgs()).put("out_msgs", c.outMsgs()).put("in_msg_bytes", c.inBytes())
        .put("out_msg_bytes", c.outBytes()).put("in_packets", c.inPackets()).put("out_packets", c.outPackets())
        .put("device", deviceName(c.deviceFlag())).put("device_id", c.deviceId()).put("version", c.version())
        .put("transport", c.transport()).put("unacked", c.unacked()).put("node_id", nodeId)));
    return Future.succeededFuture(new JsonObject().put("connections", page).put("now", Instant.ofEpochMilli(now)
        .toString()).put("total", all.size()).put("offset", offset).put("limit", limit));
  }

  private Future<JsonObject> varz(RoutingContext rc) {
    List<Connections.Info> all = conns.all();
    long[] counters = conns.counters();
    long inMsgs = 0;
    long outMsgs = 0;
    long inBytes = 0;
    long outBytes = 0;
    for (Connections.Info c : all) {
      inMsgs += c.inMsgs();
      outMsgs += c.outMsgs();
      inBytes += c.inBytes();
      outBytes += c.outBytes();
    }
    double cpu = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        ? Math.max(0, os.getProcessCpuLoad() * 100) : 0;
    JsonObject v = new JsonObject().put("server_id", Integer.toString(nodeId)).put("server_name", "Jindou")
        .put("version", "0.1.0").put("connections", counters[0])
        .put("uptime", duration(System.currentTimeMillis() - STARTED)).put("mem", rss()).put("cpu", cpu)
        .put("heap_used", Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory())
        .put("in_msgs", inMsgs).put("out_msgs", outMsgs).put("in_bytes", inBytes).put("out_bytes", outBytes)
        .put("slow_clients", counters[1]).put("retry_queue", counters[2]).put("tcp_addr", tcpAddr)
        .put("ws_addr", wsAddr).put("wss_addr", "");
    if ("conn".equals(Api.param(rc, "show"))) {
      int limit = query(rc, "conn_limit", 20, 0, 10_000);
      JsonArray cs = new JsonArray();
      all.stream().limit(limit).forEach(c -> cs.add(new JsonObject().put("id", c.id()).put("uid", c.uid())
          .put("device_flag", c.deviceFlag())));
      v.put("conns", cs);
    }
    return Future.succeededFuture(v);
  }

  private static long rss() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (Exception e) {
      // not Linux: fall back to the heap in use
    }
    return Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
  }

  private static String deviceName(int flag) {
    return switch (flag) {
      case 0 -> "App";
      case 1 -> "Web";
      case 2 -> "PC";
      default -> "Other(" + flag + ")";
    };
  }

  static String duration(long ms) {
    long s = Math.max(0, ms / 1000);
    return (s >= 3600 ? s / 3600 + "h" : "") + (s >= 60 ? s % 3600 / 60 + "m" : "") + s % 60 + "s";
  }
}
