package io.jindou.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A business server's webhook endpoint for tests, on a real HTTP port that stays the same across {@link #down} /
 * {@link #up}: every request is recorded (query, headers, body) with the status it got; the test sets how it
 * answers: {@link #failNext} posts with 500, a fixed status ({@link #status}, e.g. a 302), never answering
 * ({@link #hang}), or a huge answer body ({@link #hugeAnswers}).
 */
public final class WebhookReceiver implements AutoCloseable {
  /** One request as received, and the status it was answered with (0 = not answered). */
  public record Post(String query, Map<String, String> headers, byte[] body, int answered) {
    public String event() {
      return query.replaceFirst("^.*event=", "");
    }

    public String text() {
      return new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }

    public String header(String name) {
      return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
  }

  private final Vertx vertx = Vertx.vertx();
  private final int port;
  private volatile HttpServer server;
  public final List<Post> posts = new CopyOnWriteArrayList<>();
  private final AtomicInteger failures = new AtomicInteger();
  private volatile int status = 200;
  private volatile boolean hang;
  private volatile boolean huge;

  public WebhookReceiver() throws Exception {
    this.port = TestNode.freePort();
    up();
  }

  public String url() {
    return "http://127.0.0.1:" + port + "/hook";
  }

  /** Starts listening (again) on the same port. */
  public synchronized void up() throws Exception {
    if (server != null) {
      return;
    }
    server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      Map<String, String> headers = new ConcurrentHashMap<>();
      req.headers().forEach(h -> headers.put(h.getKey().toLowerCase(java.util.Locale.ROOT), h.getValue()));
      if (hang) {
        posts.add(new Post(req.query(), headers, body.getBytes(), 0));
        return; // never answers
      }
      int s = failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 500 : status;
      posts.add(new Post(req.query(), headers, body.getBytes(), s));
      if (huge) {
        req.response().setStatusCode(s).setChunked(true);
        writeForever(req.response(), 0);
        return;
      }
      req.response().setStatusCode(s).putHeader("Location", "http://127.0.0.1:1/elsewhere").end("ok");
    })).listen(port, "127.0.0.1").await(10, TimeUnit.SECONDS);
  }

  private void writeForever(io.vertx.core.http.HttpServerResponse r, int n) {
    if (n > 2_000 || r.closed()) {
      return; // 2,000 × 64 KiB = 125 MiB offered, unless the client hangs up first
    }
    r.write(io.vertx.core.buffer.Buffer.buffer(new byte[64 * 1024])).onComplete(ar -> {
      if (ar.succeeded()) {
        writeForever(r, n + 1);
      }
    });
  }

  /** Stops listening: posts are refused until {@link #up}. */
  public synchronized void down() throws Exception {
    if (server != null) {
      server.close().await(10, TimeUnit.SECONDS);
      server = null;
    }
  }

  public WebhookReceiver failNext(int n) {
    failures.set(n);
    return this;
  }

  public WebhookReceiver status(int s) {
    status = s;
    return this;
  }

  public WebhookReceiver hang(boolean on) {
    hang = on;
    return this;
  }

  public WebhookReceiver hugeAnswers(boolean on) {
    huge = on;
    return this;
  }

  /** The posts answered 200 for one event name. */
  public List<Post> delivered(String event) {
    return posts.stream().filter(p -> p.answered() == 200 && p.event().equals(event)).toList();
  }

  /** The message ids of every delivered msg.notify post. */
  public java.util.Set<Long> notifiedIds() {
    return delivered("msg.notify").stream().flatMap(p -> new io.vertx.core.json.JsonArray(p.text()).stream())
        .map(o -> ((io.vertx.core.json.JsonObject) o).getLong("message_id"))
        .collect(java.util.stream.Collectors.toSet());
  }

  /** Polls {@code done} every 50 ms until it holds; fails naming {@code what} after {@code max}. */
  public static void await(String what, java.time.Duration max, java.util.function.BooleanSupplier done)
      throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  @Override
  public void close() throws Exception {
    down();
    vertx.close().await(10, TimeUnit.SECONDS);
  }
}
