package io.jindou.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A Jindou node in its own JVM (io.jindou.app.Main, as the jar runs it), for crash and startup tests. */
public final class ChildNode implements AutoCloseable {
  /** How a process that was expected to fail ended. */
  public record Exit(int code, String stderr) {
  }

  private final Process process;

  private ChildNode(Process process) {
    this.process = process;
  }

  static ProcessBuilder builder(Path data, int httpPort) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx256m");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("io.jindou.app.Main");
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("JINDOU_HTTP_PORT", Integer.toString(httpPort));
    pb.environment().put("JINDOU_TCP_PORT", Integer.toString(TestNode.freePort()));
    pb.environment().put("JINDOU_WS_PORT", Integer.toString(TestNode.freePort()));
    pb.environment().put("JINDOU_DATA_DIR", data.toString());
    pb.environment().put("JINDOU_NODE_ID", "7");
    return pb;
  }

  /** Starts the node and waits until /readyz answers 200. */
  public static ChildNode start(Path data, int httpPort) throws Exception {
    ProcessBuilder pb = builder(data, httpPort);
    java.io.File log = java.io.File.createTempFile("jindou-child", ".log");
    log.deleteOnExit();
    pb.redirectErrorStream(true).redirectOutput(log);
    ChildNode node = new ChildNode(pb.start());
    HttpClient client = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      if (!node.process.isAlive()) {
        throw new IllegalStateException("node exited with " + node.process.exitValue() + "; its output:\n"
            + java.nio.file.Files.readString(log.toPath()));
      }
      try {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/readyz"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return node;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    node.close();
    throw new IllegalStateException("node did not become ready within 120 s; its output:\n"
        + java.nio.file.Files.readString(log.toPath()));
  }

  /** Runs a node that is expected to fail at startup and returns its exit code and stderr. */
  public static Exit runToExit(Path data, int httpPort) throws Exception {
    ProcessBuilder pb = builder(data, httpPort);
    pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    Process p = pb.start();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("node did not exit");
    }
    return new Exit(p.exitValue(), err);
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
