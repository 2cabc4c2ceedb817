package io.jindou.access.http;

import io.jindou.model.ConnectionInfo;
import io.jindou.model.ConnzPage;
import io.jindou.model.VarzFigures;
import io.jindou.model.JindouException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.function.Function;

/**
 * The JSON views of a node's client connections (spec http-api §1.1): the {@code /connz} page and the
 * {@code /varz} variables, rendered from the typed {@link ConnzPage} and {@link VarzFigures} the node sent, and
 * the query-parameter reading they share. Field names and order are the WuKongIM ones. Presentation only: it
 * never chooses, sorts or counts connections.
 */
final class ConnViews {
  private ConnViews() {
  }

  /** A query parameter as an integer in [min, max]; {@code dflt} when absent or empty. */
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
      throw JindouException.invalid(name + " must be an integer between " + min + " and " + max + ", got \"" + v
          + "\"");
    }
  }

  static JsonObject connz(ConnzPage p) {
    long now = p.now();
    JsonArray page = new JsonArray();
    for (ConnectionInfo c : p.connections()) {
      page.add(new JsonObject().put("id", c.id()).put("uid", c.uid()).put("ip", c.ip()).put("port", c.port())
          .put("last_activity", Instant.ofEpochMilli(c.lastActivity()).toString())
          .put("uptime", duration(now - c.createdAt())).put("idle", duration(now - c.lastActivity()))
          .put("in_msgs", c.inMsgs()).put("out_msgs", c.outMsgs()).put("in_msg_bytes", c.inBytes())
          .put("out_msg_bytes", c.outBytes()).put("in_packets", c.inPackets()).put("out_packets", c.outPackets())
          .put("device", deviceName(c.deviceFlag())).put("device_id", c.deviceId()).put("version", c.version())
          .put("transport", c.transport()).put("unacked", c.unacked()).put("node_id", p.nodeId()));
    }
    return new JsonObject().put("connections", page).put("now", Instant.ofEpochMilli(now).toString())
        .put("total", p.total()).put("offset", p.offset()).put("limit", p.limit());
  }

  static JsonObject varz(VarzFigures f) {
    JsonObject v = new JsonObject().put("server_id", Integer.toString(f.nodeId())).put("server_name", "Jindou")
        .put("version", "0.1.0").put("connections", f.connections())
        .put("uptime", duration(f.uptimeMs())).put("mem", f.mem()).put("cpu", f.cpu())
        .put("cpu_time_ms", f.cpuTimeMs())
        .put("heap_used", f.heapUsed())
        .put("in_msgs", f.inMsgs()).put("out_msgs", f.outMsgs()).put("in_bytes", f.inBytes())
        .put("out_bytes", f.outBytes()).put("slow_clients", f.slowClients()).put("retry_queue", f.retryQueue())
        .put("tcp_addr", ":" + f.tcpPort()).put("ws_addr", ":" + f.wsPort()).put("wss_addr", "");
    if (f.conns() != null) {
      JsonArray cs = new JsonArray();
      f.conns().forEach(c -> cs.add(new JsonObject().put("id", c.id()).put("uid", c.uid())
          .put("device_flag", c.deviceFlag())));
      v.put("conns", cs);
    }
    return v;
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
