package io.jindou.access.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
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
 * connection (HTTP/2: its stream). Event-loop confined (one instance per verticle); it never reads a body.
 */
final class RequestDeadlines {
  private final Vertx vertx;
  private final long ms;
  /** HTTP/1 connections waiting for their next request, and the timer that closes them. */
  private final Map<HttpConnection, Long> idle = new HashMap<>();

  RequestDeadlines(Vertx vertx, int seconds) {
    this.vertx = vertx;
    this.ms = seconds * 1000L;
  }

  /** A new connection: its first request must come within the timeout. */
  void opened(HttpConnection conn) {
    waitForNext(conn);
    conn.closeHandler(v -> {
      Long id = idle.remove(conn);
      if (id != null) {
        vertx.cancelTimer(id);
      }
    });
  }

  /** A request's head arrived (the first handler of the router): from now it has the timeout to be answered. */
  void started(RoutingContext rc) {
    HttpConnection conn = rc.request().connection();
    Long waiting = idle.remove(conn);
    if (waiting != null) {
      vertx.cancelTimer(waiting);
    }
    long timer = vertx.setTimer(ms, t -> expired(rc));
    rc.addEndHandler(v -> {
      vertx.cancelTimer(timer);
      if (!rc.request().version().name().startsWith("HTTP_2") && !rc.response().closed()) {
        waitForNext(conn);
      }
    });
    rc.next();
  }

  private void waitForNext(HttpConnection conn) {
    Long old = idle.put(conn, vertx.setTimer(ms, t -> {
      idle.remove(conn);
      conn.close();
    }));
    if (old != null) {
      vertx.cancelTimer(old);
    }
  }

  private void expired(RoutingContext rc) {
    if (rc.response().ended() || rc.response().closed()) {
      return;
    }
    if (rc.request().isEnded() && !rc.response().headWritten()) {
      if (!rc.request().version().name().startsWith("HTTP_2")) {
        rc.response().putHeader("connection", "close"); // HTTP/1 closes the connection after this answer
      }
      Api.error(rc.response(), 503, "the request was not answered within " + ms / 1000
          + " s (http_request_timeout_seconds); retrying with the same client_msg_no is safe");
      return;
    }
    rc.response().reset(); // a client still sending its body, or an answer still being written: drop it
  }
}
