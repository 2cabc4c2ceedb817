package io.jindou.tools;

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
 * The suite's probe (issue 22): a sender of its own — its own Vert.x instance, event loop and HTTP connection —
 * that sends {@code rate} durable messages per second to a channel nobody is online in, while the suite's
 * scenario loads the node, and measures each send from request to answer. It shows how long an accepted send
 * waits behind the node's other work (fan-out, RECVACKs), free of the suite's own busy event loop. It only
 * sends to its own channel and never touches the scenario's clients.
 */
final class ProbeSender {
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

  ProbeSender(String host, int port, String run) {
    this.host = host;
    this.port = port;
    this.channel = "probe" + run;
    // connections idle for 10 s are closed by the probe, before the server's 30 s read timeout closes them: a
    // request on a connection the server is closing at that moment fails ("Connection was closed", seen once)
    this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setKeepAliveTimeout(10),
        new PoolOptions().setHttp1MaxSize(4).setMaxWaitQueueSize(-1));
  }

  /** Creates the probe's channel (one offline subscriber) and starts sending {@code rate} messages/s. */
  void start(double rate) throws Exception {
    post(new JsonObject().put("channel_id", channel).put("channel_type", 2)
        .put("subscribers", new io.vertx.core.json.JsonArray().add(channel + "-offline")), "/channel")
        .await(30, TimeUnit.SECONDS);
    String payload = Base64.getEncoder().encodeToString("probe".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    long period = Math.max(1, Math.round(1000 / rate));
    timer = vertx.setPeriodic(period, t -> {
      long at = System.nanoTime();
      post(new JsonObject().put("from_uid", "____system").put("channel_id", channel).put("channel_type", 2)
          .put("payload", payload), "/message/send").onComplete(ar -> {
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

  /** From now on the probe's sends count (the scenario's warm-up is over). */
  void measure() {
    latency.reset();
    measuring = true;
  }

  /** One line: the probe's sends in the window and their latency. */
  String report() {
    return String.format("probe sends: %d in the window (errors %d%s), latency ms  p50 %.2f  p99 %.2f  p999 %.2f  max %.2f",
        latency.getTotalCount(), errors.get(), errors.get() == 0 ? "" : ", the first: " + firstError,
        latency.getValueAtPercentile(50) / 1e3,
        latency.getValueAtPercentile(99) / 1e3, latency.getValueAtPercentile(99.9) / 1e3, latency.getMaxValue() / 1e3);
  }

  void stop() throws Exception {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    vertx.close().await(10, TimeUnit.SECONDS);
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
