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

  /**
   * Node id → the given uids that have a session there; uids with no session anywhere are left out. The lists are
   * read-only; the one for the implementation's own node may carry more than uids for that node's delivery (the
   * gateway's registry hands along the sessions it found), so callers pass it on as it is.
   */
  Map<Integer, List<String>> locate(Collection<String> uids);

  /**
   * The given uids that count as online for offline notifications (WuKongIM: a master device online); by default
   * any session. An implementation that knows device levels counts only master (device_level 1) sessions.
   */
  default java.util.Set<String> withMaster(Collection<String> uids) {
    java.util.Set<String> out = new java.util.HashSet<>();
    locate(uids).values().forEach(out::addAll);
    return out;
  }
}
