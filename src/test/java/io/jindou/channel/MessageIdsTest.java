package io.jindou.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MessageIdsTest {
  @Test
  void messageIdsAreUniqueIncreasingAndCarryTheNode() {
    MessageIds ids = new MessageIds(513);
    Set<Long> seen = new HashSet<>();
    long last = 0;
    for (int i = 0; i < 100_000; i++) {
      long id = ids.next();
      assertTrue(id > last);
      assertTrue(seen.add(id));
      assertEquals(513, (id >> 12) & 0x3FF);
      last = id;
    }
    assertThrows(IllegalArgumentException.class, () -> new MessageIds(1024));
  }
}
