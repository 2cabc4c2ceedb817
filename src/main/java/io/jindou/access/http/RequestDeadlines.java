package io.jindou.access.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;

/**
 * The slow-client guard of one HTTP verticle instance ({@code http_request_timeout_seconds}): a connection's first
 * request must arrive (its head complete) within the timeout of the connection opening, every later one within
 * the timeout of the previous response, and every request must be read, handled and answered within the timeout
 * of its head; however slowly the bytes trickle in, a connection cannot hold a request longer (the read idle
 * timeout alone would let one byte every few seconds keep it forever). A request past its deadline whose body was
 * read is answered 503 (the server was slow) and its connection closed; one still being read just loses its
 * connection (HTTP/2: its stream).
 *
 * <p>Cheap on the hot path: an HTTP/1 connection has one timer, and a request only moves its deadline (a field
 * write); when the timer fires early it sleeps again until the deadline. HTTP/2 streams (h2c, only when
 * configured) get a timer each. Event-loop confined (one instance per verticle); it never reads a body.
 */
final class RequestDeadlines {
  /** One HTTP/1 connection: its deadline, the request in flight (null between requests), its timer. */
  private static final class Watch {
    long deadline;
    RoutingContext current;
    long timer;
  }

  private final Vertx vertx;
  private final long ms;
  private final Map<HttpConnection, Watch> watches = new HashMap<>();

  RequestDeadlines(Vertx vertx, int seconds) {
    this.vertx = vertx;
    this.ms = seconds * 1000L;
  }

  /** A new connection: its first request must come within the timeout; {@code closed} runs when it closes. */
  void opened(HttpConnection conn, Runnable closed) {
    Watch w = new Watch();
    w.deadline = System.currentTimeMillis() + ms;
    w.timer = vertx.setTimer(ms, t -> check(conn, w));
    watches.put(conn, w);
    conn.closeHandler(v -> {
      Watch gone = watches.remove(conn);
      if (gone != null) {
        vertx.cancelTimer(gone.timer);
      }
      closed.run();
    });
  }

  /** A request's head arrived (the first handler of the router): from now it has the timeout to be answered. */
  void started(RoutingContext rc) {
    Watch w = rc.request().version() == HttpVersion.HTTP_2 ? null : watches.get(rc.request().connection());
    if (w == null) { // an HTTP/2 stream (or a connection announced late): a timer of its own
      long timer = vertx.setTimer(ms, t -> expired(rc));
      rc.addEndHandler(v -> vertx.cancelTimer(timer));
      rc.next();
      return;
    }
    w.current = rc;
    w.deadline = System.currentTimeMillis() + ms;
    rc.addEndHandler(v -> {
      if (w.current == rc) {
        w.current = null;
        w.deadline = System.currentTimeMillis() + ms; // the next request must come within the timeout
      }
    });
    rc.next();
  }

  private void check(HttpConnection conn, Watch w) {
    if (watches.get(conn) != w) {
      return;
    }
    long left = w.deadline - System.currentTimeMillis();
    if (left > 0) {
      w.timer = vertx.setTimer(left, t -> check(conn, w));
      return;
    }
    if (w.current != null) {
      RoutingContext rc = w.current;
      w.current = null;
      expired(rc);
    } else {
      watches.remove(conn);
      conn.close();
    }
  }

  private void expired(RoutingContext rc) {
    if (rc.response().ended() || rc.response().closed()) {
      return;
    }
    if (rc.request().isEnded() && !rc.response().headWritten()) {
      if (rc.request().version() != HttpVersion.HTTP_2) {
        rc.response().putHeader("connection", "close"); // HTTP/1 closes the connection after this answer
      }
      Api.error(rc.response(), 503, "the request was not answered within " + ms / 1000
          + " s (http_request_timeout_seconds); retrying with the same client_msg_no is safe");
      return;
    }
    rc.response().reset(); // a client still sending its body, or an answer still being written: drop it
  }
}
