package io.jindou.cluster;

import io.jindou.model.ConnectionInfo;
import io.jindou.model.ConnzPage;
import io.jindou.model.ConnzQuery;
import io.jindou.model.JindouException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.ToLongFunction;

/**
 * What a {@link ConnzQuery} means on the node that holds the connections: the sort names of {@code /connz}
 * (spec http-api §1.1) and the filter-sort-page that answers it. Pure functions; the JSON view belongs to the
 * HTTP edge.
 */
public final class ConnzPages {
  private static final Map<String, Comparator<ConnectionInfo>> SORTS = Map.of(
      "id", Comparator.comparingLong(ConnectionInfo::id),
      "inMsg", by(ConnectionInfo::inMsgs), "outMsg", by(ConnectionInfo::outMsgs),
      "inMsgBytes", by(ConnectionInfo::inBytes), "outMsgBytes", by(ConnectionInfo::outBytes),
      "inPacket", by(ConnectionInfo::inPackets), "outPacket", by(ConnectionInfo::outPackets),
      "uptime", by(c -> -c.createdAt()), "idle", by(c -> -c.lastActivity()),
      "protoVersion", by(ConnectionInfo::version));

  private ConnzPages() {
  }

  private static Comparator<ConnectionInfo> by(ToLongFunction<ConnectionInfo> f) {
    return Comparator.comparingLong(f);
  }

  /** The order {@code sort} names (null or empty = by id); an unknown name is the caller's 400. */
  public static Comparator<ConnectionInfo> order(String sort) {
    String s = sort == null || sort.isEmpty() ? "id" : sort;
    boolean desc = s.endsWith("Desc");
    Comparator<ConnectionInfo> cmp = SORTS.get(desc ? s.substring(0, s.length() - 4) : s);
    if (cmp == null) {
      throw JindouException.invalid("unknown sort '" + s + "'; one of " + new TreeSet<>(SORTS.keySet())
          + " (optionally with Desc)");
    }
    return desc ? cmp.reversed() : cmp;
  }

  /** The page {@code q} asks for of {@code all}, taken at {@code now} on node {@code nodeId}. */
  public static ConnzPage page(ConnzQuery q, List<ConnectionInfo> all, long now, int nodeId) {
    List<ConnectionInfo> matching = new ArrayList<>(all);
    if (q.uid() != null && !q.uid().isEmpty()) {
      matching.removeIf(c -> !c.uid().contains(q.uid()));
    }
    matching.sort(order(q.sort()));
    List<ConnectionInfo> page = matching.stream().skip(q.offset()).limit(q.limit()).toList();
    return new ConnzPage(page, now, matching.size(), q.offset(), q.limit(), nodeId);
  }
}
