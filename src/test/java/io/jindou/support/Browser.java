package io.jindou.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Headless Debian Chromium driven by {@code playwright-core} ({@code src/test/node/browser.mjs}) in a Node.js child
 * process: one browser per test class, one context per named {@link Page} (a separate user with its own storage).
 * Commands go as JSON lines on stdin and each gets a reply; Playwright does the waiting (it polls the page until the
 * condition holds), so a test never sleeps. Dialogs, console errors and page errors are kept as events.
 *
 * <p>Chromium is {@code /usr/bin/chromium} (Debian package {@code chromium}), or {@code -Djindou.chromium}. When it is
 * missing, {@link #launch()} throws: the tests fail, they do not skip ({@code .ci/run} installs it).
 *
 * <p>No process outlives its test: {@link #close} asks, then kills; a JVM shutdown hook kills what is left; the script
 * exits (closing Chromium) when its stdin closes, and after its hard timeout.
 */
public final class Browser implements AutoCloseable {
  /** Longer than the script's own waits (15 s), so a failed wait reports Playwright's message, not ours. */
  private static final long REPLY_TIMEOUT_S = 40;
  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "browser-reaper"));
  }

  private final Process process;
  private final Writer stdin;
  private final Map<String, CompletableFuture<JsonObject>> replies = new ConcurrentHashMap<>();
  private final List<JsonObject> events = new ArrayList<>(); // guarded by itself
  private final Deque<String> stderrTail = new ArrayDeque<>(); // guarded by itself
  private final CompletableFuture<JsonObject> ready = new CompletableFuture<>();
  private final AtomicLong ids = new AtomicLong();

  private Browser(Process process) {
    this.process = process;
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
  }

  /** The Chromium executable the tests use. */
  public static Path chromium() {
    return Path.of(System.getProperty("jindou.chromium", "/usr/bin/chromium"));
  }

  /** Starts Chromium; throws with what to install when Chromium, Node.js or the npm packages are missing. */
  public static Browser launch() {
    Path exe = chromium();
    if (!Files.isExecutable(exe)) {
      throw new IllegalStateException("Chromium not found at " + exe + ": the browser tests need the Debian package "
          + "'chromium' (apt-get install chromium; bash .ci/run installs it), or -Djindou.chromium=<path>");
    }
    SdkClient.installOnce();
    ProcessBuilder pb = new ProcessBuilder("node", "browser.mjs", "--chromium", exe.toString(), "--timeout", "900")
        .directory(SdkClient.nodeDir().toFile());
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start node browser.mjs: " + e.getMessage(), e);
    }
    LIVE.add(p);
    Browser b = new Browser(p);
    b.pump();
    try {
      JsonObject r = b.ready.get(60, TimeUnit.SECONDS);
      if ("fatal".equals(r.getString("event"))) {
        throw new IllegalStateException(r.getString("message"));
      }
    } catch (Exception e) {
      b.close();
      throw new IllegalStateException(b.describe("Chromium did not start: " + e.getMessage()), e);
    }
    return b;
  }

  private void pump() {
    Thread out = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          JsonObject e;
          try {
            e = new JsonObject(line);
          } catch (RuntimeException notJson) {
            continue;
          }
          switch (e.getString("event", "")) {
            case "ready", "fatal" -> ready.complete(e);
            case "reply" -> {
              CompletableFuture<JsonObject> f = replies.remove(String.valueOf(e.getValue("id")));
              if (f != null) {
                f.complete(e);
              }
            }
            default -> {
              synchronized (events) {
                events.add(e);
              }
            }
          }
        }
      } catch (IOException ignored) {
        // process gone
      }
      ready.completeExceptionally(new IllegalStateException("browser.mjs exited"));
      replies.values().forEach(f -> f.completeExceptionally(new IllegalStateException("browser.mjs exited")));
    }, "browser-stdout");
    out.setDaemon(true);
    out.start();
    Thread err = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          synchronized (stderrTail) {
            stderrTail.addLast(line);
            if (stderrTail.size() > 100) {
              stderrTail.removeFirst();
            }
          }
        }
      } catch (IOException ignored) {
        // process gone
      }
    }, "browser-stderr");
    err.setDaemon(true);
    err.start();
  }

  /** Runs one command and returns its reply's value; a failed command is an AssertionError with the page's log. */
  Object run(JsonObject cmd) {
    String id = Long.toString(ids.incrementAndGet());
    CompletableFuture<JsonObject> reply = new CompletableFuture<>();
    replies.put(id, reply);
    try {
      synchronized (stdin) {
        stdin.write(cmd.copy().put("id", id).encode());
        stdin.write('\n');
        stdin.flush();
      }
      JsonObject r = reply.get(REPLY_TIMEOUT_S, TimeUnit.SECONDS);
      if (!r.getBoolean("ok", false)) {
        throw new AssertionError(describe(cmd.encode() + " failed: " + r.getString("error")));
      }
      return r.getValue("value");
    } catch (AssertionError e) {
      throw e;
    } catch (Exception e) {
      throw new AssertionError(describe(cmd.encode() + " got no reply: " + e), e);
    } finally {
      replies.remove(id);
    }
  }

  /** Opens a page in a new browser context (a new user: own cookies and session storage). */
  public Page page(String name) {
    run(new JsonObject().put("cmd", "page").put("page", name));
    return new Page(this, name);
  }

  /** Events of this type so far ({@code dialog}, {@code console}, {@code pageerror}), oldest first. */
  public List<JsonObject> events(String type) {
    synchronized (events) {
      return events.stream().filter(e -> type.equals(e.getString("event"))).map(JsonObject::copy).toList();
    }
  }

  String describe(String headline) {
    StringBuilder sb = new StringBuilder(headline);
    synchronized (events) {
      events.stream().skip(Math.max(0, events.size() - 30)).forEach(e -> sb.append("\n  ").append(e.encode()));
    }
    synchronized (stderrTail) {
      stderrTail.forEach(l -> sb.append("\n  stderr: ").append(l));
    }
    return sb.toString();
  }

  @Override
  public void close() {
    try {
      if (process.isAlive()) {
        try {
          synchronized (stdin) {
            stdin.close(); // the script closes Chromium and exits
          }
        } catch (IOException ignored) {
          // already closed
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroy();
          if (!process.waitFor(3, TimeUnit.SECONDS)) {
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

  /** One tab in its own browser context. Selectors are CSS; waits last up to 15 s. */
  public static final class Page {
    private final Browser browser;
    public final String name;

    Page(Browser browser, String name) {
      this.browser = browser;
      this.name = name;
    }

    private Object run(String cmd, JsonObject args) {
      return browser.run(args.put("cmd", cmd).put("page", name));
    }

    public void go(String url) {
      run("goto", new JsonObject().put("url", url));
    }

    public void fill(String selector, String value) {
      run("fill", new JsonObject().put("selector", selector).put("value", value));
    }

    public void click(String selector) {
      run("click", new JsonObject().put("selector", selector));
    }

    /** Waits for a visible element matching {@code selector} whose text contains {@code text}; returns its text. */
    public String waitText(String selector, String text) {
      return (String) run("waitText", new JsonObject().put("selector", selector).put("text", text));
    }

    /** Waits for a visible element matching {@code selector} whose text matches the JavaScript {@code regex}. */
    public String waitMatch(String selector, String regex) {
      return (String) run("waitText", new JsonObject().put("selector", selector).put("text", regex).put("regex", true));
    }

    public void waitVisible(String selector) {
      run("waitVisible", new JsonObject().put("selector", selector));
    }

    /** Waits until no element matching {@code selector} is visible. */
    public void waitHidden(String selector) {
      run("waitHidden", new JsonObject().put("selector", selector));
    }

    /** Waits until exactly {@code n} elements match {@code selector}. */
    public void waitCount(String selector, int n) {
      run("waitCount", new JsonObject().put("selector", selector).put("count", n));
    }

    public int count(String selector) {
      return ((Number) run("count", new JsonObject().put("selector", selector))).intValue();
    }

    /** The text of every element matching {@code selector}, in document order. */
    public List<String> texts(String selector) {
      JsonArray a = (JsonArray) run("texts", new JsonObject().put("selector", selector));
      return a.stream().map(String::valueOf).toList();
    }

    public String url() {
      return (String) run("url", new JsonObject());
    }

    /** Every request the page made so far: {@code {method, url, headers}} (WebSockets as method WEBSOCKET). */
    public List<JsonObject> requests() {
      JsonArray a = (JsonArray) run("requests", new JsonObject());
      return a.stream().map(o -> (JsonObject) o).toList();
    }

    /** Network emulation for this page's context: offline blocks new HTTP requests and WebSocket connections. */
    public void offline(boolean offline) {
      run("offline", new JsonObject().put("value", offline));
    }

    public void screenshot(Path file) {
      try {
        Files.createDirectories(file.toAbsolutePath().getParent());
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      run("screenshot", new JsonObject().put("path", file.toAbsolutePath().toString()));
    }

    /** Closes the page's context (its WebSocket connections close with it). */
    public void close() {
      run("close", new JsonObject());
    }
  }
}
