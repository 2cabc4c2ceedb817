package io.jindou.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.model.JindouException;
import io.jindou.model.StreamEvent;
import io.jindou.model.StreamLane;
import io.jindou.model.StreamSummary;
import org.junit.jupiter.api.Test;

/** The lane rules of stream messages ({@link StreamRules}), as pure functions of a summary and an event. */
class StreamRulesTest {
  private final StreamRules rules = new StreamRules(64, 5);

  private static StreamEvent ev(StreamSummary s, String type, String key, String visibility, String payload) {
    return new StreamEvent(s.lastSeq() + 1, "e" + (s.lastSeq() + 1), type, key, visibility, 1, payload);
  }

  private StreamSummary apply(StreamSummary s, String type, String key, String payload) {
    return rules.apply(s, ev(s, type, key, "public", payload), false, 7);
  }

  @Test
  void deltasMergeTextPerLaneAndCountEvents() {
    StreamSummary s = StreamSummary.empty("bot", 9);
    s = apply(s, "stream.delta", "main", "{\"kind\":\"text\",\"delta\":\"Hel\"}");
    s = apply(s, "stream.delta", "main", "{\"kind\":\"text\",\"delta\":\"lo\"}");
    s = apply(s, "stream.delta", "tool", "{\"kind\":\"text\",\"delta\":\"x\"}");
    s = rules.apply(s, ev(s, "stream.delta", "main", "private", "{\"kind\":\"text\",\"delta\":\"SECRET\"}"), false, 8);
    assertEquals("Hello", s.main().text().toString(), "private deltas stay out of the merged text");
    assertEquals("x", s.lane("tool").text().toString());
    assertEquals(4, s.eventCount());
    assertEquals(4, s.lastSeq());
    assertEquals(8, s.updatedAt());
    assertEquals(2, s.openLanes());
  }

  @Test
  void endingALaneAndFinishingTheStream() {
    StreamSummary s = apply(StreamSummary.empty("bot", 9), "stream.delta", "main",
        "{\"kind\":\"text\",\"delta\":\"a\"}");
    StreamSummary cancelled = apply(s, "stream.cancel", "main", "null");
    assertEquals(StreamLane.CANCELLED, cancelled.main().status());
    assertEquals(3, cancelled.main().endReason());
    assertTrue(cancelled.ended());
    JindouException ended = assertThrows(JindouException.class, () -> apply(cancelled, "stream.delta", "main", "{}"));
    assertEquals(JindouException.Kind.CONFLICT, ended.kind());
    StreamSummary custom = apply(cancelled, "tool.result", "main", "{}");
    assertEquals(StreamLane.CANCELLED, custom.main().status(), "a custom type changes no lane");
    StreamSummary fin = apply(apply(s, "stream.open", "tool", "null"), "stream.finish", "__finish__", "null");
    assertTrue(fin.finished());
    assertEquals(0, fin.openLanes(), "finish closes every open lane");
    assertEquals(JindouException.Kind.CONFLICT, assertThrows(JindouException.class,
        () -> apply(fin, "tool.result", "x", "{}")).kind(), "nothing after finish, not even a custom event");
  }

  @Test
  void openTwiceNeedsForceAndSnapshotsReplaceText() {
    StreamSummary s = apply(StreamSummary.empty("bot", 9), "stream.open", "main", "null");
    StreamSummary open = s;
    assertEquals(JindouException.Kind.CONFLICT, assertThrows(JindouException.class,
        () -> apply(open, "stream.open", "main", "null")).kind());
    s = apply(s, "stream.delta", "main", "{\"kind\":\"text\",\"delta\":\"old\"}");
    s = rules.apply(s, ev(s, "stream.open", "main", "public", "null"), true, 9);
    assertEquals("", s.main().text().toString(), "a forced open starts the lane over");
    s = apply(s, "stream.snapshot", "main", "{\"kind\":\"text\",\"text\":\"snap\"}");
    assertEquals("snap", s.main().text().toString());
    s = apply(s, "stream.snapshot", "main", "{\"table\":[1,2]}");
    assertEquals("{\"table\":[1,2]}", s.main().snapshot());
    assertEquals("snap", s.main().text().toString());
  }

  @Test
  void boundsOnTextAndEventCount() {
    StreamSummary s = StreamSummary.empty("bot", 9);
    String big = "y".repeat(70);
    StreamSummary start = s;
    assertEquals(JindouException.Kind.INVALID, assertThrows(JindouException.class,
        () -> apply(start, "stream.delta", "main", "{\"kind\":\"text\",\"delta\":\"" + big + "\"}")).kind());
    for (int i = 0; i < 5; i++) {
      s = apply(s, "custom", "main", "{}");
    }
    StreamSummary full = s;
    assertEquals(JindouException.Kind.INVALID, assertThrows(JindouException.class,
        () -> apply(full, "custom", "main", "{}")).kind(), "stream_events_max");
  }
}
