package io.jindou.access.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.jindou.model.Message;
import io.jindou.model.PersonChannels;
import org.junit.jupiter.api.Test;

/**
 * The views one delivery batch shares ({@link RecvView.Memo}) are exactly the views built per device, for the
 * sender's own devices and others, every protocol version (a sequence over 32 bits is cut before v6) and person
 * channels (where each device sees its peer); outside person channels they are built once per kind.
 */
class RecvViewMemoTest {
  private static Message message(String channelId, int channelType) {
    return new Message(1_234_567L, (1L << 32) + 5, "cmn", "", "alice", channelId, channelType, 1_733_300_000L, 0,
        false, true, false, 0, "", "", new byte[] {1, 2, 3});
  }

  @Test
  void sharedViewsEqualPerDeviceViews() {
    Message group = message("g1", 2);
    Message person = message(PersonChannels.canonical("alice", "bob"), 1);
    for (Message m : new Message[] {group, person}) {
      RecvView.Memo memo = new RecvView.Memo(m);
      for (String viewer : new String[] {"alice", "bob", "carol"}) {
        for (int v = 1; v <= 6; v++) {
          boolean own = viewer.equals("alice");
          assertEquals(RecvView.of(m, viewer, own, v), memo.of(viewer, own, v), viewer + " v" + v);
        }
      }
    }
    RecvView.Memo groupMemo = new RecvView.Memo(group);
    assertSame(groupMemo.of("bob", false, 5), groupMemo.of("carol", false, 4));
    assertNotSame(groupMemo.of("bob", false, 5), groupMemo.of("bob", false, 6));
    RecvView.Memo personMemo = new RecvView.Memo(person);
    assertEquals("alice", personMemo.of("bob", false, 5).channelId());
    assertEquals("bob", personMemo.of("alice", true, 5).channelId());
  }
}
