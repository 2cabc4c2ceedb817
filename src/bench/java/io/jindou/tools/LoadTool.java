package io.jindou.tools;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Jindou's load tool. Scenario {@code send}: creates {@code groups} groups of {@code members} subscribers,
 * then keeps {@code concurrency} {@code POST /message/send} requests in flight over {@code connections}
 * HTTP connections for {@code duration} seconds, round-robin over the groups, and reports messages/s and
 * latency percentiles (HdrHistogram, microsecond resolution). {@code --pipelining N} allows N requests in
 * flight per connection (HTTP/1.1 pipelining; 0 = off, one request per connection at a time). Every 200 counts as a durable send. It only
 * ever targets the URL it is given (loopback in the documented commands) and stops by itself.
 *
 * <pre>java -cp target/jindou.jar io.jindou.tools.LoadTool send --url http://127.0.0.1:5001 --duration 30</pre>
 */
public final class LoadTool {
  private final Map<String, String> opts;
  private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setPreferNativeTransport(true));
  private HttpClient client;
  private String host;
  private int port;

  private LoadTool(Map<String, String> opts) {
    this.opts = opts;
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 0 || !(args[0].equals("send") || args[0].equals("conversations"))) {
      System.err.println("usage: LoadTool send [--url http://127.0.0.1:5001] [--groups 100] [--members 100]"
          + " [--payload 256] [--connections 32] [--concurrency 256] [--duration 30] [--warmup 5] [--pipelining 0]\n"
          + "       LoadTool conversations [--conversations 1000] [--recent 20] [--msg-count 20] [--page-size 0] ...");
      System.exit(2);
    }
    Map<String, String> o = new LinkedHashMap<>(Map.of("url", "http://127.0.0.1:5001", "groups", "100",
        "members", "100", "payload", "256", "connections", "32", "concurrency", "256", "duration", "30",
        "warmup", "5", "pipelining", "0"));
    o.put("conversations", "1000");
    o.put("recent", "20");
    o.put("msg-count", "20");
    o.put("page-size", "0");
    o = ToolArgs.parse(args, 1, o, "");
    LoadTool tool = new LoadTool(o);
    try {
      tool.connect();
      if (args[0].equals("send")) {
        tool.runSend();
      } else {
        tool.runConversations();
      }
    } finally {
      tool.vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  private int opt(String k) {
    return Integer.parseInt(opts.get(k));
  }

  private void connect() {
    URI uri = URI.create(opts.get("url"));
    host = uri.getHost();
    port = uri.getPort();
    client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true)
            .setPipelining(opt("pipelining") > 0).setPipeliningLimit(Math.max(1, opt("pipelining"))),
        new PoolOptions().setHttp1MaxSize(opt("connections")).setMaxWaitQueueSize(-1));
  }

  /**
   * {@code /conversation/sync} for one user in {@code conversations} person conversations with {@code recent}
   * messages each, asking for {@code msg-count} recent messages per conversation ({@code page-size} 0 = the
   * whole list in one answer, else the first page).
   */
  private void runConversations() throws Exception {
    int n = opt("conversations");
    int recent = opt("recent");
    String run = Long.toString(System.currentTimeMillis(), 36);
    String uid = "cv" + run;
    System.out.printf("setup: %s in %d conversations x %d messages%n", uid, n, recent);
    for (int round = 0; round < recent; round++) {
      List<Future<Buffer>> sends = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        sends.add(post("/message/send", new JsonObject().put("from_uid", uid + "-p" + i).put("channel_id", uid)
            .put("channel_type", 1).put("payload", "aGVsbG8gd29ybGQ=").toBuffer()));
      }
      Future.all(sends).await(120, TimeUnit.SECONDS);
    }
    JsonObject req = new JsonObject().put("uid", uid).put("msg_count", opt("msg-count"));
    if (opt("page-size") > 0) {
      req.put("page", 1).put("page_size", opt("page-size"));
    }
    Buffer[] bodies = {req.toBuffer()};
    Phase warm = new Phase("warmup", opt("warmup"), bodies, "/conversation/sync");
    vertx.runOnContext(v -> warm.start());
    warm.done.future().await(opt("warmup") + 60L, TimeUnit.SECONDS);
    Phase measure = new Phase("measure", opt("duration"), bodies, "/conversation/sync");
    vertx.runOnContext(v -> measure.start());
    measure.done.future().await(opt("duration") + 60L, TimeUnit.SECONDS);
    measure.report(System.out, opts);
  }

  private void runSend() throws Exception {
    URI uri = URI.create(opts.get("url"));
    int groups = opt("groups");
    int members = opt("members");
    System.out.printf("setup: %d groups x %d subscribers at %s%n", groups, members, uri);
    String run = Long.toString(System.currentTimeMillis(), 36);
    List<Future<Buffer>> setup = new ArrayList<>();
    for (int g = 0; g < groups; g++) {
      for (int from = 0; from < members; from += 1000) {
        JsonArray subs = new JsonArray();
        for (int m = from; m < Math.min(members, from + 1000); m++) {
          subs.add("lt" + run + "-g" + g + "-u" + m);
        }
        setup.add(post("/channel/subscriber_add", new JsonObject().put("channel_id", "lt" + run + "-g" + g)
            .put("channel_type", 2).put("subscribers", subs).toBuffer()));
      }
      if (setup.size() >= 200) {
        Future.all(setup).await(300, TimeUnit.SECONDS);
        setup.clear();
      }
    }
    Future.all(setup).await(300, TimeUnit.SECONDS);
    byte[] payload = new byte[opt("payload")];
    java.util.Arrays.fill(payload, (byte) 'x');
    String b64 = Base64.getEncoder().encodeToString(payload);
    Buffer[] bodies = new Buffer[groups];
    for (int g = 0; g < groups; g++) {
      bodies[g] = new JsonObject().put("from_uid", "lt" + run + "-g" + g + "-u0").put("channel_id", "lt" + run + "-g" + g)
          .put("channel_type", 2).put("payload", b64).toBuffer();
    }
    Phase warm = new Phase("warmup", opt("warmup"), bodies, "/message/send");
    vertx.runOnContext(v -> warm.start());
    warm.done.future().await(opt("warmup") + 60L, TimeUnit.SECONDS);
    Phase measure = new Phase("measure", opt("duration"), bodies, "/message/send");
    vertx.runOnContext(v -> measure.start());
    measure.done.future().await(opt("duration") + 60L, TimeUnit.SECONDS);
    measure.report(System.out, opts);
  }

  private Future<Buffer> post(String path, Buffer body) {
    return client.request(new RequestOptions().setMethod(HttpMethod.POST).setHost(host).setPort(port).setURI(path)
            .putHeader("content-type", "application/json"))
        .compose(req -> req.send(body).compose(resp -> resp.body().compose(b -> resp.statusCode() == 200
            ? Future.succeededFuture(b) : Future.failedFuture("HTTP " + resp.statusCode() + " " + b))));
  }

  /** One timed phase; all of its state lives on the tool's single event loop. */
  private final class Phase {
    final String name;
    final long endNanos;
    final Buffer[] bodies;
    final io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
    final Histogram latency = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
    long ok;
    long errors;
    String lastError;
    int inflight;
    int next;
    long started;
    long lastPrint;
    long lastOk;

    final String path;

    Phase(String name, int seconds, Buffer[] bodies, String path) {
      this.name = name;
      this.path = path;
      this.bodies = bodies;
      this.started = System.nanoTime();
      this.endNanos = started + TimeUnit.SECONDS.toNanos(seconds);
      this.lastPrint = started;
    }

    void start() {
      started = System.nanoTime();
      System.out.printf("  [%s] started%n", name); // bench/webhooks.sh starts its CPU window at "[measure] started"
      int c = opt("concurrency");
      for (int i = 0; i < c; i++) {
        fire();
      }
    }

    void fire() {
      long now = System.nanoTime();
      if (now >= endNanos) {
        if (inflight == 0) {
          done.tryComplete();
        }
        return;
      }
      if (now - lastPrint >= TimeUnit.SECONDS.toNanos(5)) {
        double secs = (now - lastPrint) / 1e9;
        System.out.printf("  [%s] %.0f msg/s, p99 so far %.2f ms, errors %d%n", name, (ok - lastOk) / secs,
            latency.getValueAtPercentile(99) / 1000.0, errors);
        lastPrint = now;
        lastOk = ok;
      }
      Buffer body = bodies[next++ % bodies.length];
      inflight++;
      post(path, body).onComplete(ar -> {
        inflight--;
        if (ar.succeeded()) {
          ok++;
          latency.recordValue(Math.min((System.nanoTime() - now) / 1000, latency.getHighestTrackableValue()));
        } else {
          errors++;
          lastError = ar.cause().getMessage();
        }
        fire();
      });
    }

    void report(java.io.PrintStream out, Map<String, String> o) {
      double secs = (System.nanoTime() - started) / 1e9;
      out.printf("%nresult (%s, %d cores, Java %s)%n", o, Runtime.getRuntime().availableProcessors(),
          System.getProperty("java.version"));
      out.printf("  %s: %d in %.1f s = %.0f/s; errors %d%s%n", path, ok, secs, ok / secs, errors,
          lastError == null ? "" : " (last: " + lastError + ")");
      out.printf("  latency ms: p50 %.2f  p99 %.2f  p999 %.2f  max %.2f%n", latency.getValueAtPercentile(50) / 1000.0,
          latency.getValueAtPercentile(99) / 1000.0, latency.getValueAtPercentile(99.9) / 1000.0,
          latency.getMaxValue() / 1000.0);
    }
  }
}
