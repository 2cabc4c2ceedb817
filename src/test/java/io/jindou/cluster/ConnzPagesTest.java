package io.jindou.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.model.ConnectionInfo;
import io.jindou.model.ConnzPage;
import io.jindou.model.ConnzQuery;
import io.jindou.model.JindouException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The connz page a node builds from its own connections: filter by uid, sort by a named field, then page. */
class ConnzPagesTest {
  static ConnectionInfo conn(long id, String uid, long inMsgs, long createdAt) {
    return new ConnectionInfo(id, uid, 1, 0, "d", 6, "tcp", "127.0.0.1", 1000, createdAt, createdAt, inMsgs, 0, 0,
        0, 0, 0, 0);
  }

  static final List<ConnectionInfo> ALL = List.of(conn(3, "alice", 5, 300), conn(1, "bob", 9, 100),
      conn(2, "alicia", 1, 200), conn(4, "carol", 7, 400));

  static List<Long> ids(ConnzPage p) {
    return p.connections().stream().map(ConnectionInfo::id).toList();
  }

  @Test
  void filtersSortsAndPages() {
    ConnzPage all = ConnzPages.page(new ConnzQuery(0, 20, "", ""), ALL, 99, 7);
    assertEquals(List.of(1L, 2L, 3L, 4L), ids(all), "by id by default");
    assertEquals(4, all.total());
    assertEquals(7, all.nodeId());
    assertEquals(99, all.now());
    assertEquals(List.of(1L, 4L, 3L, 2L), ids(ConnzPages.page(new ConnzQuery(0, 20, "inMsgDesc", null), ALL, 0, 1)));
    assertEquals(List.of(4L, 3L, 2L, 1L), ids(ConnzPages.page(new ConnzQuery(0, 20, "uptime", null), ALL, 0, 1)),
        "uptime: the newest connection has the least");
    ConnzPage alices = ConnzPages.page(new ConnzQuery(1, 1, "id", "ali"), ALL, 0, 1);
    assertEquals(List.of(3L), ids(alices), "uid contains 'ali', second of two");
    assertEquals(2, alices.total(), "the total counts every match, not the page");
    assertEquals(List.of(), ids(ConnzPages.page(new ConnzQuery(10, 5, null, null), ALL, 0, 1)));
  }

  @Test
  void anUnknownSortIsTheCallersMistake() {
    JindouException e = assertThrows(JindouException.class, () -> ConnzPages.order("nonsense"));
    assertEquals(JindouException.Kind.INVALID, e.kind());
    assertTrue(e.getMessage().startsWith("unknown sort 'nonsense'; one of [id, idle, inMsg,"), e.getMessage());
  }
}
