package io.jindou.access.http;

import io.vertx.ext.web.Router;
import java.util.function.Supplier;

/**
 * {@code GET /metrics}: the node's meters in the Prometheus text format, mounted by the composition root among
 * the admin routes (the admin listener when one is configured, behind the manager token like {@code /varz}).
 * It renders what the metrics port gives and never computes a figure itself.
 */
public final class MetricsEndpoint {
  private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private MetricsEndpoint() {
  }

  /** Adds the route; {@code scrape} renders the exposition (called on the event loop, about a millisecond). */
  public static void mount(Router r, Supplier<String> scrape) {
    r.get("/metrics").handler(rc -> rc.response().putHeader("content-type", CONTENT_TYPE).end(scrape.get()));
  }
}
