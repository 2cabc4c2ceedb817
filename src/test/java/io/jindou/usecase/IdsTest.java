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
}
