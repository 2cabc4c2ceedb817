package io.jindou.access.http;

import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The HTTP access log ({@code http_access_log}, off by default): one INFO line per request when its answer has
 * been sent, on logger {@code io.jindou.access.http.AccessLog}: method, path (never the query string, which
 * may carry tokens), status, bytes sent, duration and the client's address, also as structured fields for the
 * JSON log format. It only observes: it never changes an answer and logs no body.
 */
final class AccessLog {
  private static final Logger LOG = Logger.getLogger(AccessLog.class.getName());

  private AccessLog() {
  }

  /** The first handler of a router: arranges the line for when the request ends, then passes the request on. */
  static void handle(RoutingContext rc) {
    long t0 = System.nanoTime();
    rc.addEndHandler(ar -> {
      long micros = (System.nanoTime() - t0) / 1000;
      String method = rc.request().method().name();
      String path = rc.request().path();
      int status = rc.response().getStatusCode();
      long bytes = rc.response().bytesWritten();
      String remote = rc.request().remoteAddress() == null ? "" : rc.request().remoteAddress().host();
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("method", method);
      fields.put("path", path);
      fields.put("status", status);
      fields.put("bytes", bytes);
      fields.put("duration_ms", micros / 1000.0);
      fields.put("remote", remote);
      LOG.log(Level.INFO, method + " " + path + " " + status + " " + bytes + " B " + micros / 1000.0 + " ms "
          + remote, new Object[] {fields});
    });
    rc.next();
  }
}
