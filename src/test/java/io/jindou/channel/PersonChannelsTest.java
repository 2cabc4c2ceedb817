package io.jindou.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.model.JindouException;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PersonChannelsTest {
  @Test
  void canonicalIdIsSymmetricAndPutsTheLargerCrcFirst() {
    String ab = PersonChannels.canonical("alice", "bob");
    assertEquals(ab, PersonChannels.canonical("bob", "alice"));
    String first = PersonChannels.crc("alice") > PersonChannels.crc("bob") ? "alice" : "bob";
    assertTrue(ab.startsWith(first + "@"));
    assertEquals("a@a", PersonChannels.canonical("a", "a"));
  }

  @Test
  void normalizeAcceptsPeerOrCanonicalContainingSelf() {
    String id = PersonChannels.canonical("u1", "u2");
    assertEquals(id, PersonChannels.normalize("u1", "u2"));
    assertEquals(id, PersonChannels.normalize("u1", "u2@u1"));
    assertThrows(JindouException.class, () -> PersonChannels.normalize("u3", "u1@u2"));
    assertThrows(JindouException.class, () -> PersonChannels.normalize("u1", "u1@"));
    assertEquals("u2", PersonChannels.peerOf(id, "u1"));
    assertEquals("u1", PersonChannels.peerOf(id, "u2"));
  }

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
