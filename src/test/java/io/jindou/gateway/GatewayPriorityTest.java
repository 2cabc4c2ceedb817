package io.jindou.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.support.Http;
import io.jindou.support.TestNode;
import io.jindou.support.WkClient;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The gateway's own loops run at a lower priority than the rest of the node ({@code gateway_thread_priority}), as
 * the kernel sees it: their nice value, read from {@code /proc}, is 4 above the node's, and no other thread of the
 * node (the Vert.x workers a login's store reads run on, the acceptor, the node's loops, the store's writer) took
 * it over from them. (The JVM's own threads are left out: as root, the JVM gives its collector and compilers a
 * higher priority under this flag.) The build starts the test JVM with {@code -XX:ThreadPriorityPolicy=1}, as
 * the README's start command starts the server.
 */
class GatewayPriorityTest {
  @Test
  void theGatewaysLoopsYieldAndNoOtherThreadInheritsTheirPriority() throws Exception {
    assertEquals("1", ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
        .getVMOption("ThreadPriorityPolicy").getValue(), "the build sets -XX:ThreadPriorityPolicy=1 for tests");
    int base = nice(Path.of("/proc/thread-self/stat"));
    try (TestNode node = new TestNode(Map.of("gateway_event_loops", 2))) {
      exercise(node);
      List<Integer> gateway = new ArrayList<>();
      List<String> others = new ArrayList<>();
      try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
        for (Path t : tasks.toList()) {
          String name;
          int nice;
          try {
            name = Files.readString(t.resolve("comm")).trim();
            nice = nice(t.resolve("stat"));
          } catch (IOException gone) {
            continue; // the thread ended while we looked
          }
          if (name.startsWith("jindou-gateway")) {
            gateway.add(nice);
          } else if (nice != base && (name.startsWith("vert.x") || name.startsWith("vertx") || name.startsWith("jindou")
              || name.startsWith("rocksdb"))) {
            others.add(name + " at nice " + nice);
          }
        }
      }
      assertEquals(List.of(base + 4, base + 4), gateway, "both gateway loops at nice +4 (Java priority 1)");
      assertTrue(others.isEmpty(), "threads that took the gateway's priority: " + others);
    }
  }

  @Test
  void atNormalPriorityTheGatewaysLoopsRunAsTheNodesDo() throws Exception {
    int base = nice(Path.of("/proc/thread-self/stat"));
    try (TestNode node = new TestNode(Map.of("gateway_event_loops", 1, "gateway_thread_priority", 5))) {
      exercise(node);
      List<Integer> gateway = new ArrayList<>();
      try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
        for (Path t : tasks.toList()) {
          try {
            if (Files.readString(t.resolve("comm")).startsWith("jindou-gateway")) {
              gateway.add(nice(t.resolve("stat")));
            }
          } catch (IOException gone) {
            continue; // the thread ended while we looked
          }
        }
      }
      assertEquals(List.of(base), gateway);
    }
  }

  /** A login and a delivered message: the gateway's loops run store reads on workers and write a RECV. */
  private static void exercise(TestNode node) throws Exception {
    Http http = node.http;
    node.token("prio1", "t", 0);
    WkClient c = WkClient.connect(node.tcpPort, 6, "prio1", "t");
    try {
      assertEquals(200, http.post("/message/send", new JsonObject().put("from_uid", "____system")
          .put("channel_id", "prio1").put("channel_type", 1).put("payload", "eA==")).status());
      c.recvack(c.await(io.jindou.proto.RecvPacket.class, java.time.Duration.ofSeconds(10)));
    } finally {
      c.close();
    }
  }

  /** Field 19 of a stat line, counted after the parenthesised thread name (which may hold spaces). */
  private static int nice(Path stat) throws IOException {
    String s = Files.readString(stat);
    return Integer.parseInt(s.substring(s.lastIndexOf(')') + 2).split(" ")[16]);
  }
}
