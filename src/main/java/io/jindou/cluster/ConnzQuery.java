package io.jindou.cluster;

import io.jindou.model.JindouException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.ToLongFunction;

/**
 * Which page of a node's connections {@code /connz} shows (spec http-api §1.1): connections whose uid contains
 * {@code uid} (empty = all), ordered by {@code sort} (a field name, optionally with {@code Desc}), then
 * {@code limit} of them from {@code offset}. The node holding the connections applies it ({@link #page}), so
 * only one page crosses the cluster. It owns the sort names; the JSON view belongs to the HTTP edge.
 */
public record ConnzQuery(int offset, int limit, String sort, String uid) implements NodeCall<ConnzPage> {

  private static final Map<String, Comparator<Connections.Info>> SORTS = Map.of(
      "id", Comparator.comparingLong(Connections.Info::id),
      "inMsg", by(Connections.Info::inMsgs), "outMsg", by(Connections.Info::outMsgs),
      "inMsgBytes", by(Connections.Info::inBytes), "outMsgBytes", by(Connections.Info::outBytes),
      "inPacket", by(Connections.Info::inPackets), "outPacket", by(Connections.Info::outPackets),
      "uptime", by(c -> -c.createdAt()), "idle", by(c -> -c.lastActivity()),
      "protoVersion", by(Connections.Info::version));

  private static Comparator<Connections.Info> by(ToLongFunction<Connections.Info> f) {
    return Comparator.comparingLong(f);
  }

  /** The order {@code sort} names (null or empty = by id); an unknown name is the caller's 400. */
  public static Comparator<Connections.Info> order(String sort) {
    String s = sort == null || sort.isEmpty() ? "id" : sort;
    boolean desc = s.endsWith("Desc");
    Comparator<Connections.Info> cmp = SORTS.get(desc ? s.substring(0, s.length() - 4) : s);
    if (cmp == null) {
      throw JindouException.invalid("unknown sort '" + s + "'; one of " + new TreeSet<>(SORTS.keySet())
          + " (optionally with Desc)");
    }
    return desc ? cmp.reversed() : cmp;
  }

  /** This page of {@code all}, taken at {@code now} on node {@code nodeId}. */
  public ConnzPage page(List<Connections.Info> all, long now, int nodeId) {
    List<Connections.Info> matching = new ArrayList<>(all);
    if (uid != null && !uid.isEmpty()) {
      matching.removeIf(c -> !c.uid().contains(uid));
    }
    matching.sort(order(sort));
    List<Connections.Info> page = matching.stream().skip(offset).limit(limit).toList();
    return new ConnzPage(page, now, matching.size(), offset, limit, nodeId);
  }
}
