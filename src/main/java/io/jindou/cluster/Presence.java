package io.jindou.cluster;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Where users' device sessions live: for a set of uids, which nodes hold at least one session of each. Fan-out
 * uses it to send one batch per node. Implementations are thread-safe and answer from memory; they never
 * deliver anything themselves.
 */
public interface Presence {

  /** Node id → the given uids that have a session there; uids with no session anywhere are left out. */
  Map<Integer, List<String>> locate(Collection<String> uids);
}
