package io.jindou.tools;

import io.jindou.app.SchedulerSlice;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * The suite's probe (issue 22): a sender of its own — its own JVM, Vert.x instance, event loop and HTTP
 * connection — that sends {@code rate} durable messages per second to a channel nobody is online in, while the
 * suite's scenario loads the node, and measures each send from request to answer. It shows how long an accepted
 * send waits behind the node's other work (fan-out, RECVACKs). It runs in a process of its own ({@link #spawn}),
 * as a business server would: inside the suite's JVM every pause of the suite's collector (a young GC every
 * 0.4 s while 1,000 clients decrypt 160k RECVs/s) was counted as the node's latency. It only sends to its own
 * channel and never touches the scenario's clients.
 */
final class ProbeSender {
  private static final String PAYLOAD = Base64.getEncoder().encodeToString(
      "probe".getBytes(java.nio.charset.StandardCharsets.UTF_8));
  private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setPreferNativeTransport(true));
  private final HttpClient http;
  private final String host;
  private final int port;
  private final String channel;
  private final ConcurrentHistogram latency = new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(60), 3);
  private final AtomicLong errors = new AtomicLong();
  private volatile String firstError = "";
  private final AtomicLong sent = new AtomicLong();
  private volatile boolean measuring;
  private long timer = -1;
  /** The latest timed send: stopping waits for it, so that closing the probe is not counted as a failed send. */
  private io.vertx.core.Future<Buffer> last; // on the probe's loop

  ProbeSender(String host, int port, String run) {
    this.host = host;
    this.port = port;
    this.channel = "probe" + run;
    // connections idle for 10 s are closed by the probe, before the server's 30 s read timeout closes them: a
    // request on a connection the server is closing at that moment fails ("Connection was closed", seen once)
    this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setKeepAliveTimeout(10),
        new PoolOptions().setHttp1MaxSize(4).setMaxWaitQueueSize(-1));
  }

  /**
   * Sends before the timed ones, back to back, so that the probe's own code is compiled before anything is
   * measured: in a fresh JVM sending 20 messages/s it would otherwise run interpreted for the whole window, which a
   * capture on loopback showed as 0.6 ms more at the median than the node's answer took.
   */
  private static final int WARM_UP_SENDS = 3000;

  /**
   * The slice (µs) the probe's event loop asks the kernel for ({@link SchedulerSlice}, as the node gives its own send
   * path): the probe stands for a business server on another host, and on this one its loop would otherwise wait
   * behind the load tool's busy threads (at 1,000 clients, one of them runs a whole core) each time an answer wakes
   * it, which is the probe's delay, not the node's. It cannot hide any of the node's time: it only makes the probe
   * read an answer sooner after the node wrote it.
   */
  private static final long LOOP_SLICE_US = 100;
  private volatile boolean sliced;

  /** Creates the probe's channel (one offline subscriber) and starts sending {@code rate} messages/s. */
  void start(double rate) throws Exception {
    io.vertx.core.Promise<Boolean> slice = io.vertx.core.Promise.promise();
    vertx.runOnContext(v -> slice.complete(SchedulerSlice.applyToCurrentThread(LOOP_SLICE_US)));
    sliced = slice.future().await(10, TimeUnit.SECONDS);
    post(new JsonObject().put("channel_id", channel).put("channel_type", 2)
        .put("subscribers", new io.vertx.core.json.JsonArray().add(channel + "-offline")), "/channel")
        .await(30, TimeUnit.SECONDS);
    for (int i = 0; i < WARM_UP_SENDS; i++) {
      send().await(30, TimeUnit.SECONDS);
    }
    long period = Math.max(1, Math.round(1000 / rate));
    timer = vertx.setPeriodic(period, t -> {
      long at = System.nanoTime();
      io.vertx.core.Future<Buffer> f = send();
      last = f;
      f.onComplete(ar -> {
        if (ar.failed()) {
          if (errors.incrementAndGet() == 1) {
            firstError = ar.cause().getMessage();
          }
          return;
        }
        sent.incrementAndGet();
        if (measuring) {
          latency.recordValue(Math.min((System.nanoTime() - at) / 1000, latency.getHighestTrackableValue()));
        }
      });
    });
  }

  private io.vertx.core.Future<Buffer> send() {
    return post(new JsonObject().put("from_uid", "____system").put("channel_id", channel).put("channel_type", 2)
        .put("payload", PAYLOAD), "/message/send");
  }

  /** From now on the probe's sends count (the scenario's warm-up is over). */
  void measure() {
    latency.reset();
    measuring = true;
  }

  /** One line: the probe's sends in the window and their latency. */
  String report() {
    return String.format("probe sends: %d in the window (errors %d%s), latency ms  p50 %.2f  p99 %.2f  p999 %.2f  max %.2f"
            + "  (probe loop at %s)",
        latency.getTotalCount(), errors.get(), errors.get() == 0 ? "" : ", the first: " + firstError,
        latency.getValueAtPercentile(50) / 1e3,
        latency.getValueAtPercentile(99) / 1e3, latency.getValueAtPercentile(99.9) / 1e3, latency.getMaxValue() / 1e3,
        sliced ? "a " + LOOP_SLICE_US + " µs slice" : "the kernel's slice");
  }

  void stop() throws Exception {
    // on the probe's one loop, where the timer's sends start: no send can start after the latest one read here
    io.vertx.core.Promise<io.vertx.core.Future<Buffer>> stopped = io.vertx.core.Promise.promise();
    vertx.runOnContext(v -> {
      if (timer >= 0) {
        vertx.cancelTimer(timer);
      }
      stopped.complete(last);
    });
    io.vertx.core.Future<Buffer> inFlight = stopped.future().await(10, TimeUnit.SECONDS);
    if (inFlight != null) {
      try {
        inFlight.await(10, TimeUnit.SECONDS);
      } catch (Exception failed) {
        // counted by its own handler; only its completion is waited for
      }
    }
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  /**
   * Starts the probe in a JVM of its own (a small heap and the serial collector: it allocates a few KB per send)
   * and returns once it sends. Control goes through the child's standard input ({@code measure}, {@code stop}) and
   * its report comes back as one line on its standard output.
   */
  static Child spawn(String host, int port, String run, double rate) throws Exception {
    String exe = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(exe, "-Xmx64m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
        ProbeSender.class.getName(), host, Integer.toString(port), run, Double.toString(rate))
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    Child c = new Child(p);
    if (c.line("sending") == null) {
      p.destroyForcibly();
      throw new IllegalStateException("the probe process ended before it started sending");
    }
    return c;
  }

  /** The suite's handle on a probe process. */
  static final class Child {
    private final Process process;
    private final java.io.BufferedReader out;
    private final java.io.PrintStream in;

    private Child(Process process) {
      this.process = process;
      this.out = process.inputReader(java.nio.charset.StandardCharsets.UTF_8);
      this.in = new java.io.PrintStream(process.getOutputStream(), true, java.nio.charset.StandardCharsets.UTF_8);
    }

    void measure() {
      in.println("measure");
    }

    /** Stops the probe and returns its report line. */
    String stop() throws Exception {
      in.println("stop");
      String report = line("probe sends:");
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      return report == null ? "probe: the probe process ended without a report" : report;
    }

    /** The first line of the child's output that starts with {@code prefix}; other lines go to standard error. */
    private String line(String prefix) throws java.io.IOException {
      for (String l = out.readLine(); l != null; l = out.readLine()) {
        if (l.startsWith(prefix)) {
          return l;
        }
        System.err.println(l);
      }
      return null;
    }
  }

  /** The probe process: {@code host port run rate}; reads {@code measure} and {@code stop} from standard input. */
  public static void main(String[] args) throws Exception {
    ProbeSender probe = new ProbeSender(args[0], Integer.parseInt(args[1]), args[2]);
    probe.start(Double.parseDouble(args[3]));
    System.out.println("sending");
    System.out.flush();
    java.io.BufferedReader commands = new java.io.BufferedReader(
        new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8));
    for (String cmd = commands.readLine(); cmd != null; cmd = commands.readLine()) {
      if (cmd.equals("measure")) {
        probe.measure();
      } else if (cmd.equals("stop")) {
        break;
      }
    }
    probe.stop();
    System.out.println(probe.report());
    System.out.flush();
  }

  private io.vertx.core.Future<Buffer> post(JsonObject body, String path) {
    Buffer b = body.toBuffer();
    return http.request(new RequestOptions().setMethod(HttpMethod.POST).setHost(host).setPort(port).setURI(path)
            .putHeader("content-type", "application/json"))
        .compose(req -> req.send(b).compose(resp -> resp.body().compose(r -> resp.statusCode() == 200
            ? io.vertx.core.Future.succeededFuture(r)
            : io.vertx.core.Future.failedFuture("HTTP " + resp.statusCode() + " " + r))));
  }
}
