package io.jindou.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A domain failure survives the event-bus hop between nodes with its kind, reason and message. */
class FailuresTest {
  @Test
  void everyKindAndReasonRoundTrips() {
    Set<Integer> codes = new HashSet<>();
    for (JindouException.Kind kind : JindouException.Kind.values()) {
      for (int reason : new int[] {Reason.UNKNOWN, Reason.SUBSCRIBER_NOT_EXIST, Reason.CHANNEL_ID_ERROR,
          Reason.RATE_LIMIT, Reason.IDEMPOTENCY_CONFLICT, 255}) {
        JindouException e = new JindouException(kind, reason, "why " + kind + reason);
        int code = Failures.code(e);
        assertTrue(code > 0, "codes stay clear of the ones Vert.x uses itself (-1, 0)");
        assertTrue(codes.add(code), "one code per kind and reason: " + code);
        JindouException back = Failures.decode(code, e.getMessage());
        assertEquals(kind, back.kind());
        assertEquals(reason, back.reason());
        assertEquals(e.getMessage(), back.getMessage());
      }
    }
  }

  @Test
  void aCodeThatIsNotOursIsInternal() {
    for (int code : new int[] {-1, 0, 99_000, Integer.MAX_VALUE}) {
      JindouException e = Failures.decode(code, "x");
      assertEquals(JindouException.Kind.INTERNAL, e.kind(), "code " + code);
      assertEquals(Reason.SYSTEM_ERROR, e.reason());
    }
  }

  @Test
  void onlyARecipientsFailureIsADomainFailure() {
    int code = Failures.code(JindouException.denied(Reason.BAN, "banned"));
    JindouException e = Failures.remote(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, code, "banned"));
    assertEquals(JindouException.Kind.DENIED, e.kind());
    assertEquals(Reason.BAN, e.reason());
    assertNull(Failures.remote(new ReplyException(ReplyFailure.TIMEOUT, -1, "timed out")));
    assertNull(Failures.remote(new ReplyException(ReplyFailure.NO_HANDLERS, -1, "nobody")));
    assertNull(Failures.remote(new IllegalStateException("boom")));
  }
}
