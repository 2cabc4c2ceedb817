package io.jindou.model;

import java.util.List;

/**
 * What one node sees of its cluster at a moment: how many members it can reach (itself included), how many
 * the operator said to expect, and the ready node ids of its ring. A node has the majority when it sees more
 * than half of the expected members; only then may it own channels and report ready, so a cut-off minority
 * never becomes a second owner of a channel. A value, computed by the membership; it decides nothing.
 */
public record ClusterSight(int seen, int expected, List<Integer> ring) {

  public ClusterSight {
    ring = List.copyOf(ring);
  }

  /** The smallest number of members that is a majority of the expected ones. */
  public int needed() {
    return expected / 2 + 1;
  }

  /** Whether this node sees a majority of the expected members. */
  public boolean majority() {
    return seen >= needed();
  }
}
