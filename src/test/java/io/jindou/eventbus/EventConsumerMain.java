package io.jindou.eventbus;

import com.hazelcast.config.Config;
import com.hazelcast.config.MultiMapConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A business service in its own JVM, as a user would write it: it joins the Jindou cluster (Hazelcast, same
 * cluster name), consumes {@code jindou.event.message} and sends through {@code jindou.api.message.send}.
 * Test harness protocol: prints {@code READY}, {@code EVENT <json>}, {@code REPLY <json>}, {@code FAIL <code>
 * <msg>}; reads {@code SEND <json>} lines. Args: its Hazelcast port, the comma-separated members.
 */
public final class EventConsumerMain {
  public static void main(String[] args) throws Exception {
    Config cfg = new Config().setClusterName("jindou");
    NetworkConfig net = cfg.getNetworkConfig();
    net.setPort(Integer.parseInt(args[0])).setPortAutoIncrement(false);
    net.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    net.getJoin().getMulticastConfig().setEnabled(false);
    net.getJoin().getAutoDetectionConfig().setEnabled(false);
    net.getJoin().getTcpIpConfig().setEnabled(true);
    for (String m : args[1].split(",")) {
      net.getJoin().getTcpIpConfig().addMember(m);
    }
    cfg.addMultiMapConfig(new MultiMapConfig("__vertx.subs").setBackupCount(1)
        .setValueCollectionType(MultiMapConfig.ValueCollectionType.SET));
    cfg.setProperty("hazelcast.phone.home.enabled", "false");
    cfg.setProperty("hazelcast.socket.bind.any", "false");
    cfg.setProperty("hazelcast.wait.seconds.before.join", "0");
    cfg.setProperty("hazelcast.logging.type", "none");
    Vertx vertx = Vertx.builder().with(new VertxOptions().setEventBusOptions(new EventBusOptions().setHost("127.0.0.1")))
        .withClusterManager(new HazelcastClusterManager(cfg)).buildClustered().await(120, TimeUnit.SECONDS);
    vertx.eventBus().<JsonObject>consumer("jindou.event.message", m -> System.out.println("EVENT " + m.body().encode()))
        .completion().await(30, TimeUnit.SECONDS);
    System.out.println("READY");
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      if (line.startsWith("SEND ")) {
        JsonObject body = new JsonObject(line.substring(5));
        vertx.eventBus().<JsonObject>request("jindou.api.message.send", body).onComplete(ar -> {
          if (ar.succeeded()) {
            System.out.println("REPLY " + ar.result().body().encode());
          } else if (ar.cause() instanceof ReplyException re) {
            System.out.println("FAIL " + re.failureCode() + " " + re.getMessage());
          } else {
            System.out.println("FAIL 0 " + ar.cause());
          }
        });
      }
    }
    vertx.close().await(30, TimeUnit.SECONDS);
  }
}
