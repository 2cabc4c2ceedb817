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
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * Load-tool scenarios with SDK-like clients. {@code fanout}: one group of {@code members} subscribers with
 * {@code online} of them connected over TCP; a business server sends {@code rate} messages/s with
 * {@code POST /message/send}; every client decrypts and RECVACKs. Reports deliveries/s, end-to-end latency
 * (HTTP accept → client decrypt), lost and duplicate deliveries. {@code connections}: {@code online} idle
 * clients, bound to several 127.0.0.x source addresses, held for {@code duration} seconds, then the server's
 * /varz. {@code --tcp-port} may be a comma-separated list (a cluster): clients are spread over those nodes. Targets only the URLs it is given and stops by itself.
 */
public final class FanoutLoad {
  private final Map<String, String> o;
  private final Vertx vertx;
  private HttpClient http;
  /** Its own connection for /varz, so a backlog of sends in {@link #http}'s pool does not hold it up. */
  private HttpClient ops;
  /** Fields, not locals: Vert.x closes a client and all its connections once the client is garbage-collected. */
  private final List<NetClient> nets = new ArrayList<>();
  private String host;
  private int httpPort;

  private FanoutLoad(Map<String, String> o) {
    this.o = o;
    this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(Integer.parseInt(o.get("loops")))
        .setPreferNativeTransport(true));
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 0 || !(args[0].equals("fanout") || args[0].equals("connections"))) {
      System.err.println("usage: FanoutLoad fanout|connections [--url http://127.0.0.1:5001] [--tcp-port 5100]"
          + " [--members 10000] [--online 5000] [--rate 30] [--duration 30] [--warmup 5] [--payload 256]"
          + " [--loops 1] [--sources 1]");
      System.exit(2);
    }
    Map<String, String> o = new LinkedHashMap<>(Map.of("url", "http://127.0.0.1:5001", "tcp-port", "5100",
        "members", "10000", "online", "5000", "rate", "30", "duration", "30", "warmup", "5", "payload", "256",
        "loops", "1", "sources", "1"));
    o = ToolArgs.parse(args, 1, o, "");
    FanoutLoad tool = new FanoutLoad(o);
    try {
      tool.run(args[0]);
    } finally {
      tool.vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  /** Numeric option; {@code --tcp-port} may list several ports (clients are spread over the nodes). */
  private int opt(String k) {
    return Integer.parseInt(o.get(k));
  }

  private Future<JsonObject> post(String path, Object body) {
    Buffer b = body instanceof JsonObject j ? j.toBuffer() : ((JsonArray) body).toBuffer();
    return http.request(new RequestOptions().setMethod(HttpMethod.POST).setHost(host).setPort(httpPort).setURI(path)
            .putHeader("content-type", "application/json"))
        .compose(req -> req.send(b).compose(resp -> resp.body().compose(r -> resp.statusCode() == 200
            ? Future.succeededFuture(r.toString().startsWith("{") ? r.toJsonObject() : new JsonObject())
            : Future.failedFuture("HTTP " + resp.statusCode() + " " + r))));
  }

  private void run(String scenario) throws Exception {
    URI uri = URI.create(o.get("url"));
    host = uri.getHost();
    httpPort = uri.getPort();
    http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(16).setMaxWaitQueueSize(-1));
    ops = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(1));
    String run = Long.toString(System.currentTimeMillis(), 36);
    int members = opt("members");
    int online = opt("online");
    String group = "fan" + run;
    System.out.printf("setup: group %s, %d members, %d online (%s)%n", group, members, online, scenario);
    for (int from = 0; from < members; from += 1000) {
      JsonArray subs = new JsonArray();
      for (int i = from; i < Math.min(members, from + 1000); i++) {
        subs.add(group + "-u" + i);
      }
      post("/channel/subscriber_add", new JsonObject().put("channel_id", group).put("channel_type", 2)
          .put("subscribers", subs)).await(60, TimeUnit.SECONDS);
    }
    for (int from = 0; from < online; from += 500) {
      List<Future<JsonObject>> tokens = new ArrayList<>();
      for (int i = from; i < Math.min(online, from + 500); i++) {
        tokens.add(post("/user/token", new JsonObject().put("uid", group + "-u" + i).put("token", "t" + i)
            .put("device_flag", 1)));
      }
      Future.all(tokens).await(60, TimeUnit.SECONDS);
    }
    ConcurrentHistogram e2e = new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(60), 3);
    AtomicLong received = new AtomicLong();
    AtomicLong arrived = new AtomicLong(); // every timestamped delivery, whenever its message was sent
    AtomicLong duplicates = new AtomicLong();
    AtomicLong measuring = new AtomicLong(Long.MAX_VALUE);
    java.util.BitSet[] seen = new java.util.BitSet[online];
    List<WkAsyncClient> clients = new ArrayList<>(online);
    int sources = opt("sources");
    for (int s = 0; s < sources; s++) {
      nets.add(vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true).setConnectTimeout(30_000)
          .setLocalAddress(sources > 1 ? "127.0.0." + (s + 1) : null)));
    }
    long t0 = System.nanoTime();
    for (int from = 0; from < online; from += 500) {
      List<Future<Void>> connects = new ArrayList<>();
      for (int i = from; i < Math.min(online, from + 500); i++) {
        int idx = i;
        seen[idx] = new java.util.BitSet();
        String uid = group + "-u" + i;
        WkAsyncClient c = WkAsyncClient.sdkLike(r -> {
          long now = System.nanoTime();
          String text = new String(r.payload(), 0, Math.min(32, r.payload().length), StandardCharsets.ISO_8859_1);
          int semi = text.indexOf(';');
          if (semi > 2 && text.startsWith("t=")) {
            long sentAt = Long.parseLong(text.substring(2, semi));
            arrived.incrementAndGet();
            if (sentAt >= measuring.get()) {
              e2e.recordValue(Math.min((now - sentAt) / 1000, e2e.getHighestTrackableValue()));
              received.incrementAndGet();
            }
          }
          synchronized (seen[idx]) {
            if (seen[idx].get((int) r.messageSeq())) {
              duplicates.incrementAndGet();
            } else {
              seen[idx].set((int) r.messageSeq());
            }
          }
        });
        clients.add(c);
        String[] ports = o.get("tcp-port").split(",");
        connects.add(c.connect(nets.get(i % sources), "127.0.0.1", Integer.parseInt(ports[i % ports.length].trim()),
            uid, "t" + i));
      }
      Future.all(connects).await(120, TimeUnit.SECONDS);
    }
    System.out.printf("connected %d clients in %.1f s%n", online, (System.nanoTime() - t0) / 1e9);
    long pinger = vertx.setPeriodic(30_000, t -> clients.forEach(WkAsyncClient::ping));
    if (scenario.equals("connections")) {
      Thread.sleep(TimeUnit.SECONDS.toMillis(opt("duration")));
      JsonObject varz = vertxGet("/varz");
      System.out.printf("%nresult: %d idle connections held for %d s; server varz: connections=%d heap_used=%d rss=%d%n",
          online, opt("duration"), varz.getLong("connections"), varz.getLong("heap_used"), varz.getLong("mem"));
      vertx.cancelTimer(pinger);
      clients.forEach(WkAsyncClient::close);
      return;
    }
    byte[] pad = new byte[Math.max(0, opt("payload") - 24)];
    Arrays.fill(pad, (byte) 'x');
    String padding = new String(pad, StandardCharsets.ISO_8859_1);
    AtomicLong sent = new AtomicLong();
    AtomicLong sendErrors = new AtomicLong();
    int rate = opt("rate");
    long periodMs = Math.max(1, 1000 / rate);
    int perTick = (int) Math.max(1, Math.round(rate * periodMs / 1000.0));
    long sender = vertx.setPeriodic(periodMs, t -> {
      for (int k = 0; k < perTick; k++) {
        String text = "t=" + System.nanoTime() + ";" + padding;
        post("/message/send", new JsonObject().put("from_uid", "____system").put("channel_id", group)
            .put("channel_type", 2).put("payload", java.util.Base64.getEncoder().encodeToString(
                text.getBytes(StandardCharsets.ISO_8859_1))))
            .onSuccess(r -> sent.incrementAndGet()).onFailure(e -> sendErrors.incrementAndGet());
      }
    });
    Thread.sleep(TimeUnit.SECONDS.toMillis(opt("warmup")));
    long sentBefore = sent.get();
    measuring.set(System.nanoTime());
    long start = System.nanoTime();
    long arrivedBefore = arrived.get();
    long cpuBefore = vertxGet("/varz").getLong("cpu_time_ms", 0L);
    long lastReceived = 0;
    for (int s = 0; s < opt("duration"); s += 5) {
      Thread.sleep(5000);
      long r = received.get();
      System.out.printf("  %.0f deliveries/s, e2e p99 so far %.1f ms%n", (r - lastReceived) / 5.0,
          e2e.getValueAtPercentile(99) / 1000.0);
      lastReceived = r;
    }
    vertx.cancelTimer(sender);
    long sentInWindow = sent.get() - sentBefore;
    long arrivedInWindow = arrived.get() - arrivedBefore;
    double secs = (System.nanoTime() - start) / 1e9;
    long serverCpuMs = vertxGet("/varz").getLong("cpu_time_ms", 0L) - cpuBefore;
    Thread.sleep(3000); // let the last deliveries arrive
    vertx.cancelTimer(pinger);
    long decryptErrors = clients.stream().mapToLong(WkAsyncClient::decryptErrors).sum();
    System.out.printf("%nresult (%s, %d cores, Java %s)%n", o, Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"));
    System.out.printf("  messages sent in window: %d (%.1f/s), send errors %d%n", sentInWindow, sentInWindow / secs,
        sendErrors.get());
    System.out.printf("  throughput: %d deliveries arrived during the window = %.0f/s%n", arrivedInWindow,
        arrivedInWindow / secs);
    System.out.printf("  server cpu over the window: %.2f cores = %.2f us per delivery that arrived%n",
        serverCpuMs / (secs * 1000), serverCpuMs * 1000.0 / Math.max(1, arrivedInWindow));
    System.out.printf("  deliveries of the window's messages: %d (expected %d), duplicates %d, decrypt errors %d%n",
        received.get(), sentInWindow * online, duplicates.get(), decryptErrors);
    System.out.printf("  end-to-end ms: min %.2f  p10 %.2f%n", e2e.getMinValue() / 1000.0,
        e2e.getValueAtPercentile(10) / 1000.0);
    System.out.printf("  end-to-end ms: p50 %.2f  p99 %.2f  p999 %.2f  max %.2f%n", e2e.getValueAtPercentile(50) / 1000.0,
        e2e.getValueAtPercentile(99) / 1000.0, e2e.getValueAtPercentile(99.9) / 1000.0, e2e.getMaxValue() / 1000.0);
    clients.forEach(WkAsyncClient::close);
  }

  private JsonObject vertxGet(String path) throws Exception {
    return ops.request(new RequestOptions().setMethod(HttpMethod.GET).setHost(host).setPort(httpPort).setURI(path))
        .compose(req -> req.send().compose(resp -> resp.body())).map(Buffer::toJsonObject).await(30, TimeUnit.SECONDS);
  }
}
