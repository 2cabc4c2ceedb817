package io.jindou.access.http;

import io.jindou.cluster.Connections;
import io.jindou.model.JindouException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The monitoring views of this node's client connections (spec http-api §1.1): the {@code /connz} page and
 * the {@code /varz} variables, built from {@link Connections} and the process's own figures. Parameters come
 * as a name → value lookup so the same view serves a local HTTP query and a request forwarded from another
 * node. It only reads; it never closes a connection.
 */
final class ConnViews {
  private static final long STARTED = System.currentTimeMillis();
  private final Connections conns;
  private final int nodeId;
  private final String tcpAddr;
  private final String wsAddr;

  ConnViews(Connections conns, int nodeId, String tcpAddr, String wsAddr) {
    this.conns = conns;
    this.nodeId = nodeId;
    this.tcpAddr = tcpAddr;
    this.wsAddr = wsAddr;
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

  /** Checks the parameters of {@code /connz} before anything is forwarded (a 400 names the bad one). */
  static void validateConnz(Function<String, String> param) {
    number(param, "offset", 0, 0, Integer.MAX_VALUE);
    number(param, "limit", 20, 0, 10_000);
    sort(param);
  }

  /** Checks the parameters of {@code /varz}. */
  static void validateVarz(Function<String, String> param) {
    number(param, "conn_limit", 20, 0, 10_000);
  }

  private static Comparator<Connections.Info> sort(Function<String, String> param) {
    String sort = param.apply("sort") == null || param.apply("sort").isEmpty() ? "id" : param.apply("sort");
    boolean desc = sort.endsWith("Desc");
    Comparator<Connections.Info> cmp = SORTS.get(desc ? sort.substring(0, sort.length() - 4) : sort);
    if (cmp == null) {
      throw JindouException.invalid("unknown sort '" + sort + "'; one of " + new java.util.TreeSet<>(SORTS.keySet())
          + " (optionally with Desc)");
    }
    return desc ? cmp.reversed() : cmp;
  }

  static int number(Function<String, String> param, String name, int dflt, int min, int max) {
    String v = param.apply(name);
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

  JsonObject connz(Function<String, String> param) {
    int offset = number(param, "offset", 0, 0, Integer.MAX_VALUE);
    int limit = number(param, "limit", 20, 0, 10_000);
    Comparator<Connections.Info> cmp = sort(param);
    String uid = param.apply("uid");
    List<Connections.Info> all = new ArrayList<>(conns.all());
    if (uid != null && !uid.isEmpty()) {
      all.removeIf(c -> !c.uid().contains(uid));
    }
    all.sort(cmp);
    long now = System.currentTimeMillis();
    JsonArray page = new JsonArray();
    all.stream().skip(offset).limit(limit).forEach(c -> page.add(new JsonObject().put("id", c.id()).put("uid", c.uid())
        .put("ip", c.ip()).put("port", c.port()).put("last_activity", Instant.ofEpochMilli(c.lastActivity()).toString())
        .put("uptime", duration(now - c.createdAt())).put("idle", duration(now - c.lastActivity()))
        .put("in_msgs", c.inMsgs()).put("out_msgs", c.outMsgs()).put("in_msg_bytes", c.inBytes())
        .put("out_msg_bytes", c.outBytes()).put("in_packets", c.inPackets()).put("out_packets", c.outPackets())
        .put("device", deviceName(c.deviceFlag())).put("device_id", c.deviceId()).put("version", c.version())
        .put("transport", c.transport()).put("unacked", c.unacked()).put("node_id", nodeId)));
    return new JsonObject().put("connections", page).put("now", Instant.ofEpochMilli(now).toString())
        .put("total", all.size()).put("offset", offset).put("limit", limit);
  }

  JsonObject varz(Function<String, String> param) {
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
    com.sun.management.OperatingSystemMXBean os =
        ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean o ? o : null;
    double cpu = os == null ? 0 : Math.max(0, os.getProcessCpuLoad() * 100);
    long cpuTimeMs = os == null ? 0 : Math.max(0, os.getProcessCpuTime() / 1_000_000);
    JsonObject v = new JsonObject().put("server_id", Integer.toString(nodeId)).put("server_name", "Jindou")
        .put("version", "0.1.0").put("connections", counters[0])
        .put("uptime", duration(System.currentTimeMillis() - STARTED)).put("mem", rss()).put("cpu", cpu)
        .put("cpu_time_ms", cpuTimeMs)
        .put("heap_used", Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory())
        .put("in_msgs", inMsgs).put("out_msgs", outMsgs).put("in_bytes", inBytes).put("out_bytes", outBytes)
        .put("slow_clients", counters[1]).put("retry_queue", counters[2]).put("tcp_addr", tcpAddr)
        .put("ws_addr", wsAddr).put("wss_addr", "");
    if ("conn".equals(param.apply("show"))) {
      int limit = number(param, "conn_limit", 20, 0, 10_000);
      JsonArray cs = new JsonArray();
      all.stream().limit(limit).forEach(c -> cs.add(new JsonObject().put("id", c.id()).put("uid", c.uid())
          .put("device_flag", c.deviceFlag())));
      v.put("conns", cs);
    }
    return v;
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
