package io.jindou.support;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The official WuKongIM JS client (npm {@code wukongimjssdk@1.0.4}) in a Node.js child process, driven from a test.
 *
 * <p>One process per client, because the SDK is a set of singletons. The process runs {@code src/test/node/client.mjs},
 * takes newline-delimited JSON commands on stdin and writes newline-delimited JSON events on stdout (protocol in
 * {@code src/test/node/README.md}). Every event is kept; {@link #awaitEvent} returns the oldest matching event not yet
 * returned by an earlier await, so awaits may be written in any order and repeated awaits see successive matches.
 *
 * <p>No node process outlives its test: {@link #close} asks, then kills; a JVM shutdown hook kills what is left; the
 * script itself exits when its stdin closes (the JVM died) or after its hard timeout (default 120 s).
 *
 * <p>What the SDK reports (details in the README): status {@code Connected}/1 after CONNACK success,
 * {@code ConnectFail}/reason on a failed CONNACK, {@code ConnectKick}/reason on DISCONNECT, {@code Disconnect}/0 when the
 * socket closes; it never reports {@code Connecting}, and a local {@link #disconnect()} reports nothing.
 */
public final class SdkClient implements AutoCloseable {
  /** Default wait of the await helpers; generous because CI machines here have 2 cores shared by several JVMs. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);
  private static final int STDERR_TAIL_LINES = 200;
  private static final int EVENTS_IN_FAILURE = 80;

  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
  private static volatile boolean installed;

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "sdk-client-reaper"));
  }

  /**
   * How to start a client. {@link #of} gives the SDK defaults (heartbeat 60 s, device flag 1 = WEB) and connects at once.
   *
   * @param heartbeat SDK PING interval; the SDK drops the socket after more than 3 unanswered PINGs
   * @param deviceFlag CONNECT deviceFlag (0 APP, 1 WEB, 2 PC)
   * @param autoConnect connect right after start; otherwise send {@link #connectNow()} yourself
   * @param trace also report every WebSocket frame as a {@code frame} event (hex), both directions
   * @param hardTimeout the node process exits by itself after this long, whatever happens
   */
  public record Options(String addr, String uid, String token, Duration heartbeat, int deviceFlag, boolean autoConnect,
      boolean trace, Duration hardTimeout) {
    public Options {
      Objects.requireNonNull(addr, "addr");
      Objects.requireNonNull(uid, "uid");
      Objects.requireNonNull(token, "token");
    }

    public static Options of(int wsPort, String uid, String token) {
      return new Options("ws://127.0.0.1:" + wsPort, uid, token, Duration.ofSeconds(60), 1, true, false,
          Duration.ofSeconds(120));
    }

    public Options withHeartbeat(Duration d) {
      return new Options(addr, uid, token, d, deviceFlag, autoConnect, trace, hardTimeout);
    }

    public Options withDeviceFlag(int flag) {
      return new Options(addr, uid, token, heartbeat, flag, autoConnect, trace, hardTimeout);
    }

    public Options withoutAutoConnect() {
      return new Options(addr, uid, token, heartbeat, deviceFlag, false, trace, hardTimeout);
    }

    public Options withTrace() {
      return new Options(addr, uid, token, heartbeat, deviceFlag, autoConnect, true, hardTimeout);
    }

    public Options withHardTimeout(Duration d) {
      return new Options(addr, uid, token, heartbeat, deviceFlag, autoConnect, trace, d);
    }
  }

  private static final class Entry {
    final JsonObject event;
    boolean consumed;

    Entry(JsonObject event) {
      this.event = event;
    }
  }

  private final Options options;
  private final Process process;
  private final Writer stdin;
  private final List<Entry> events = new ArrayList<>(); // guarded by this
  private final Deque<String> stderrTail = new ArrayDeque<>(); // guarded by itself
  private boolean stdoutClosed; // guarded by this
  private final AtomicLong commandIds = new AtomicLong();

  private SdkClient(Options options, Process process) {
    this.options = options;
    this.process = process;
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
  }

  // ---------------------------------------------------------------- install

  /** {@code src/test/node}: system property {@code jindou.sdk.dir}, else searched upwards from the working directory. */
  public static Path nodeDir() {
    String prop = System.getProperty("jindou.sdk.dir");
    if (prop != null && !prop.isBlank()) {
      return Path.of(prop).toAbsolutePath();
    }
    for (Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolve("src/test/node");
      if (Files.isRegularFile(candidate.resolve("client.mjs"))) {
        return candidate;
      }
    }
    throw new IllegalStateException("src/test/node/client.mjs not found above " + System.getProperty("user.dir")
        + " (set -Djindou.sdk.dir)");
  }

  /**
   * Makes sure {@code src/test/node/node_modules} holds the pinned SDK (and {@code playwright-core}, which
   * {@link Browser} drives): runs {@code npm ci} (or {@code npm install}
   * without a lock file) once per JVM, only if a package is missing. A file lock in the temp directory keeps parallel
   * JVMs from installing at the same time.
   *
   * @throws IllegalStateException if node (20+) or npm is not on the PATH, or the install fails (with npm's output)
   */
  public static synchronized void installOnce() {
    if (installed) {
      return;
    }
    Path dir = nodeDir();
    int major = nodeMajorVersion();
    if (major < 20) {
      throw new IllegalStateException("Node.js 20+ is required for the SDK tests (module.register); found major " + major);
    }
    if (!packagesPresent(dir)) {
      Path lockFile = Path.of(System.getProperty("java.io.tmpdir"),
          "jindou-sdk-npm-" + Integer.toHexString(dir.toString().hashCode()) + ".lock");
      try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock ignored = ch.lock()) {
        if (!packagesPresent(dir)) {
          boolean hasLock = Files.isRegularFile(dir.resolve("package-lock.json"));
          List<String> cmd = hasLock ? List.of("npm", "ci", "--no-audit", "--no-fund")
              : List.of("npm", "install", "--no-audit", "--no-fund");
          Run r = run(dir, cmd, INSTALL_TIMEOUT);
          if (r.exit != 0 || !packagesPresent(dir)) {
            throw new IllegalStateException(String.join(" ", cmd) + " in " + dir + " failed (exit " + r.exit + "):\n"
                + r.output);
          }
        }
      } catch (IOException e) {
        throw new IllegalStateException("cannot install the SDK in " + dir + ": " + e, e);
      }
    }
    installed = true;
  }

  private static boolean packagesPresent(Path dir) {
    return Files.isRegularFile(dir.resolve("node_modules/wukongimjssdk/lib/index.js"))
        && Files.isRegularFile(dir.resolve("node_modules/ws/wrapper.mjs"))
        && Files.isRegularFile(dir.resolve("node_modules/playwright-core/package.json")); // for Browser
  }

  private static int nodeMajorVersion() {
    Run r;
    try {
      r = run(Path.of(System.getProperty("user.dir")), List.of(nodeBinary(), "--version"), Duration.ofSeconds(30));
      run(Path.of(System.getProperty("user.dir")), List.of("npm", "--version"), Duration.ofSeconds(60));
    } catch (IOException e) {
      throw new IllegalStateException("Node.js 20+ and npm must be on the PATH for the SDK tests: " + e.getMessage(), e);
    }
    String v = r.output.trim(); // "v20.20.2"
    try {
      return Integer.parseInt(v.substring(1, v.indexOf('.')));
    } catch (RuntimeException e) {
      throw new IllegalStateException("cannot read the Node.js version from '" + v + "'", e);
    }
  }

  private static String nodeBinary() {
    return System.getProperty("jindou.node", "node");
  }

  private record Run(int exit, String output) {
  }

  private static Run run(Path dir, List<String> cmd, Duration timeout) throws IOException {
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    LIVE.add(p);
    try {
      StringBuilder out = new StringBuilder();
      Thread pump = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line; (line = r.readLine()) != null; ) {
            synchronized (out) {
              out.append(line).append('\n');
            }
          }
        } catch (IOException e) {
          // process gone
        }
      }, "sdk-install-output");
      pump.setDaemon(true);
      pump.start();
      p.getOutputStream().close();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new IOException(String.join(" ", cmd) + " did not finish within " + timeout.toSeconds() + " s");
      }
      pump.join(5_000);
      synchronized (out) {
        return new Run(p.exitValue(), out.toString());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IOException("interrupted while running " + String.join(" ", cmd), e);
    } finally {
      LIVE.remove(p);
    }
  }

  // ---------------------------------------------------------------- start

  /** Starts a client for {@code ws://127.0.0.1:wsPort} with the SDK defaults; it starts connecting at once. */
  public static SdkClient connect(int wsPort, String uid, String token) {
    return start(Options.of(wsPort, uid, token));
  }

  /**
   * Starts the node process and waits for its {@code ready} event (the SDK is loaded; connecting has begun if
   * {@code autoConnect}). Installs the npm packages first if needed.
   */
  public static SdkClient start(Options o) {
    installOnce();
    Path dir = nodeDir();
    List<String> cmd = new ArrayList<>(List.of(nodeBinary(), "--import", "./register.mjs", "client.mjs",
        "--addr", o.addr(), "--uid", o.uid(), "--token", o.token(),
        "--heartbeat", Long.toString(o.heartbeat().toMillis()),
        "--device-flag", Integer.toString(o.deviceFlag()),
        "--timeout", Long.toString(Math.max(1, o.hardTimeout().toSeconds()))));
    if (o.trace()) {
      cmd.add("--trace");
    }
    if (!o.autoConnect()) {
      cmd.add("--no-connect");
    }
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    if (Boolean.getBoolean("jindou.sdk.log")) {
      pb.environment().put("SDK_LOG", "1");
    }
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + String.join(" ", cmd) + ": " + e.getMessage(), e);
    }
    LIVE.add(p);
    SdkClient c = new SdkClient(o, p);
    c.startPumps();
    try {
      c.awaitEvent("ready", e -> "ready".equals(e.getString("event")), START_TIMEOUT);
    } catch (RuntimeException | Error e) {
      c.close();
      throw e;
    }
    return c;
  }

  private void startPumps() {
    Thread out = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          if (line.isBlank()) {
            continue;
          }
          JsonObject ev;
          try {
            ev = new JsonObject(line);
          } catch (DecodeException e) {
            ev = new JsonObject().put("event", "stdout_raw").put("line", line);
          }
          synchronized (this) {
            events.add(new Entry(ev));
            notifyAll();
          }
        }
      } catch (IOException e) {
        // process gone
      } finally {
        synchronized (this) {
          stdoutClosed = true;
          notifyAll();
        }
      }
    }, "sdk-client-" + options.uid() + "-out");
    Thread err = new Thread(() -> {
      boolean echo = Boolean.getBoolean("jindou.sdk.log");
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          if (echo) {
            System.err.println("[sdk " + options.uid() + "] " + line);
          }
          synchronized (stderrTail) {
            stderrTail.addLast(line);
            while (stderrTail.size() > STDERR_TAIL_LINES) {
              stderrTail.removeFirst();
            }
          }
        }
      } catch (IOException e) {
        // process gone
      }
    }, "sdk-client-" + options.uid() + "-err");
    out.setDaemon(true);
    err.setDaemon(true);
    out.start();
    err.start();
  }

  // ---------------------------------------------------------------- commands

  public String uid() {
    return options.uid();
  }

  public Options options() {
    return options;
  }

  /**
   * Sends a text message ({@code {"content":text,"type":1}}) through {@code chatManager.send} and returns the
   * {@code sent} event: {@code clientSeq}, {@code clientMsgNo}, {@code channelID}, {@code channelType}. The SENDACK
   * arrives later as a {@code sendack} event ({@link #awaitSendack}).
   */
  public JsonObject send(String channelId, int channelType, String text) {
    return sendCommand(new JsonObject().put("cmd", "send").put("channel_id", channelId).put("channel_type", channelType)
        .put("text", text));
  }

  /** Like {@link #send} with an arbitrary JSON payload; it must carry the WuKongIM content {@code type}. */
  public JsonObject sendPayload(String channelId, int channelType, JsonObject payload) {
    return sendCommand(new JsonObject().put("cmd", "send").put("channel_id", channelId).put("channel_type", channelType)
        .put("payload", payload));
  }

  /** {@link #send} and wait for its SENDACK; returns the {@code sendack} event (reasonCode, messageID, messageSeq). */
  public JsonObject sendAndAwaitAck(String channelId, int channelType, String text) {
    return awaitSendack(send(channelId, channelType, text).getInteger("clientSeq"));
  }

  private JsonObject sendCommand(JsonObject cmd) {
    String id = "c" + commandIds.incrementAndGet();
    command(cmd.put("id", id));
    JsonObject reply = awaitEvent("reply to " + cmd.encode(),
        e -> id.equals(e.getString("id")) && ("sent".equals(e.getString("event")) || "error".equals(e.getString("event"))),
        DEFAULT_TIMEOUT);
    if ("error".equals(reply.getString("event"))) {
      throw new AssertionError("[" + uid() + "] " + cmd.encode() + " failed: " + reply.encode());
    }
    return reply;
  }

  /** Closes the WebSocket through the SDK ({@code connectManager.disconnect()}: no auto-reconnect, no status event). */
  public void disconnect() {
    command(new JsonObject().put("cmd", "disconnect"));
  }

  /** {@code connectManager.connect()}: after {@link #disconnect()} or with {@link Options#withoutAutoConnect()}. */
  public void connectNow() {
    command(new JsonObject().put("cmd", "connect"));
  }

  /** Writes one raw command line (see the README for the commands). */
  public void command(JsonObject cmd) {
    try {
      synchronized (stdin) {
        stdin.write(cmd.encode());
        stdin.write('\n');
        stdin.flush();
      }
    } catch (IOException e) {
      throw new IllegalStateException(describeFailure("cannot write " + cmd.encode() + ": " + e.getMessage()), e);
    }
  }

  // ---------------------------------------------------------------- events

  /** Predicate for events named {@code name}. */
  public static Predicate<JsonObject> event(String name) {
    return e -> name.equals(e.getString("event"));
  }

  /** Predicate for events named {@code name} whose {@code key} equals {@code value} (compared as JSON values). */
  public static Predicate<JsonObject> event(String name, String key, Object value) {
    return e -> name.equals(e.getString("event")) && Objects.equals(String.valueOf(e.getValue(key)), String.valueOf(value));
  }

  /**
   * Waits for the oldest event matching {@code p} that no earlier await returned, marks it returned and returns it.
   *
   * @throws AssertionError on timeout or when the process ended without such an event; the message lists the events
   *     seen so far and the tail of stderr
   */
  public JsonObject awaitEvent(Predicate<JsonObject> p, Duration timeout) {
    return awaitEvent("a matching event", p, timeout);
  }

  /** {@link #awaitEvent(Predicate, Duration)} with a description for the failure message. */
  public JsonObject awaitEvent(String what, Predicate<JsonObject> p, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (this) {
      while (true) {
        for (Entry en : events) {
          if (!en.consumed && p.test(en.event)) {
            en.consumed = true;
            return en.event;
          }
        }
        if (stdoutClosed) {
          throw new AssertionError(describeFailure("process ended while waiting for " + what));
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError(describeFailure("timed out after " + timeout.toMillis() + " ms waiting for " + what));
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(this, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(describeFailure("interrupted while waiting for " + what), e);
        }
      }
    }
  }

  /** Waits for a {@code status} event with this status name (Connected, Disconnect, ConnectFail, ConnectKick). */
  public JsonObject awaitStatus(String status) {
    return awaitStatus(status, DEFAULT_TIMEOUT);
  }

  public JsonObject awaitStatus(String status, Duration timeout) {
    return awaitEvent("status " + status, event("status", "status", status), timeout);
  }

  /** Waits for the {@code sendack} of this clientSeq. */
  public JsonObject awaitSendack(int clientSeq) {
    return awaitEvent("sendack clientSeq=" + clientSeq, event("sendack", "clientSeq", clientSeq), DEFAULT_TIMEOUT);
  }

  /** Waits for an incoming {@code message} matching {@code p} (the SDK's echo of its own sends is never reported). */
  public JsonObject awaitMessage(Predicate<JsonObject> p) {
    return awaitEvent("message", event("message").and(p), DEFAULT_TIMEOUT);
  }

  /**
   * Asserts that no not-yet-returned event matches {@code p} during {@code window} (for "nothing must arrive"
   * checks; a positive await is always better when there is something to wait for).
   */
  public void assertNoEvent(String what, Predicate<JsonObject> p, Duration window) {
    JsonObject got;
    try {
      got = awaitEvent(what, p, window);
    } catch (AssertionError e) {
      return; // timed out or ended: nothing matched
    }
    throw new AssertionError(describeFailure("unexpected " + what + ": " + got.encode()));
  }

  /** A snapshot of every event received so far, oldest first. */
  public synchronized List<JsonObject> events() {
    List<JsonObject> copy = new ArrayList<>(events.size());
    for (Entry e : events) {
      copy.add(e.event.copy());
    }
    return copy;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  private String describeFailure(String headline) {
    StringBuilder sb = new StringBuilder();
    sb.append('[').append(uid()).append(" @ ").append(options.addr()).append("] ").append(headline).append("; process ")
        .append(process.isAlive() ? "alive (pid " + process.pid() + ")" : "exited with " + process.exitValue());
    synchronized (this) {
      int from = Math.max(0, events.size() - EVENTS_IN_FAILURE);
      sb.append("\nevents (").append(events.size()).append(" total, oldest first, * = already returned by an await):");
      if (from > 0) {
        sb.append("\n  ... ").append(from).append(" earlier events omitted");
      }
      for (int i = from; i < events.size(); i++) {
        Entry e = events.get(i);
        sb.append("\n  ").append(e.consumed ? "* " : "  ").append(e.event.encode());
      }
    }
    synchronized (stderrTail) {
      if (!stderrTail.isEmpty()) {
        sb.append("\nstderr (last ").append(stderrTail.size()).append(" lines; -Djindou.sdk.log=true for SDK logs):");
        for (String line : stderrTail) {
          sb.append("\n  ").append(line);
        }
      }
    }
    return sb.toString();
  }

  // ---------------------------------------------------------------- close

  /** Asks the script to exit (closes the WebSocket cleanly), then terminates and finally kills the process. */
  @Override
  public void close() {
    try {
      if (process.isAlive()) {
        try {
          command(new JsonObject().put("cmd", "exit"));
        } catch (IllegalStateException e) {
          // stdin already closed: the process is on its way out
        }
        try {
          synchronized (stdin) {
            stdin.close();
          }
        } catch (IOException e) {
          // same
        }
        if (!process.waitFor(3, TimeUnit.SECONDS)) {
          process.destroy();
          if (!process.waitFor(2, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
          }
        }
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    } finally {
      LIVE.remove(process);
    }
  }

  @Override
  public String toString() {
    return "SdkClient[" + uid() + " @ " + options.addr() + ", pid " + process.pid() + "]";
  }
}
