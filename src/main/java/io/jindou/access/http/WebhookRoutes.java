package io.jindou.access.http;

import io.jindou.access.json.Body;
import io.jindou.model.JindouException;
import io.jindou.usecase.Webhooks;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;

/**
 * The webhook management endpoints (admin listener, behind the manager token like every admin route):
 * {@code GET /webhook/status} (lag, in flight, failures, dead letters), {@code GET /webhook/events} (the retained
 * event log from a cursor, optionally one event name; each event with its id, seq, state and the exact body
 * posted) and {@code POST /webhook/redeliver} (the dead letters, or a seq range). Adapts HTTP to
 * {@link Webhooks}; decides nothing.
 */
final class WebhookRoutes {
  private WebhookRoutes() {
  }

  static void register(Router r, Webhooks webhooks) {
    Api.get(r, "/webhook/status", rc -> webhooks.status().map(s -> new JsonObject().put("enabled", s.enabled())
        .put("url", s.url()).put("outbox", s.outbox()).put("pending", s.pending()).put("lag", s.outbox() + s.pending())
        .put("inflight", s.inflight()).put("delivered", s.delivered()).put("failures", s.failures())
        .put("last_error", s.lastError()).put("dead_letters", s.dead()).put("last_seq", s.lastSeq())));
    Api.get(r, "/webhook/events", rc -> {
      long cursor = number(rc, "cursor", 0);
      long limit = number(rc, "limit", 100);
      String event = Api.param(rc, "event");
      return webhooks.events(cursor, (int) Math.min(limit, Integer.MAX_VALUE), event).map(page -> {
        JsonArray out = new JsonArray();
        for (Webhooks.Event e : page.events()) {
          out.add(view(e));
        }
        return new JsonObject().put("events", out).put("next_cursor", page.nextCursor());
      });
    });
    Api.post(r, "/webhook/redeliver", (Body b) -> {
      boolean dead = b.flag("dead_letters");
      long from = b.integer("from_seq", 0, 0, Long.MAX_VALUE);
      long to = b.integer("to_seq", from, 0, Long.MAX_VALUE);
      int limit = (int) b.integer("limit", Webhooks.EVENTS_LIMIT_MAX, 1, Webhooks.EVENTS_LIMIT_MAX);
      return webhooks.redeliver(dead, from, to, limit).map(n -> new JsonObject().put("redelivered", n));
    });
  }

  private static JsonObject view(Webhooks.Event e) {
    String body = new String(e.body(), StandardCharsets.UTF_8);
    Object parsed;
    try {
      parsed = io.vertx.core.json.Json.decodeValue(body);
    } catch (RuntimeException x) {
      parsed = body;
    }
    return new JsonObject().put("seq", e.seq()).put("id", e.id()).put("event", e.name()).put("state", e.state())
        .put("created_at", e.createdMs()).put("body", parsed);
  }

  private static long number(RoutingContext rc, String name, long dflt) {
    String v = Api.param(rc, name);
    if (v == null || v.isEmpty()) {
      return dflt;
    }
    if (!v.matches("\\d{1,18}")) {
      throw JindouException.invalid(name + " must be a non-negative integer, got '" + v + "'");
    }
    return Long.parseLong(v);
  }
}
