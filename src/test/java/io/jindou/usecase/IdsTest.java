package io.jindou.usecase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jindou.model.JindouException;
import io.jindou.model.Reason;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The id rules every edge shares, with the exact messages the API has always given. */
class IdsTest {
  static String refusal(Runnable r) {
    return assertThrows(JindouException.class, r::run).getMessage();
  }

  @Test
  void anIdIsNonBlankBoundedPlainAndValidUnicode() {
    assertEquals("u1", Ids.check("uid", "u1", 2, true, Reason.UNKNOWN));
    assertEquals("uid is required", refusal(() -> Ids.required("uid", null, 2, true, Reason.UNKNOWN)));
    assertEquals("uid must not be blank", refusal(() -> Ids.check("uid", " \t", 2, true, Reason.UNKNOWN)));
    assertEquals("uid is 3 characters long, over the limit of 2",
        refusal(() -> Ids.check("uid", "abc", 2, true, Reason.UNKNOWN)));
    for (String s : new String[] {"a@", "#", "&b"}) {
      assertEquals("uid must not contain '@', '#' or '&', got \"" + s + "\"",
          refusal(() -> Ids.check("uid", s, 5, true, Reason.UNKNOWN)));
    }
    assertEquals("a@b", Ids.check("channel_id", "a@b", 5, false, Reason.UNKNOWN), "not plain: @ allowed");
    assertEquals("uid is not valid Unicode (an unpaired surrogate)",
        refusal(() -> Ids.check("uid", "a\ud800", 5, false, Reason.UNKNOWN)));
    JindouException e = assertThrows(JindouException.class,
        () -> Ids.check("channel_id", "", 5, false, Reason.CHANNEL_ID_ERROR));
    assertEquals(Reason.CHANNEL_ID_ERROR, e.reason(), "the caller's reason travels with the refusal");
  }

  @Test
  void boundedStringsMayBeAbsentOrEmpty() {
    assertNull(Ids.bounded("topic", null, 3, Reason.PAYLOAD_DECODE_ERROR));
    assertEquals("", Ids.bounded("topic", "", 3, Reason.PAYLOAD_DECODE_ERROR));
    assertEquals("topic is 4 characters long, over the limit of 3",
        refusal(() -> Ids.bounded("topic", "abcd", 3, Reason.PAYLOAD_DECODE_ERROR)));
  }

  @Test
  void aUidListDropsBlanksTrimsAndKeepsTheFirstOfDuplicates() {
    assertEquals(List.of(), Ids.list("uids", null, 5));
    assertEquals(List.of("b", "a"), Ids.list("uids", Arrays.asList(" b", "", "a", "b ", "  "), 5));
    assertEquals("uids entry is 6 characters long, over the limit of 5",
        refusal(() -> Ids.list("uids", List.of("abcdef"), 5)));
  }

  @Test
  void controlCharactersAreRefusedInIdsAndBoundedStrings() {
    assertEquals("uid must not contain control characters, got U+000A at index 1",
        refusal(() -> Ids.check("uid", "a\nb", 5, false, Reason.UNKNOWN)));
    assertEquals("uid must not contain control characters, got U+0000 at index 0",
        refusal(() -> Ids.check("uid", "\u0000a", 5, true, Reason.UNKNOWN)));
    assertEquals("topic must not contain control characters, got U+007F at index 2",
        refusal(() -> Ids.bounded("topic", "ab\u007f", 5, Reason.PAYLOAD_DECODE_ERROR)));
    assertEquals("uid must not contain '@', '#' or '&', got \"a@U+000D\"",
        refusal(() -> Ids.check("uid", "a@\r", 5, true, Reason.UNKNOWN)), "the message shows them escaped");
    assertEquals("a\u00a0b", Ids.check("uid", "a\u00a0b", 5, false, Reason.UNKNOWN), "printable Unicode passes");
  }

  @Test
  void aUidListIsRefusedWholeOverItsCount() {
    assertEquals("uids names 3 uids, over the limit of 2 per request",
        refusal(() -> Ids.list("uids", List.of("a", "b", "c"), 5, 2)));
    assertEquals(List.of("a", "b"), Ids.list("uids", List.of("a", "b"), 5, 2));
  }
}
