package io.jindou.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChannelRingTest {
  @Test
  void sameMembersGiveSameOwnersRegardlessOfOrder() {
    ChannelRing a = new ChannelRing(List.of(1, 2, 3), 128);
    ChannelRing b = new ChannelRing(List.of(3, 1, 2), 128);
    for (int i = 0; i < 5000; i++) {
      assertEquals(a.ownerOf("2:g" + i), b.ownerOf("2:g" + i));
    }
  }

  @Test
  void aJoinMovesOnlyTheNewMembersShare() {
    ChannelRing three = new ChannelRing(List.of(1, 2, 3), 128);
    ChannelRing four = new ChannelRing(List.of(1, 2, 3, 4), 128);
    int moved = 0;
    int n = 20_000;
    for (int i = 0; i < n; i++) {
      String k = "2:g" + i;
      int before = three.ownerOf(k);
      int after = four.ownerOf(k);
      if (before != after) {
        moved++;
        assertEquals(4, after, "a channel may only move to the joining node");
      }
    }
    assertTrue(moved > n * 0.15 && moved < n * 0.35, "moved " + moved);
  }

  @Test
  void shardsAreStableAndInRange() {
    for (int i = 0; i < 1000; i++) {
      int s = ChannelRing.shardOf("k" + i, 4);
      assertTrue(s >= 0 && s < 4);
      assertEquals(s, ChannelRing.shardOf("k" + i, 4));
    }
    assertThrows(IllegalStateException.class, () -> new ChannelRing(List.of(), 8).ownerOf("x"));
  }
}
