package io.jindou.support;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Jindou node in its own JVM (io.jindou.app.Main, as the jar runs it), configured only through JINDOU_*
 * environment variables, for crash, startup and cluster tests. Its output goes to a temp file shown when it
 * fails to start.
 */
public final class ChildNode implements AutoCloseable {
  /** How a process that was expected to fail ended. */
  public record Exit(int code, String stderr) {
  }

  private final Process process;
  public final int httpPort;
  public final int tcpPort;
  public final int wsPort;
  public final File log;

  private ChildNode(Process process, int httpPort, int tcpPort, int wsPort, File log) {
    this.process = process;
    this.httpPort = httpPort;
    this.tcpPort = tcpPort;
    this.wsPort = wsPort;
    this.log = log;
  }

  /** The environment of a single node on {@code data}; {@code extra} adds or replaces variables. */
  static Map<String, String> env(Path data, int httpPort, Map<String, String> extra) throws IOException {
    Map<String, String> env = new HashMap<>();
    env.put("JINDOU_HTTP_PORT", Integer.toString(httpPort));
    env.put("JINDOU_HTTP_HOST", "127.0.0.1");
    env.put("JINDOU_GATEWAY_HOST", "127.0.0.1");
    env.put("JINDOU_TCP_PORT", Integer.toString(TestNode.freePort()));
    env.put("JINDOU_WS_PORT", Integer.toString(TestNode.freePort()));
    env.put("JINDOU_DATA_DIR", data.toString());
    env.put("JINDOU_NODE_ID", "7");
    env.putAll(extra);
    return env;
  }

  static ProcessBuilder builder(Map<String, String> env) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx256m");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.addAll(List.of("--add-modules", "java.se", "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
        "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens", "java.management/sun.management=ALL-UNNAMED",
        "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED"));
    cmd.add("-Djava.util.logging.config.file=" + Path.of("src/test/resources/logging.properties").toAbsolutePath());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("io.jindou.app.Main");
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().putAll(env);
    return pb;
  }

  public static ChildNode start(Path data, int httpPort) throws Exception {
    return start(data, httpPort, Map.of());
  }

  /** Starts the node and waits until /readyz answers 200. */
  public static ChildNode start(Path data, int httpPort, Map<String, String> extra) throws Exception {
    return start(data, httpPort, extra, true);
  }

  /**
   * Starts the node and waits until /readyz answers 200 ({@code ready}), or until it answers at all (the node has
   * started; the first member of a cluster is not ready before it sees a majority of the expected members).
   */
  public static ChildNode start(Path data, int httpPort, Map<String, String> extra, boolean ready) throws Exception {
    Map<String, String> env = env(data, httpPort, extra);
    ProcessBuilder pb = builder(env);
    File log = File.createTempFile("jindou-child", ".log");
    log.deleteOnExit();
    pb.redirectErrorStream(true).redirectOutput(log);
    ChildNode node = new ChildNode(pb.start(), httpPort, Integer.parseInt(env.get("JINDOU_TCP_PORT")),
        Integer.parseInt(env.get("JINDOU_WS_PORT")), log);
    HttpClient client = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      if (!node.process.isAlive()) {
        throw new IllegalStateException("node exited with " + node.process.exitValue() + "; its output:\n"
            + node.output());
      }
      try {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/readyz"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200 || !ready) {
          return node;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    String out = node.output();
    node.close();
    throw new IllegalStateException("node did not become ready within 120 s; its output:\n" + out);
  }

  /** The status /readyz answers now, or -1 when the node does not answer within 2 s. */
  public int readyz() {
    try {
      return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
          + "/readyz")).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** Waits until /readyz answers {@code status}; throws with the node's output when it does not in time. */
  public void awaitReadyz(int status, Duration within) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    int last = -1;
    while (System.nanoTime() < deadline) {
      last = readyz();
      if (last == status) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("/readyz answered " + last + ", not " + status + ", within " + within.toSeconds()
        + " s; the node's output:\n" + output());
  }

  /** Sends a signal (STOP, CONT) to the node's process. */
  public void signal(String name) throws Exception {
    new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start().waitFor();
  }

  public String output() throws IOException {
    return Files.readString(log.toPath());
  }

  /** Runs a node that is expected to fail at startup and returns its exit code and stderr. */
  public static Exit runToExit(Path data, int httpPort) throws Exception {
    return runToExit(data, httpPort, Map.of());
  }

  public static Exit runToExit(Path data, int httpPort, Map<String, String> extra) throws Exception {
    ProcessBuilder pb = builder(env(data, httpPort, extra));
    pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    Process p = pb.start();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("node did not exit");
    }
    return new Exit(p.exitValue(), err);
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** SIGTERM and wait: the shutdown hook flushes and closes the store. Returns the exit status. */
  public int terminate() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new IllegalStateException("node ignored SIGTERM for 30 s");
    }
    return process.exitValue();
  }

  /** SIGKILL: no shutdown hook, no flush. */
  public void kill9() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
