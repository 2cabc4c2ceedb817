package io.jindou.access.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jindou.model.JindouException;
import io.jindou.model.JindouException.Kind;
import io.jindou.model.Reason;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The HTTP / event-bus error table (spec http-api §4): status per kind, and a reason only for refusals. */
class ErrorsTest {
  @Test
  void everyKindHasItsHttpStatus() {
    Map<Kind, Integer> expected = Map.of(Kind.INVALID, 400, Kind.UNAUTHORIZED, 401, Kind.DENIED, 403,
        Kind.NOT_FOUND, 404, Kind.CONFLICT, 409, Kind.RATE_LIMITED, 429, Kind.INTERNAL, 500, Kind.UNAVAILABLE, 503);
    assertEquals(Kind.values().length, expected.size());
    expected.forEach((kind, status) -> assertEquals(status, Errors.status(kind), kind.name()));
  }

  @Test
  void refusalsNameTheirReasonAndOtherErrorsDoNot() {
    assertEquals(new JsonObject().put("msg", "not a subscriber").put("status", 403).put("reason", 3),
        Errors.body(JindouException.denied(Reason.SUBSCRIBER_NOT_EXIST, "not a subscriber")));
    assertEquals(new JsonObject().put("msg", "reused").put("status", 409).put("reason", 28),
        Errors.body(new JindouException(Kind.CONFLICT, Reason.IDEMPOTENCY_CONFLICT, "reused")));
    assertEquals(new JsonObject().put("msg", "slow down").put("status", 429).put("reason", 22),
        Errors.body(new JindouException(Kind.RATE_LIMITED, Reason.RATE_LIMIT, "slow down")));
    // a 400 never shows the reason the gateway uses for the same mistake
    assertEquals(new JsonObject().put("msg", "channel_id must not be blank").put("status", 400),
        Errors.body(JindouException.invalid(Reason.CHANNEL_ID_ERROR, "channel_id must not be blank")));
    assertEquals(new JsonObject().put("msg", "owner gone").put("status", 503),
        Errors.body(JindouException.unavailable("owner gone")));
    assertEquals("{\"msg\":\"x\",\"status\":400}", Errors.body(JindouException.invalid("x")).encode(),
        "field order as WuKongIM writes it");
  }

  @Test
  void anythingElseIsAnOpaque500() {
    IllegalStateException bug = new IllegalStateException("secret detail");
    assertEquals(500, Errors.status(bug));
    assertEquals(new JsonObject().put("msg", "internal error").put("status", 500), Errors.body(bug));
  }
}
