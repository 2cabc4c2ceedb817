package io.jindou.app;

import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * Process entry point: {@code java -jar jindou.jar [--conf FILE]}. Loads the configuration, starts the
 * node, and installs the SIGTERM hook that stops it cleanly (flush, close the store). A startup problem
 * (port taken, unusable data folder, bad config) prints one line to stderr and exits with status 1.
 */
public final class Main {
  private Main() {
  }

  public static void main(String[] args) {
    if (System.getProperty("java.util.logging.manager") == null) {
      System.setProperty("java.util.logging.manager", ShutdownLogs.class.getName()); // before anything logs
    }
    if (System.getProperty("java.util.logging.config.file") == null) {
      System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT.%1$tL %4$s %3$s - %5$s%6$s%n");
      Logger.getLogger("com.hazelcast").setLevel(java.util.logging.Level.WARNING);
      Logger.getLogger("io.netty").setLevel(java.util.logging.Level.WARNING);
    }
    Path conf = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--conf") && i + 1 < args.length) {
        conf = Path.of(args[++i]);
      } else if (args[i].equals("--help") || args[i].equals("-h")) {
        System.out.println("usage: java -jar jindou.jar [--conf FILE]   (see README.md for keys and JINDOU_* variables)");
        return;
      } else {
        fail("unknown argument '" + args[i] + "' (usage: java -jar jindou.jar [--conf FILE])");
      }
    }
    JindouServer server;
    JsonLogFormat json;
    try {
      Config config = Config.load(conf, System.getenv());
      Settings settings = config.settings();
      json = settings.ops().logFormat().equals("json") ? new JsonLogFormat(settings.node().nodeId()) : null;
      if (json != null) {
        JsonLogFormat.install(settings.node().nodeId());
      }
      server = new JindouServer(config);
    } catch (IllegalArgumentException | IllegalStateException e) {
      fail("bad configuration: " + e.getMessage());
      return;
    }
    try {
      server.start();
    } catch (IllegalStateException e) {
      fail("cannot start: " + e.getMessage());
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.stop();
      // written straight to stderr: the last line must not depend on the log manager at exit
      String done = "stopped cleanly (store flushed and closed)";
      if (json != null) {
        System.err.print(json.line(java.time.Instant.now().toString(), "INFO", Main.class.getName(), done,
            new io.vertx.core.json.JsonObject()));
      } else {
        System.err.printf("%1$tF %1$tT.%1$tL INFO io.jindou.app.Main - " + done + "%n", System.currentTimeMillis());
      }
    }, "jindou-shutdown"));
  }

  private static void fail(String message) {
    System.err.println("jindou: " + message);
    System.exit(1);
  }
}
