package io.jindou.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.shaded.org.snakeyaml.engine.v2.api.Load;
import com.hazelcast.shaded.org.snakeyaml.engine.v2.api.LoadSettings;
import io.jindou.proto.SendackPacket;
import io.jindou.support.TestNode;
import io.jindou.support.WkClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The monitoring files of {@code docker/} without a Docker engine (the Prometheus and Grafana images cannot be
 * pulled here): the compose file parses and adds Prometheus and Grafana only under the {@code monitoring}
 * profile, the provisioning and Prometheus files parse and point at each other, and every dashboard is valid
 * JSON whose queries name only meters a real node exposes on {@code GET /metrics}. (YAML is read with the
 * SnakeYAML engine that Hazelcast ships, so the check needs no new dependency.)
 */
class MonitoringAssetsTest {
  static final Path DOCKER = Path.of("docker");
  static final Pattern METRIC = Pattern.compile("\\b((?:jindou|jvm)_[a-z_]+)");

  @SuppressWarnings("unchecked")
  static Map<String, Object> yaml(Path file) throws Exception {
    return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file));
  }

  @Test
  @SuppressWarnings("unchecked")
  void composeAddsPrometheusAndGrafanaOnlyUnderTheMonitoringProfile() throws Exception {
    Map<String, Object> services = (Map<String, Object>) yaml(DOCKER.resolve("docker-compose.yml")).get("services");
    for (String plain : List.of("redis", "jindou1", "jindou2", "jindou3")) {
      assertNull(((Map<String, Object>) services.get(plain)).get("profiles"), plain + " is in the plain stack");
    }
    for (String mon : List.of("prometheus", "grafana")) {
      Map<String, Object> s = (Map<String, Object>) services.get(mon);
      assertEquals(List.of("monitoring"), s.get("profiles"), mon);
      assertTrue(((String) s.get("image")).matches("[a-z/]+:v?\\d+\\.\\d+\\.\\d+"), "pinned image tag: " + s.get("image"));
      for (Object v : (List<Object>) s.get("volumes")) {
        String src = ((String) v).split(":")[0];
        if (src.startsWith("./")) {
          assertTrue(Files.exists(DOCKER.resolve(src.substring(2))), mon + " mounts " + src + ", which must exist");
        }
      }
    }
    Map<String, Object> prom = yaml(DOCKER.resolve("prometheus/prometheus.yml"));
    Map<String, Object> job = ((List<Map<String, Object>>) prom.get("scrape_configs")).get(0);
    assertEquals("/metrics", job.get("metrics_path"));
    assertEquals(List.of("jindou1:5001", "jindou2:5002", "jindou3:5003"),
        ((List<Map<String, Object>>) job.get("static_configs")).get(0).get("targets"));
    Map<String, Object> ds = ((List<Map<String, Object>>) yaml(DOCKER.resolve(
        "grafana/provisioning/datasources/prometheus.yml")).get("datasources")).get(0);
    assertEquals("prometheus", ds.get("uid"));
    assertEquals("http://prometheus:9090", ds.get("url"));
    Map<String, Object> provider = ((List<Map<String, Object>>) yaml(DOCKER.resolve(
        "grafana/provisioning/dashboards/jindou.yml")).get("providers")).get(0);
    assertEquals("/etc/grafana/dashboards/jindou", ((Map<String, Object>) provider.get("options")).get("path"));
  }

  @Test
  void everyDashboardQueriesOnlyMetersANodeExposes() throws Exception {
    Set<String> used = new TreeSet<>();
    Set<String> titles = new TreeSet<>();
    try (Stream<Path> files = Files.list(DOCKER.resolve("grafana/dashboards"))) {
      for (Path f : files.sorted().toList()) {
        JsonObject d = new JsonObject(Files.readString(f));
        titles.add(d.getString("title"));
        assertFalse(d.getString("uid", "").isEmpty(), f + " has a uid");
        JsonArray panels = d.getJsonArray("panels");
        assertFalse(panels.isEmpty(), f + " has panels");
        for (Object p : panels) {
          JsonObject panel = (JsonObject) p;
          assertEquals("prometheus", panel.getJsonObject("datasource").getString("uid"), f + ": " + panel);
          for (Object t : panel.getJsonArray("targets")) {
            Matcher m = METRIC.matcher(((JsonObject) t).getString("expr"));
            while (m.find()) {
              used.add(m.group(1));
            }
          }
        }
      }
    }
    assertEquals(Set.of("Jindou / Cluster", "Jindou / Connections", "Jindou / Latency by stage", "Jindou / Storage",
        "Jindou / Traffic"), titles);
    try (TestNode node = new TestNode()) {
      node.token("mon-a", "t", 0);
      try (WkClient c = WkClient.connect(node.tcpPort, 5, "mon-a", "t")) {
        c.send(1, "mon-b", 1, "hi");
        assertEquals(1, c.await(SendackPacket.class, Duration.ofSeconds(10)).reasonCode());
        System.gc(); // so that the GC pause timer has a sample
        Set<String> missing = new TreeSet<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        do {
          String text = MetricsTest.scrape(node.httpPort, null);
          missing.clear();
          for (String name : used) {
            if (!Pattern.compile("(?m)^" + name + "[{ ]").matcher(text).find()) {
              missing.add(name);
            }
          }
          if (!missing.isEmpty()) {
            Thread.sleep(200);
          }
        } while (!missing.isEmpty() && System.nanoTime() < deadline);
        assertTrue(missing.isEmpty(), "dashboards query meters no node exposes: " + missing);
      }
    }
    assertTrue(used.contains("jindou_send_stage_seconds_bucket") && used.contains("jindou_cluster_members_seen"),
        used.toString());
  }
}
