package io.jindou.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Host names in {@code cluster_host} and {@code cluster_members} become IP literals before Hazelcast sees
 * them (its interface list takes addresses only, and it drops members given by a name whose address matches
 * none of this node's interfaces).
 */
class ClusterBootTest {
  /** A resolver over a table; {@code appearsAfter} names resolve only from that many lookups on. */
  static final class Table implements ClusterBoot.Lookup {
    final Map<String, String> names = new HashMap<>();
    final Map<String, Integer> appearsAfter = new HashMap<>();
    final Map<String, Integer> asked = new HashMap<>();
    Set<String> local = Set.of("10.0.0.1", "127.0.0.1");

    @Override
    public InetAddress resolve(String name) throws UnknownHostException {
      int n = asked.merge(name, 1, Integer::sum);
      String ip = names.get(name);
      if (ip == null || n <= appearsAfter.getOrDefault(name, 0)) {
        throw new UnknownHostException(name + ": Name or service not known");
      }
      return InetAddress.getByName(ip); // a literal: no lookup
    }

    @Override
    public boolean isLocal(InetAddress address) {
      return local.contains(address.getHostAddress());
    }
  }

  @Test
  void namesBecomeAddressesAndPortsAreKept() {
    Table t = new Table();
    t.names.putAll(Map.of("jindou1", "10.0.0.1", "jindou2", "10.0.0.2", "jindou3", "10.0.0.3", "10.0.0.9", "10.0.0.9",
        "::1", "::1"));
    ClusterBoot.Addresses a = ClusterBoot.resolve("jindou1", " jindou1:5701, jindou2:5701 ,jindou3,10.0.0.9:5801,[::1]:5701",
        1000, t);
    assertEquals("10.0.0.1", a.host());
    assertEquals(List.of("10.0.0.1:5701", "10.0.0.2:5701", "10.0.0.3", "10.0.0.9:5801", "[0:0:0:0:0:0:0:1]:5701"),
        a.members());
  }

  @Test
  void namesThatAppearWhileWaitingAreUsed() {
    Table t = new Table();
    t.names.putAll(Map.of("jindou1", "10.0.0.1", "jindou2", "10.0.0.2"));
    t.appearsAfter.put("jindou2", 3); // another container that starts a moment later
    ClusterBoot.Addresses a = ClusterBoot.resolve("jindou1", "jindou1:5701,jindou2:5701", 10_000, t);
    assertEquals(List.of("10.0.0.1:5701", "10.0.0.2:5701"), a.members());
    assertEquals(4, t.asked.get("jindou2"));
    assertEquals(1, t.asked.get("jindou1"), "a name that resolved is not asked again");
  }

  @Test
  void aMemberThatNeverResolvesIsLeftOutAfterTheWait() {
    Table t = new Table();
    t.names.put("jindou1", "10.0.0.1");
    long t0 = System.nanoTime();
    ClusterBoot.Addresses a = ClusterBoot.resolve("jindou1", "jindou1:5701,jindou2:5701", 600, t);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertEquals(List.of("10.0.0.1:5701"), a.members(), "a stopped member must not keep this node from starting");
    assertTrue(ms >= 500 && ms < 5000, "waited about the bound: " + ms + " ms");
    assertTrue(t.asked.get("jindou2") > 1, "retried");
  }

  @Test
  void anOwnHostThatDoesNotResolveOrIsNotLocalIsAOneLineError() {
    Table t = new Table();
    t.names.put("jindou2", "10.0.0.2");
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> ClusterBoot.resolve("jindou1", "jindou2:5701", 300, t));
    assertTrue(e.getMessage().startsWith("cluster_host 'jindou1' does not resolve to an address"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
    e = assertThrows(IllegalStateException.class, () -> ClusterBoot.resolve("jindou2", "", 300, t));
    assertEquals("cluster_host 'jindou2' resolves to 10.0.0.2, which is not an address of this machine", e.getMessage());
    t.names.put("0.0.0.0", "0.0.0.0");
    e = assertThrows(IllegalStateException.class, () -> ClusterBoot.resolve("0.0.0.0", "", 300, t));
    assertTrue(e.getMessage().startsWith("cluster_host '0.0.0.0' is the wildcard address"), e.getMessage());
    e = assertThrows(IllegalStateException.class, () -> ClusterBoot.resolve("127.0.0.1", "jindou2:57x1", 300, t));
    assertEquals("cluster_members: 'jindou2:57x1' is not host:port", e.getMessage());
  }

  @Test
  void theMajorityIsCountedAgainstTheConfiguredMembers() {
    com.hazelcast.config.Config hz = new com.hazelcast.config.Config();
    assertEquals(3, ClusterBoot.expectedMembers(cluster("a:1, b:2,c:3,", 0), hz), "entries of cluster_members");
    assertEquals(5, ClusterBoot.expectedMembers(cluster("a:1,b:2,c:3", 5), hz), "cluster_expected_members wins");
    hz.getNetworkConfig().getJoin().getTcpIpConfig().setEnabled(true).addMember("x:1").addMember("y:1");
    assertEquals(2, ClusterBoot.expectedMembers(cluster("", 0), hz), "else the TCP-IP members of cluster.xml");
    assertEquals(1, ClusterBoot.expectedMembers(cluster("", 0), new com.hazelcast.config.Config()), "else alone");
  }

  static Settings.Cluster cluster(String members, int expected) {
    return new Settings.Cluster(true, "cluster.xml", "127.0.0.1", 5701, members, 10, java.time.Duration.ZERO,
        expected, java.time.Duration.ofSeconds(2));
  }
}
