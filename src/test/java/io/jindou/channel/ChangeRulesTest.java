package io.jindou.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.model.ChannelKey;
import io.jindou.model.JindouException;
import io.jindou.model.Message;
import io.jindou.model.MessageChange;
import io.jindou.model.Reason;
import org.junit.jupiter.api.Test;

/** The windows and roles of message changes, decided without a node (the HTTP paths are in lifecycle tests). */
class ChangeRulesTest {
  private static final ChannelKey G = new ChannelKey("g", 2);
  private static final ChangeRules.Windows W = new ChangeRules.Windows(120, 3600);

  private static Message sent(long at) {
    return new Message(1, 1, "c", null, "a", "g", 2, at, 0, false, true, false, 0, null, null, "hi".getBytes());
  }

  private static MessageChange change(MessageChange.Op op, String actor, String payload) {
    return new MessageChange(op, G, 1, 0, actor, false, payload == null ? null : payload.getBytes(), "x");
  }

  private static int reason(Runnable r) {
    return assertThrows(JindouException.class, r::run).reason();
  }

  @Test
  void theSenderRecallsWithinItsWindowAndAModeratorAtAnyTime() {
    Message old = sent(1000);
    assertEquals(Reason.CHANGE_WINDOW_CLOSED, reason(() -> ChangeRules.next(old,
        change(MessageChange.Op.REVOKE, "a", null), 1, 1121, false, true, W)));
    assertTrue(ChangeRules.next(old, change(MessageChange.Op.REVOKE, "a", null), 1, 1120, false, true, W).extra()
        .revoked(), "at the edge of the window");
    Message byMod = ChangeRules.next(old, change(MessageChange.Op.REVOKE, "sys", null), 7, 99_999, true, false, W);
    assertEquals(7, byMod.extra().version());
    assertEquals("sys", byMod.extra().revoker());
    assertEquals(0, byMod.payload().length);
    assertNull(ChangeRules.next(byMod, change(MessageChange.Op.REVOKE, "a", null), 8, 1000, false, true, W),
        "already recalled: no change");
  }

  @Test
  void onlyTheSenderEditsWithinTheEditWindowAndNothingEditsATombstone() {
    Message m = sent(1000);
    assertEquals(Reason.NOT_MESSAGE_SENDER, reason(() -> ChangeRules.next(m,
        change(MessageChange.Op.EDIT, "sys", "x"), 1, 1001, true, true, W)));
    assertEquals(Reason.CHANGE_WINDOW_CLOSED, reason(() -> ChangeRules.next(m,
        change(MessageChange.Op.EDIT, "a", "x"), 1, 4601, false, true, W)));
    Message edited = ChangeRules.next(m, change(MessageChange.Op.EDIT, "a", "x"), 1, 2000, false, true, W);
    assertEquals(2000, edited.extra().editedAt());
    assertEquals(1, edited.extra().editCount());
    Message deleted = ChangeRules.next(edited, change(MessageChange.Op.DELETE, "a", null), 2, 1001, false, true, W);
    JindouException e = assertThrows(JindouException.class, () -> ChangeRules.next(deleted,
        change(MessageChange.Op.EDIT, "a", "y"), 3, 1001, false, true, W));
    assertEquals(JindouException.Kind.CONFLICT, e.kind());
    assertEquals(Reason.MESSAGE_ERASED, e.reason());
  }

  @Test
  void aNonMemberMayNotHideOrReact() {
    Message m = sent(1000);
    assertEquals(Reason.SUBSCRIBER_NOT_EXIST, reason(() -> ChangeRules.next(m,
        change(MessageChange.Op.DELETE_FOR_ME, "z", null), 1, 1001, false, false, W)));
    assertEquals(Reason.SUBSCRIBER_NOT_EXIST, reason(() -> ChangeRules.next(m,
        change(MessageChange.Op.REACTION_ADD, "z", null), 1, 1001, false, false, W)));
    Message hidden = ChangeRules.next(m, change(MessageChange.Op.DELETE_FOR_ME, "b", null), 1, 1001, false, true, W);
    assertTrue(hidden.extra().hiddenFor("b"));
    assertNull(ChangeRules.next(hidden, change(MessageChange.Op.DELETE_FOR_ME, "b", null), 2, 1001, false, true, W));
  }

  @Test
  void forgettingAUserRemovesItsReactionsReadingAndHidingAndKeepsTheCountsAndContent() {
    io.jindou.model.MessageExtra x = new io.jindou.model.MessageExtra(4, false, null, false, 0, 0,
        java.util.List.of("v", "b"), java.util.List.of(new io.jindou.model.MessageExtra.Reaction("v", "+1"),
            new io.jindou.model.MessageExtra.Reaction("b", "ok")), 2, 5, java.util.List.of("b", "v"));
    Message m = sent(100).withExtra(x, "hi".getBytes());
    Message f = ChangeRules.forgotten(m, "v", 5);
    assertEquals(5, f.extra().version());
    assertEquals(java.util.List.of("b"), f.extra().hiddenFor());
    assertEquals(java.util.List.of(new io.jindou.model.MessageExtra.Reaction("b", "ok")), f.extra().reactions());
    assertEquals(java.util.List.of("b"), f.extra().readers());
    assertEquals(2, f.extra().readedCount(), "a count is no one's data");
    assertEquals("hi", new String(f.payload()));
    assertNull(ChangeRules.forgotten(f, "v", 6), "nothing left to forget: no change");
    assertNull(ChangeRules.forgotten(sent(100), "v", 1));
  }
}
