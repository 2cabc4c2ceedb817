package io.jindou.support;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private {@code redis-server} process for one test class: a free port on 127.0.0.1, its own temporary
 * folder, no RDB snapshots and an fsync-per-write append-only file ({@code --appendonly yes --appendfsync
 * always}), so a {@link #crashAndRestart()} ({@code kill -9}, then a new process on the same folder and port)
 * shows exactly what an acknowledged write survives. {@link #startCluster()} starts a one-node Redis Cluster
 * owning all 16384 slots, which rejects any command or script whose keys span slots ({@link RedisCluster} joins
 * several slot-less cluster nodes into a multi-master cluster). {@link #close()} kills
 * the process and deletes the folder; a JVM shutdown hook does the same if a test run dies. It talks RESP
 * over a plain socket so it needs no client library. It never touches the system Redis on 6379.
 */
public final class RedisServer implements AutoCloseable {
  private static final long START_TIMEOUT_MS = 10_000;

  private final String executable;
  private final Path dir;
  private final boolean cluster;
  private final Thread reaper = new Thread(this::kill, "redis-server-reaper");
  private int port;
  private Process process;

  private RedisServer(String executable, Path dir, boolean cluster) {
    this.executable = executable;
    this.dir = dir;
    this.cluster = cluster;
  }

  /** A standalone server. Throws {@link IllegalStateException} when {@code redis-server} is not installed. */
  public static RedisServer start() throws IOException, InterruptedException {
    return start(false);
  }

  /** A one-node Redis Cluster that owns every slot. */
  public static RedisServer startCluster() throws IOException, InterruptedException {
    return start(true);
  }

  /** A Redis Cluster node that owns no slot yet (for {@link RedisCluster}, which assigns them and joins nodes). */
  static RedisServer startClusterNode() throws IOException, InterruptedException {
    return start(true, false);
  }

  private static RedisServer start(boolean cluster) throws IOException, InterruptedException {
    return start(cluster, cluster);
  }

  private static RedisServer start(boolean cluster, boolean allSlots) throws IOException, InterruptedException {
    String exe = findOnPath("redis-server");
    RedisServer server = new RedisServer(exe, Files.createTempDirectory("jindou-redis"), cluster);
    Runtime.getRuntime().addShutdownHook(server.reaper);
    try {
      IOException last = null;
      for (int attempt = 0; attempt < 3 && server.process == null; attempt++) {
        server.port = freePort();
        try {
          server.launch();
        } catch (IOException e) {
          last = e; // the port was taken between probing and binding: try another
        }
      }
      if (server.process == null) {
        throw last;
      }
      if (allSlots) {
        server.command("CLUSTER", "ADDSLOTSRANGE", "0", "16383");
        server.awaitClusterOk();
      }
      return server;
    } catch (IOException | InterruptedException | RuntimeException e) {
      server.close();
      throw e;
    }
  }

  public int port() {
    return port;
  }

  /** {@code redis://127.0.0.1:<port>}. */
  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  public long pid() {
    return process.pid();
  }

  /** Removes every key (between tests of one class). */
  public void flushAll() throws IOException {
    command("FLUSHALL");
  }

  /** {@code kill -9}, then a new process on the same port and folder; returns once it answers PING. */
  public void crashAndRestart() throws IOException, InterruptedException {
    kill();
    launch();
    if (cluster) {
      awaitClusterOk();
    }
  }

  /** Sends a signal ({@code STOP}, {@code CONT}) to the process: a stopped Redis accepts but never answers. */
  public void signal(String name) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
    if (kill.waitFor() != 0) {
      throw new IOException("kill -" + name + " " + process.pid() + " failed");
    }
  }

  /** Sends one command and returns the reply line or bulk string; throws on an error reply. */
  public String command(String... args) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(5_000);
      OutputStream out = s.getOutputStream();
      StringBuilder req = new StringBuilder("*").append(args.length).append("\r\n");
      for (String a : args) {
        req.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
      }
      out.write(req.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = s.getInputStream();
      String line = readLine(in);
      switch (line.charAt(0)) {
        case '+', ':' -> {
          return line.substring(1);
        }
        case '$' -> {
          int len = Integer.parseInt(line.substring(1));
          if (len < 0) {
            return null;
          }
          byte[] body = in.readNBytes(len + 2);
          return new String(body, 0, len, StandardCharsets.UTF_8);
        }
        case '-' -> throw new IOException("redis " + String.join(" ", args) + " failed: " + line.substring(1));
        default -> throw new IOException("unexpected reply to " + args[0] + ": " + line);
      }
    }
  }

  @Override
  public void close() {
    kill();
    try {
      Runtime.getRuntime().removeShutdownHook(reaper);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down and the hook is running
    }
    try {
      TestNode.deleteTree(dir);
    } catch (IOException e) {
      // a temporary folder left behind is harmless
    }
  }

  private void launch() throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(executable, "--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "yes", "--appendfsync", "always", "--dir", dir.toString(),
        "--daemonize", "no", "--logfile", ""));
    if (cluster) {
      cmd.addAll(List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
          "--cluster-announce-ip", "127.0.0.1"));
    }
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile())).start();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IOException("redis-server on port " + port + " exited with " + p.exitValue() + ": "
            + tail(dir.resolve("redis.log")));
      }
      try {
        if ("PONG".equals(command("PING"))) {
          process = p;
          return;
        }
      } catch (IOException e) {
        // not listening yet, or still loading the append-only file
      }
      Thread.sleep(20);
    }
    p.destroyForcibly().waitFor();
    throw new IOException("redis-server on port " + port + " did not answer PING within " + START_TIMEOUT_MS + " ms");
  }

  private void awaitClusterOk() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
    while (System.nanoTime() < deadline) {
      String info = command("CLUSTER", "INFO");
      if (info != null && info.contains("cluster_state:ok")) {
        return;
      }
      Thread.sleep(20);
    }
    throw new IOException("one-node cluster on port " + port + " did not reach cluster_state:ok");
  }

  private synchronized void kill() {
    Process p = process;
    if (p != null && p.isAlive()) {
      p.destroyForcibly(); // SIGKILL
      try {
        p.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static String findOnPath(String name) {
    String path = System.getenv("PATH");
    if (path != null) {
      for (String d : path.split(File.pathSeparator)) {
        File f = new File(d, name);
        if (f.isFile() && f.canExecute()) {
          return f.getAbsolutePath();
        }
      }
    }
    throw new IllegalStateException(name + " is not on PATH: the Redis store tests need a local Redis server "
        + "binary (Debian/Ubuntu: apt-get install -y redis-server; .ci/run installs it when missing)");
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\r') {
        in.read(); // '\n'
        return sb.toString();
      }
      sb.append((char) c);
    }
    throw new IOException("connection closed by redis-server");
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }
}
