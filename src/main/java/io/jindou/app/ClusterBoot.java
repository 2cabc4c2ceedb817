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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Starting Vert.x in cluster mode: reads {@code cluster.xml} (the file named by {@code cluster_config}, else
 * the copy packaged in the jar), applies the node's overrides (interface, port, member list, failure-detection
 * timeout) and joins the Hazelcast cluster with the event bus bound to the same interface. It owns nothing
 * after startup and never decides ring membership.
 */
final class ClusterBoot {
  private static final Logger LOG = Logger.getLogger(ClusterBoot.class.getName());

  private ClusterBoot() {
  }

  static Config hazelcastConfig(io.jindou.app.Config c) {
    Config hz;
    Path file = Path.of(c.str("cluster_config"));
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
    String host = c.str("cluster_host");
    int port = c.integer("cluster_port");
    NetworkConfig net = hz.getNetworkConfig();
    net.setPort(port).setPortAutoIncrement(false);
    net.getInterfaces().setEnabled(true).clear().addInterface(host);
    JoinConfig join = net.getJoin();
    if (!c.str("cluster_members").isBlank()) {
      join.getTcpIpConfig().clear();
      for (String m : c.str("cluster_members").split(",")) {
        if (!m.isBlank()) {
          join.getTcpIpConfig().addMember(m.trim());
        }
      }
    }
    join.getTcpIpConfig().addMember(host + ":" + port);
    hz.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    hz.setProperty("hazelcast.max.no.heartbeat.seconds", Integer.toString(c.integer("cluster_heartbeat_timeout_seconds")));
    hz.setProperty("hazelcast.socket.bind.any", "false");
    hz.setProperty("hazelcast.phone.home.enabled", "false");
    return hz;
  }

  /** Joins the cluster; throws {@link IllegalStateException} with a one-line reason when it cannot. */
  static Vertx start(io.jindou.app.Config c, VertxOptions options, HazelcastClusterManager[] managerOut) {
    HazelcastClusterManager mgr = new HazelcastClusterManager(hazelcastConfig(c));
    options.setEventBusOptions(new EventBusOptions().setHost(c.str("cluster_host")).setPort(0));
    try {
      Vertx v = Vertx.builder().with(options).withClusterManager(mgr).buildClustered().await(120, TimeUnit.SECONDS);
      managerOut[0] = mgr;
      LOG.info("joined cluster as " + c.str("cluster_host") + ":" + c.integer("cluster_port") + " with "
          + mgr.getNodes().size() + " member(s)");
      return v;
    } catch (Exception e) {
      throw new IllegalStateException("cannot join the cluster on " + c.str("cluster_host") + ":"
          + c.integer("cluster_port") + ": " + e.getMessage());
    }
  }
}
