package io.jindou.app;

import com.hazelcast.config.Config;
import com.hazelcast.config.FileSystemXmlConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.XmlConfigBuilder;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.FileNotFoundException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Starting Vert.x in cluster mode: reads {@code cluster.xml} (the file named by {@code cluster_config}, else
 * the copy packaged in the jar), applies the node's overrides (address, port, member list, failure-detection
 * timeout) and joins the Hazelcast cluster with the event bus bound to the same address. It owns nothing
 * after startup and never decides ring membership.
 *
 * <p>Host names are resolved here, once, before Hazelcast sees them: Hazelcast's interface list takes IP
 * addresses only, and it silently drops a TCP-IP member given by name whose address matches none of this
 * node's interfaces (with containers each node has its own address, so every node formed a cluster of one).
 * Names are retried for {@code cluster_resolve_timeout_seconds}, because in a compose stack or an
 * orchestrator the other nodes' names appear only when they start.
 */
final class ClusterBoot {
  private static final Logger LOG = Logger.getLogger(ClusterBoot.class.getName());

  private ClusterBoot() {
  }

  /** {@code cluster_host} and the TCP-IP members as IP literals ({@code ip:port}, IPv6 in brackets). */
  record Addresses(String host, List<String> members) {
  }

  /** A {@code host[:port]} member entry split into its parts; port -1 when absent. */
  record Member(String host, int port) {
    static Member parse(String entry) {
      String s = entry.trim();
      try {
        if (s.startsWith("[")) { // [v6]:port or [v6]
          int end = s.indexOf(']');
          String rest = s.substring(end + 1);
          return new Member(s.substring(1, end), rest.isEmpty() ? -1 : Integer.parseInt(rest.substring(1)));
        }
        int colon = s.indexOf(':');
        if (colon < 0 || colon != s.lastIndexOf(':')) { // bare host, or a bare IPv6 literal
          return new Member(s, -1);
        }
        return new Member(s.substring(0, colon), Integer.parseInt(s.substring(colon + 1)));
      } catch (RuntimeException e) {
        throw new IllegalStateException("cluster_members: '" + s + "' is not host:port");
      }
    }

    String with(InetAddress address) {
      String ip = literal(address);
      return port < 0 ? ip : ip + ":" + port;
    }
  }

  /**
   * Resolves {@code cluster_host} and every member through {@code lookup}, retrying names that do not resolve
   * yet until {@code timeoutMs} has passed. {@code cluster_host} must resolve (to an address of this machine);
   * a member that still does not resolve is left out with a warning (it is down, or not created yet: it joins
   * this node when it starts, since it resolves our name then), so one stopped node never keeps the others from
   * starting.
   */
  static Addresses resolve(String host, String members, long timeoutMs, Lookup lookup) {
    List<Member> parsed = new ArrayList<>();
    for (String m : members.split(",")) {
      if (!m.isBlank()) {
        parsed.add(Member.parse(m));
      }
    }
    Map<String, InetAddress> found = new LinkedHashMap<>();
    Map<String, String> missing = new LinkedHashMap<>();
    List<String> names = new ArrayList<>();
    names.add(host.trim());
    parsed.forEach(m -> names.add(m.host()));
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    boolean announced = false;
    while (true) {
      missing.clear();
      for (String name : names) {
        if (!found.containsKey(name) && !missing.containsKey(name)) {
          try {
            found.put(name, lookup.resolve(name));
          } catch (UnknownHostException e) {
            missing.put(name, e.getMessage() == null ? "unknown host" : e.getMessage());
          }
        }
      }
      if (missing.isEmpty() || System.nanoTime() >= deadline) {
        break;
      }
      if (!announced) {
        LOG.info("waiting up to " + TimeUnit.MILLISECONDS.toSeconds(timeoutMs) + " s for cluster host names to resolve: "
            + String.join(", ", missing.keySet()));
        announced = true;
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while resolving cluster host names");
      }
    }
    InetAddress self = found.get(host.trim());
    if (self == null) {
      throw new IllegalStateException("cluster_host '" + host.trim() + "' does not resolve to an address (waited "
          + TimeUnit.MILLISECONDS.toSeconds(timeoutMs) + " s; lookup said: " + missing.get(host.trim()) + ")");
    }
    if (self.isAnyLocalAddress()) {
      throw new IllegalStateException("cluster_host '" + host.trim() + "' is the wildcard address; give the address"
          + " (or name) of this machine that the other members reach");
    }
    if (!lookup.isLocal(self)) {
      throw new IllegalStateException("cluster_host '" + host.trim() + "' resolves to " + literal(self)
          + ", which is not an address of this machine");
    }
    List<String> out = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (Member m : parsed) {
      InetAddress a = found.get(m.host());
      if (a == null) {
        skipped.add(m.host());
      } else {
        out.add(m.with(a));
      }
    }
    if (!skipped.isEmpty()) {
      LOG.warning("cluster member(s) " + String.join(", ", skipped) + " did not resolve within "
          + TimeUnit.MILLISECONDS.toSeconds(timeoutMs) + " s; starting without them (a member that starts later"
          + " joins by resolving this node's name)");
    }
    return new Addresses(literal(self), out);
  }

