package io.jindou.usecase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.model.Message;
import io.jindou.model.StreamLane;
import io.jindou.model.StreamSummary;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A sync page whose anchors carry large merged texts is cut to the answer budget, from the side it pages from. */
class StreamPageFitTest {

  private static Message anchor(long seq) {
    return new Message(seq, seq, "a" + seq, null, "bot", "g", 2, 1, 0, false, false, false, Message.SETTING_STREAM,
        null, null, new byte[10]);
  }

  private static StreamSummary big() {
    return new StreamSummary("bot", 1, 1, 1, true, 1, List.of(new StreamLane("main", "closed", 1, "x".repeat(10_000),
        null, 0, "")));
  }

  @Test
  void anchorsBeyondTheBudgetAreLeftForTheNextPage() {
    List<Message> ms = List.of(anchor(1), anchor(2), anchor(3));
    MessagePage page = new MessagePage(0, 0, false, ms, Map.of("a1", big(), "a2", big(), "a3", big()));
    MessagePage up = ReadMessages.fit(page, 1, 70_000);
    assertEquals(List.of(1L, 2L), up.messages().stream().map(Message::messageSeq).toList());
    assertTrue(up.more());
    MessagePage down = ReadMessages.fit(page, 0, 70_000);
    assertEquals(List.of(2L, 3L), down.messages().stream().map(Message::messageSeq).toList(), "the newest kept");
    assertEquals(1, ReadMessages.fit(page, 1, 10).messages().size(), "at least one message");
    MessagePage all = ReadMessages.fit(page, 1, 1 << 20);
    assertEquals(3, all.messages().size());
    assertFalse(all.more());
  }
}
