package io.jindou.support;

import io.jindou.app.Config;
import io.jindou.app.JindouServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/** A real node started in-process on free ports and a temporary data folder, as production starts it. */
public final class TestNode implements AutoCloseable {
  public JindouServer server;
  private final Map<String, Object> config;
  public final Path dataDir;
  public final int httpPort;
  public final int tcpPort;
  public final int wsPort;
  public final Http http;

  public TestNode(Map<String, Object> extra) throws IOException {
    dataDir = Files.createTempDirectory("jindou-test");
    httpPort = freePort();
    Map<String, Object> cfg = new HashMap<>();
    cfg.put("http_port", httpPort);
    cfg.put("http_host", "127.0.0.1");
    cfg.put("gateway_host", "127.0.0.1");
    cfg.put("tcp_port", freePort());
    cfg.put("ws_port", freePort());
    cfg.put("data_dir", dataDir.toString());
    cfg.putAll(extra);
    tcpPort = ((Number) cfg.get("tcp_port")).intValue();
    wsPort = ((Number) cfg.get("ws_port")).intValue();
    config = cfg;
    server = new JindouServer(Config.of(cfg));
    server.start();
    http = new Http(httpPort);
  }

  public TestNode() throws IOException {
    this(Map.of());
  }

  /** Stops the node and starts it again on the same data folder and ports (a clean restart). */
  public void restart() {
    server.stop();
    server = new JindouServer(Config.of(config));
    server.start();
  }

  /** Registers a token for (uid, device flag 1) over the HTTP API. */
  public void token(String uid, String token, int level) {
    Http.Res r = http.post("/user/token", new io.vertx.core.json.JsonObject().put("uid", uid).put("token", token)
        .put("device_flag", 1).put("device_level", level));
    if (r.status() != 200) {
      throw new IllegalStateException(r.toString());
    }
  }

  private static final java.util.concurrent.atomic.AtomicInteger NEXT_PORT =
      new java.util.concurrent.atomic.AtomicInteger(20000 + new java.util.Random().nextInt(10000));

  /**
   * A port that is free now, chosen below the kernel's ephemeral range (32768+), so that an outbound
   * connection of another process cannot take it between this check and the server binding it.
   */
  public static synchronized int freePort() throws IOException {
    for (int i = 0; i < 10000; i++) {
      int port = NEXT_PORT.getAndIncrement();
      if (port >= 32000) {
        NEXT_PORT.set(20000);
        port = NEXT_PORT.getAndIncrement();
      }
      try (ServerSocket s = new ServerSocket()) {
        s.setReuseAddress(false);
        s.bind(new java.net.InetSocketAddress("0.0.0.0", port));
        return port;
      } catch (IOException taken) {
        // try the next one
      }
    }
    throw new IOException("no free port in 20000-32000");
  }


  @Override
  public void close() throws IOException {
    server.stop();
    deleteTree(dataDir);
  }

  public static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