  /** Name resolution, replaceable in tests. */
  interface Lookup {
    InetAddress resolve(String name) throws UnknownHostException;

    boolean isLocal(InetAddress address);
  }

  /** The JVM's resolver, IPv4 first; failed lookups are not cached, so a retry sees a name that just appeared. */
  static final Lookup SYSTEM = new Lookup() {
    @Override
    public InetAddress resolve(String name) throws UnknownHostException {
      InetAddress[] all = InetAddress.getAllByName(name);
      for (InetAddress a : all) {
        if (a instanceof Inet4Address) {
          return a;
        }
      }
      return all[0];
    }

    @Override
    public boolean isLocal(InetAddress address) {
      try {
        return address.isLoopbackAddress() || NetworkInterface.getByInetAddress(address) != null;
      } catch (SocketException e) {
        return true; // cannot tell: let the bind decide
      }
    }
  };

  static String literal(InetAddress a) {
    String ip = a.getHostAddress();
    int scope = ip.indexOf('%');
    if (a instanceof Inet6Address) {
      return "[" + (scope < 0 ? ip : ip.substring(0, scope)) + "]";
    }
    return ip;
  }

  /** The address without IPv6 brackets, as bind addresses and interface lists take it. */
  private static String bare(String literal) {
    return literal.startsWith("[") ? literal.substring(1, literal.length() - 1) : literal;
  }

  static Config hazelcastConfig(Settings.Cluster c, Addresses resolved) {
    Config hz;
    Path file = Path.of(c.configFile());
    try {
      if (Files.isRegularFile(file)) {
        hz = new FileSystemXmlConfig(file.toFile());
      } else {
        try (InputStream in = ClusterBoot.class.getResourceAsStream("/conf/cluster.xml")) {
          if (in == null) {
            throw new IllegalStateException("cluster.xml not found at " + file.toAbsolutePath() + " nor in the jar");
          }
          hz = new XmlConfigBuilder(in).build();
        }
      }
    } catch (FileNotFoundException e) {
      throw new IllegalStateException("cannot read " + file + ": " + e.getMessage());
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot read the packaged cluster.xml: " + e.getMessage());
    }
    int port = c.port();
    String ip = bare(resolved.host());
    NetworkConfig net = hz.getNetworkConfig();
    net.setPort(port).setPortAutoIncrement(false);
    net.getInterfaces().setEnabled(true).clear().addInterface(ip);
    // bind exactly this address: the interface match alone cannot pick an address the OS does not list on an
    // interface (127.0.0.2 on loopback), and would pick another one on a host with several
    hz.setProperty("hazelcast.local.localAddress", ip);
    JoinConfig join = net.getJoin();
    if (!c.members().isBlank()) {
      join.getTcpIpConfig().clear();
      resolved.members().forEach(m -> join.getTcpIpConfig().addMember(m));
    }
    join.getTcpIpConfig().addMember(resolved.host() + ":" + port);
    hz.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    hz.setProperty("hazelcast.max.no.heartbeat.seconds", Integer.toString(c.heartbeatTimeoutSeconds()));
    hz.setProperty("hazelcast.socket.bind.any", "false");
    hz.setProperty("hazelcast.phone.home.enabled", "false");
    // A member that hangs (SIGSTOP, a stuck VM) keeps accepting TCP connections in its kernel. Once the others have
    // dropped it, the split-brain check below connects to it again, and a Hazelcast output thread can then spin on
    // that connection; the heartbeats of the healthy members that share the thread stop going out and two healthy
    // nodes drop each other (one member of three stopped right after start: 3 splits in 4 runs). The IO balancer
    // moves connections between the IO threads; every second instead of every 20 keeps the heartbeats flowing (no
    // split in 11 runs; SplitBrainTest checks it).
    hz.setProperty("hazelcast.io.balancer.interval.seconds", "1");
    // a member cut off and back (a pause, a partition that heals) forms a cluster of its own until the split-brain
    // check merges it back; Hazelcast's defaults (5 min, then every 2 min) keep it out far too long
    hz.setProperty("hazelcast.merge.first.run.delay.seconds", Integer.toString(MERGE_CHECK_SECONDS));
    hz.setProperty("hazelcast.merge.next.run.delay.seconds", Integer.toString(MERGE_CHECK_SECONDS));
    return hz;
  }

