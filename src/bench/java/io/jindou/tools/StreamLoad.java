package io.jindou.tools;

import io.jindou.proto.EventPacket;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * Load-tool scenario for stream messages (issue 16's benchmark): {@code streams} concurrent AI-like producers, each
 * streaming {@code rate} text deltas/s with {@code POST /message/event} into its own group of {@code members}, of
 * which {@code online} are connected over TCP as protocol-v6 clients (they receive every delta as an EVENT).
 * Reports accepted deltas/s, the delta accept latency (HTTP request → answer, after durability) and the delivery
 * latency (HTTP request → EVENT decoded by a client), with p50/p99/p999. To find the most concurrent streams one node
 * sustains at 20 deltas/s each, run with {@code --rate 20} and raise {@code --streams} until the p99 goals fail.
 * With {@code --server-pid} (bench/streams.sh passes it) it also reports the server's CPU time per accepted delta over
 * the measured window, the figure least sensitive to other load on a shared host, and its own CPU (it shares the
 * machine). {@code --delta-bytes N} pads each delta to about N bytes, so a run builds long lane texts sooner;
 * {@code --trace 1} prints the slowest accept of each measured second, to find when a stall happened.
 * Targets only the URLs it is given and stops by itself.
 */
public final class StreamLoad {
  private final Map<String, String> o;
  private final Vertx vertx;
  private final List<NetClient> nets = new ArrayList<>();
  private HttpClient http;
  private String host;
  private int httpPort;

  private StreamLoad(Map<String, String> o) {
    this.o = o;
    this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(Integer.parseInt(o.get("loops")))
        .setPreferNativeTransport(true));
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> o = new LinkedHashMap<>(Map.of("url", "http://127.0.0.1:5001", "tcp-port", "5100",
        "streams", "100", "rate", "50", "members", "100", "online", "10", "duration", "30", "warmup", "5",
        "loops", "1", "server-pid", "0"));
    o.put("stagger", "1");
    o.put("delta-bytes", "0");
    o.put("trace", "0");
    o = ToolArgs.parse(args, 0, o, "usage: StreamLoad [--url http://127.0.0.1:5001] [--tcp-port 5100] [--streams 100]"
            + " [--rate 50] [--members 100] [--online 10] [--duration 30] [--warmup 5] [--loops 1] [--server-pid 0] [--stagger 1]"
            + " [--delta-bytes 0] [--trace 0]");
    StreamLoad tool = new StreamLoad(o);
    try {
      tool.run();
    } finally {
      tool.vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  private int opt(String k) {
    return Integer.parseInt(o.get(k));
  }

  private Future<JsonObject> post(String path, JsonObject body) {
    return http.request(new RequestOptions().setMethod(HttpMethod.POST).setHost(host).setPort(httpPort).setURI(path)
            .putHeader("content-type", "application/json"))
        .compose(req -> req.send(body.toBuffer()).compose(resp -> resp.body().compose(r -> resp.statusCode() == 200
            ? Future.succeededFuture(r.toJsonObject()) : Future.failedFuture("HTTP " + resp.statusCode() + " " + r))));
  }

  private void run() throws Exception {
    URI uri = URI.create(o.get("url"));
    host = uri.getHost();
    httpPort = uri.getPort();
    http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(32).setMaxWaitQueueSize(-1));
    nets.add(vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true).setConnectTimeout(30_000)));
    String run = Long.toString(System.currentTimeMillis(), 36);
    int streams = opt("streams");
    int members = opt("members");
    int online = Math.min(opt("online"), members);
    System.out.printf("setup: %d streams, groups of %d with %d online, %d deltas/s each%n", streams, members, online,
        opt("rate"));
    ConcurrentHistogram accept = new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(60), 3);
    ConcurrentHistogram delivery = new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(60), 3);
    AtomicLong measuring = new AtomicLong(Long.MAX_VALUE);
    AtomicLong delivered = new AtomicLong();
    List<WkAsyncClient> clients = new ArrayList<>();
    String[] ports = o.get("tcp-port").split(",");
    for (int s = 0; s < streams; s++) {
      String group = "st" + run + "-g" + s;
      JsonArray subs = new JsonArray();
      for (int i = 0; i < members; i++) {
        subs.add(group + "-u" + i);
      }
      post("/channel", new JsonObject().put("channel_id", group).put("channel_type", 2).put("subscribers", subs))
          .await(60, TimeUnit.SECONDS);
      List<Future<?>> connects = new ArrayList<>();
      for (int i = 0; i < online; i++) {
        String uid = group + "-u" + i;
        post("/user/token", new JsonObject().put("uid", uid).put("token", "t").put("device_flag", 1))
            .await(60, TimeUnit.SECONDS);
        WkAsyncClient c = WkAsyncClient.sdkLike(r -> {
        });
        c.packetHandler(p -> {
          if (p instanceof EventPacket e && "stream.delta".equals(e.type())) {
            long now = System.nanoTime();
            String delta = new JsonObject(new String(e.data(), StandardCharsets.UTF_8)).getJsonObject("payload")
                .getString("delta");
            long sentAt = Long.parseLong(delta.substring(2, delta.indexOf(';')));
            if (sentAt >= measuring.get()) {
              delivery.recordValue(Math.min((now - sentAt) / 1000, delivery.getHighestTrackableValue()));
              delivered.incrementAndGet();
            }
          }
        });
        clients.add(c);
        connects.add(c.connect(nets.get(0), "127.0.0.1", Integer.parseInt(ports[i % ports.length].trim()), uid, "t"));
      }
      Future.all(connects).await(120, TimeUnit.SECONDS);
      post("/message/send", new JsonObject().put("from_uid", "____system").put("channel_id", group).put("channel_type", 2)
          .put("client_msg_no", "ai").put("is_stream", 1).put("payload", "e30=")).await(60, TimeUnit.SECONDS);
    }
    AtomicLong accepted = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    AtomicLong next = new AtomicLong();
    AtomicLong worst = new AtomicLong();
    long pinger = vertx.setPeriodic(30_000, t -> clients.forEach(WkAsyncClient::ping));
    // each stream is a producer of its own: with --stagger 1 (the default) their deltas are spread evenly over the
    // period, as independent AI replies are; --stagger 0 sends every stream's delta at the same instant (a burst)
    long period = TimeUnit.SECONDS.toNanos(1) / opt("rate");
    String filler = "x".repeat(Math.max(0, opt("delta-bytes") - 27)); // "t=<19 digits>; token " is about 27
    long[] due = new long[streams];
    long first = System.nanoTime();
    for (int s = 0; s < streams; s++) {
      due[s] = first + (opt("stagger") == 1 ? period * s / streams : 0);
    }
    long sender = vertx.setPeriodic(1, t -> {
      long now = System.nanoTime();
      for (int s = 0; s < streams; s++) {
        while (due[s] <= now) {
          due[s] += period;
          long sentAt = System.nanoTime();
          long k = next.incrementAndGet();
          post("/message/event", new JsonObject().put("channel_id", "st" + run + "-g" + s).put("channel_type", 2)
              .put("client_msg_no", "ai").put("event_id", "d" + k).put("event_type", "stream.delta")
              .put("payload", new JsonObject().put("kind", "text").put("delta", "t=" + sentAt + "; token " + filler)))
              .onSuccess(r -> {
                if (sentAt >= measuring.get()) {
                  long us = (System.nanoTime() - sentAt) / 1000;
                  worst.accumulateAndGet(us, Math::max);
                  accept.recordValue(Math.min(us, accept.getHighestTrackableValue()));
                  accepted.incrementAndGet();
                }
              }).onFailure(e -> errors.incrementAndGet());
        }
      }
    });
    Thread.sleep(TimeUnit.SECONDS.toMillis(opt("warmup")));
    measuring.set(System.nanoTime());
    long[] second = {0};
    long tracer = opt("trace") == 1 ? vertx.setPeriodic(1000, t -> { // when the slow answers came, to match logs
      System.out.printf("  %s  +%2ds  slowest accept %.1f ms%n", java.time.LocalTime.now().withNano(0), ++second[0],
          worst.getAndSet(0) / 1000.0);
    }) : -1;
    long start = System.nanoTime();
    long cpuBefore = serverCpuMs();
    long toolCpuBefore = ToolArgs.cpuMs(Long.toString(ProcessHandle.current().pid()));
    Thread.sleep(TimeUnit.SECONDS.toMillis(opt("duration")));
    vertx.cancelTimer(sender);
    vertx.cancelTimer(tracer);
    double secs = (System.nanoTime() - start) / 1e9;
    long cpu = serverCpuMs() - cpuBefore;
    long toolCpu = ToolArgs.cpuMs(Long.toString(ProcessHandle.current().pid())) - toolCpuBefore;
    Thread.sleep(3000); // the last answers and deliveries
    vertx.cancelTimer(pinger);
    System.out.printf("%nresult (%s, %d cores, Java %s)%n", o, Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"));
    System.out.printf("  accepted deltas: %d = %.0f/s (asked %d/s), errors %d%n", accepted.get(),
        accepted.get() / secs, streams * opt("rate"), errors.get());
    System.out.printf("  delta accept ms: p50 %.2f  p99 %.2f  p999 %.2f  max %.2f%n",
        accept.getValueAtPercentile(50) / 1000.0, accept.getValueAtPercentile(99) / 1000.0,
        accept.getValueAtPercentile(99.9) / 1000.0, accept.getMaxValue() / 1000.0);
    if (cpuBefore >= 0) {
      System.out.printf("  server CPU: %.1f s over %.0f s = %.1f%% of a core, %.1f us per accepted delta%n",
          cpu / 1000.0, secs, cpu / 10.0 / secs, accepted.get() == 0 ? 0.0 : cpu * 1000.0 / accepted.get());
    }
    // the tool shares the machine: when it needs most of a core itself, its own queueing is in the latencies
    System.out.printf("  load tool CPU: %.1f%% of a core%n", toolCpu / 10.0 / secs);
    System.out.printf("  deliveries: %d (expected about %d)%n", delivered.get(), accepted.get() * online);
    System.out.printf("  delivery ms: p50 %.2f  p99 %.2f  p999 %.2f  max %.2f%n",
        delivery.getValueAtPercentile(50) / 1000.0, delivery.getValueAtPercentile(99) / 1000.0,
        delivery.getValueAtPercentile(99.9) / 1000.0, delivery.getMaxValue() / 1000.0);
    clients.forEach(WkAsyncClient::close);
  }

  private long serverCpuMs() {
    return ToolArgs.cpuMs(o.get("server-pid"));
  }
}
