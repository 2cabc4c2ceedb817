package io.jindou.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