  /** How often a cluster looks for another one with its name to merge with (after a partition heals). */
  static final int MERGE_CHECK_SECONDS = 5;

  /**
   * The members a majority is counted against: {@code cluster_expected_members} when set, else the entries of
   * {@code cluster_members} (resolved or not: a member that is down is still expected), else the TCP-IP members
   * of the Hazelcast file, else 1 (the node alone: no majority rule).
   */
  static int expectedMembers(Settings.Cluster c, Config hz) {
    if (c.expectedMembers() > 0) {
      return c.expectedMembers();
    }
    java.util.Set<String> listed = new java.util.LinkedHashSet<>();
    if (!c.members().isBlank()) {
      for (String m : c.members().split(",")) {
        if (!m.isBlank()) {
          listed.add(m.trim());
        }
      }
    } else if (hz.getNetworkConfig().getJoin().getTcpIpConfig().isEnabled()) {
      listed.addAll(hz.getNetworkConfig().getJoin().getTcpIpConfig().getMembers());
    }
    return Math.max(1, listed.size());
  }

  /** A joined cluster: the Vert.x instance, its cluster manager, and how many members to expect. */
  record Joined(Vertx vertx, HazelcastClusterManager manager, int expected) {
  }

  /** Joins the cluster; throws {@link IllegalStateException} with a one-line reason when it cannot. */
  static Joined start(Settings.Cluster c, VertxOptions options) {
    // a name that is missing now may appear a moment later (another container starting): never cache the miss
    java.security.Security.setProperty("networkaddress.cache.negative.ttl", "0");
    Addresses resolved = resolve(c.host(), c.members(), c.resolveTimeout().toMillis(), SYSTEM);
    String where = describe(c.host(), resolved.host()) + ":" + c.port();
    Config hz = hazelcastConfig(c, resolved);
    HazelcastClusterManager mgr = new HazelcastClusterManager(hz);
    options.setEventBusOptions(new EventBusOptions().setHost(bare(resolved.host())).setPort(0));
    try {
      Vertx v = Vertx.builder().with(options).withClusterManager(mgr).buildClustered().await(120, TimeUnit.SECONDS);
      int expected = expectedMembers(c, hz);
      LOG.info("joined cluster as " + where + " with " + mgr.getNodes().size() + " member(s) of " + expected
          + " expected; members tried: " + String.join(", ", resolved.members()));
      return new Joined(v, mgr, expected);
    } catch (Exception e) {
      throw new IllegalStateException(("cannot join the cluster on " + where + ": " + e.getMessage())
          .replaceAll("\\s*\\n\\s*", " "));
    }
  }

  private static String describe(String configured, String ip) {
    return configured.trim().equals(ip) ? ip : configured.trim() + " (" + ip + ")";
  }
}
