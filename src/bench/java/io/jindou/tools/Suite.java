package io.jindou.tools;

import io.jindou.proto.RecvPacket;
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
import java.util.Base64;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * The load and reliability suite (WuKongIM's published stress shapes, scaled to the machine): SDK-like TCP
 * clients (handshake, msgKey check, decryption, a RECVACK per RECV) and business-side sends through
 * {@code POST /message/send}. Scenarios: {@code send} (groups × members, 1 online each), {@code receive} (one
 * big group), {@code mixed} (person pairs + groups + a big group), {@code reliability} (mixed for a fixed
 * number of messages with forced reconnects, then every online recipient must hold every message exactly
 * once, in order, online or through sync), {@code soak} (mixed at a fixed rate for minutes, sampling heap and
 * latency). {@code --probe-rate} adds a {@link ProbeSender} that measures sends to an empty channel while the
 * scenario runs. Prints progress every 5 s and a final table. Targets only the given URL; stops by itself.
 */
public final class Suite {
  private final Map<String, String> o;
  private final Vertx vertx;
  private final HttpClient http;
  /**
   * Held in a field on purpose: Vert.x closes a client (and every connection it made) once the client object
   * is garbage-collected, so a client kept only in a local variable loses its sockets at some later GC.
   */
  private final NetClient net;
  private final String host;
  private final int httpPort;
  private final String run = Long.toString(System.currentTimeMillis(), 36);
  private final ConcurrentHistogram sendLatency = new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(60), 3);
  private final ConcurrentHistogram e2e = new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(60), 3);
  /** Reset at every progress line, so each line shows that interval's latency (drift is visible). */
  private final ConcurrentHistogram e2eInterval = new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(60), 3);
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong sendErrors = new AtomicLong();
  private int inflight;
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong outOfOrder = new AtomicLong();
  /** Channels (as the client sees them) with their online members and the acknowledged seqs. */
  private final List<SuiteChannel> channels = new ArrayList<>();
  private final Map<String, Member> members = new ConcurrentHashMap<>();
  private volatile long measureFrom = Long.MAX_VALUE;

  /** One online client and what it received per channel. */
  final class Member {
    final String uid;
    final WkAsyncClient client;
    final Map<String, BitSet> seen = new ConcurrentHashMap<>();
    final Map<String, Long> last = new ConcurrentHashMap<>();

    Member(String uid) {
      this.uid = uid;
      this.client = WkAsyncClient.sdkLike(this::onRecv);
    }

    void onRecv(RecvPacket r) {
      long now = System.nanoTime();
      String key = r.channelId() + "/" + r.channelType();
      BitSet s = seen.computeIfAbsent(key, k -> new BitSet());
      synchronized (s) {
        if (s.get((int) r.messageSeq())) {
          duplicates.incrementAndGet();
          return;
        }
        s.set((int) r.messageSeq());
        long prev = last.getOrDefault(key, 0L);
        if (r.messageSeq() < prev) {
          if (outOfOrder.incrementAndGet() <= 5) {
            System.out.printf("  out of order at %s: seq %d after %d%n", uid, r.messageSeq(), prev);
          }
        }
        last.put(key, Math.max(prev, r.messageSeq()));
      }
      String text = new String(r.payload(), 0, Math.min(32, r.payload().length), StandardCharsets.ISO_8859_1);
      int semi = text.indexOf(';');
      if (semi > 2 && text.startsWith("t=")) {
        long at = Long.parseLong(text.substring(2, semi));
        if (at >= measureFrom) {
          delivered.incrementAndGet();
          e2e.recordValue(Math.min((now - at) / 1000, e2e.getHighestTrackableValue()));
          e2eInterval.recordValue(Math.min((now - at) / 1000, e2e.getHighestTrackableValue()));
        }
      }
    }
  }

  private Suite(Map<String, String> o) {
    this.o = o;
    this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setPreferNativeTransport(true));
    URI uri = URI.create(o.get("url"));
    this.host = uri.getHost();
    this.httpPort = uri.getPort();
    this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(Integer.parseInt(o.get("connections"))).setMaxWaitQueueSize(-1));
    this.net = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true).setConnectTimeout(30_000));
  }

  public static void main(String[] args) throws Exception {
    List<String> scenarios = List.of("send", "receive", "mixed", "reliability", "soak");
    if (args.length == 0 || !scenarios.contains(args[0])) {
      System.err.println("usage: Suite send|receive|mixed|reliability|soak [--url http://127.0.0.1:5001] "
          + "[--tcp-port 5100] [--scale 1.0] [--rate 1000] [--duration 30] [--warmup 5] [--messages 20000] "
          + "[--minutes 30] [--connections 32] [--inflight 64] [--big-every 1000] [--probe-rate 0]");
      System.exit(2);
    }
    Map<String, String> o = new LinkedHashMap<>(Map.of("url", "http://127.0.0.1:5001", "tcp-port", "5100",
        "scale", "1.0", "rate", "1000", "duration", "30", "warmup", "5", "messages", "20000", "minutes", "30",
        "connections", "32"));
    o.put("inflight", "64");
    o.put("big-every", "1000");
    o.put("probe-rate", "0"); // sends/s of a separate probe sender to an empty channel (ProbeSender)
    o = ToolArgs.parse(args, 1, o, "");
    Suite s = new Suite(o);
    try {
      s.run(args[0]);
    } finally {
      s.vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  private double num(String k) {
    return Double.parseDouble(o.get(k));
  }

  /**
   * POSTs a JSON body; the answer's body is read inside send()'s callback, which runs as the response head arrives
   * (a compose chained after it runs later from the main thread's context, and may miss the body: no answer).
   */
  Future<JsonObject> post(String path, JsonObject body) {
    Buffer b = body.toBuffer();
    return http.request(new RequestOptions().setMethod(HttpMethod.POST).setHost(host).setPort(httpPort).setURI(path)
            .putHeader("content-type", "application/json"))
        .compose(req -> req.send(b).compose(resp -> resp.body().compose(r -> resp.statusCode() == 200
            ? Future.succeededFuture(r.toString().startsWith("{") ? r.toJsonObject()
                : new JsonObject().put("array", new JsonArray(r)))
            : Future.failedFuture("HTTP " + resp.statusCode() + " " + r))));
  }

  /** Builds the population of a scenario: groups, the big group and person pairs, scaled. */
  private void populate(String scenario) throws Exception {
    double scale = num("scale");
    boolean mixed = !scenario.equals("send") && !scenario.equals("receive");
    int groups = scenario.equals("receive") ? 0 : (int) Math.max(1, 100 * scale);
    int bigMembers = scenario.equals("send") ? 0 : (int) Math.max(10, 10_000 * scale);
    int pairs = mixed ? (int) Math.max(1, 1000 * scale) : 0;
    for (int g = 0; g < groups; g++) {
      String id = "s" + run + "g" + g;
      JsonArray subs = new JsonArray();
      for (int m = 0; m < 100; m++) {
        subs.add(id + "u" + m);
      }
      post("/channel", new JsonObject().put("channel_id", id).put("channel_type", 2).put("subscribers", subs))
          .await(60, TimeUnit.SECONDS);
      SuiteChannel c = new SuiteChannel(id, 2, id + "u1");
      c.online.add(member(id + "u0"));
      channels.add(c);
    }
    if (bigMembers > 0) {
      String id = "s" + run + "big";
      SuiteChannel c = new SuiteChannel(id, 2, "____system");
      for (int from = 0; from < bigMembers; from += 1000) {
        JsonArray subs = new JsonArray();
        for (int i = from; i < Math.min(bigMembers, from + 1000); i++) {
          subs.add(id + "u" + i);
          if (i % 2 == 0) {
            c.online.add(member(id + "u" + i));
          }
        }
        post("/channel/subscriber_add", new JsonObject().put("channel_id", id).put("channel_type", 2)
            .put("subscribers", subs)).await(60, TimeUnit.SECONDS);
      }
      channels.add(c);
    }
    for (int p = 0; p < pairs; p++) {
      String a = "s" + run + "pa" + p;
      String b = "s" + run + "pb" + p;
      SuiteChannel c = new SuiteChannel(b, 1, a);
      c.online.add(member(b));
      channels.add(c);
    }
    connectAll();
  }

  private Member member(String uid) {
    return members.computeIfAbsent(uid, Member::new);
  }

  private void connectAll() throws Exception {
    List<Member> all = new ArrayList<>(members.values());
    long t0 = System.nanoTime();
    for (int from = 0; from < all.size(); from += 500) {
      List<Future<?>> batch = new ArrayList<>();
      for (Member m : all.subList(from, Math.min(all.size(), from + 500))) {
        batch.add(post("/user/token", new JsonObject().put("uid", m.uid).put("token", "t").put("device_flag", 1))
            .compose(v -> m.client.connect(net, host, Integer.parseInt(o.get("tcp-port")), m.uid, "t")));
      }
      Future.all(batch).await(120, TimeUnit.SECONDS);
    }
    System.out.printf("population: %d channels, %d online clients (connected in %.1f s)%n", channels.size(),
        all.size(), (System.nanoTime() - t0) / 1e9);
    vertx.setPeriodic(30_000, t -> all.forEach(m -> m.client.ping()));
  }

  /**
   * Sends at up to {@code rate}/s round-robin over the channels (the big group once every {@code --big-every}
   * sends), never more
   * than {@code --inflight} at once: credit accrues every 10 ms and is spent as soon as a slot frees, so a
   * server slower than the rate shows up as a lower achieved rate, not as an unbounded queue.
   */
  private long startSending(double rate, AtomicLong budget) {
    long periodMs = 10;
    double perTick = rate * periodMs / 1000.0;
    double[] credit = {0};
    byte[] pad = new byte[232];
    java.util.Arrays.fill(pad, (byte) 'x');
    String padding = new String(pad, StandardCharsets.ISO_8859_1);
    Runnable[] pump = new Runnable[1];
    pump[0] = () -> {
      int cap = (int) num("inflight");
      while (credit[0] >= 1 && inflight < cap) {
        if (budget != null && budget.decrementAndGet() < 0) {
          credit[0] = 0;
          return;
        }
        credit[0] -= 1;
        inflight++;
        sendOne(padding).onComplete(ar -> {
          inflight--;
          pump[0].run();
        });
      }
    };
    return vertx.setPeriodic(periodMs, t -> {
      credit[0] = Math.min(credit[0] + perTick, Math.max(perTick * 10, 1)); // at most 100 ms of unused credit
      pump[0].run();
    });
  }

  private int nextChannel;

  private long sendCount;

  /** The next channel: the big group once every {@code --big-every} sends, the others round-robin. */
  private SuiteChannel nextChannel() {
    SuiteChannel big = null;
    for (SuiteChannel c : channels) {
      if (c.online.size() > 1) {
        big = c;
      }
    }
    if (big != null && (channels.size() == 1 || ++sendCount % (long) num("big-every") == 0)) {
      return big;
    }
    SuiteChannel c;
    do {
      c = channels.get(nextChannel++ % channels.size());
    } while (c == big);
    return c;
  }

  private Future<JsonObject> sendOne(String padding) {
    SuiteChannel ch = nextChannel();
    long at = System.nanoTime();
    String text = "t=" + at + ";" + padding;
    return post("/message/send", new JsonObject().put("from_uid", ch.sender).put("channel_id", ch.id)
        .put("channel_type", ch.type).put("payload", Base64.getEncoder().encodeToString(
            text.getBytes(StandardCharsets.ISO_8859_1))))
        .onSuccess(r -> {
          sent.incrementAndGet();
          synchronized (ch.acked) {
            ch.acked.set(r.getLong("message_seq").intValue());
          }
          if (at >= measureFrom) {
            sendLatency.recordValue(Math.min((System.nanoTime() - at) / 1000, sendLatency.getHighestTrackableValue()));
          }
        })
        .onFailure(e -> sendErrors.incrementAndGet());
  }

  private void run(String scenario) throws Exception {
    populate(scenario);
    double rate = num("rate");
    if (scenario.equals("reliability")) {
      reliability(rate);
      return;
    }
    ProbeSender.Child probe = num("probe-rate") > 0 ? ProbeSender.spawn(host, httpPort, run, num("probe-rate")) : null;
    long sender = startSending(rate, null);
    Thread.sleep((long) (num("warmup") * 1000));
    measureFrom = System.nanoTime();
    if (probe != null) {
      probe.measure();
    }
    long start = System.nanoTime();
    long sentAtStart = sent.get();
    long cpuAtStart = get("/varz").getLong("cpu_time_ms", 0L);
    long lastCpu = cpuAtStart;
    int seconds = scenario.equals("soak") ? (int) (num("minutes") * 60) : (int) num("duration");
    int every = scenario.equals("soak") ? 60 : 5;
    long lastDelivered = 0;
    for (int s = every; s <= seconds; s += every) {
      Thread.sleep(every * 1000L);
      long d = delivered.get();
      JsonObject varz = get("/varz");
      long cpu = varz.getLong("cpu_time_ms", 0L);
      System.out.printf("  t=%4ds  sends %.0f/s  deliveries %.0f/s  e2e p50 %.1f p99 %.1f ms (this interval)  "
          + "heap %d MiB  rss %d MiB  server cpu %.2f cores%n", s,
          (sent.get() - sentAtStart) / ((System.nanoTime() - start) / 1e9),
          (d - lastDelivered) / (double) every, e2eInterval.getValueAtPercentile(50) / 1000.0,
          e2eInterval.getValueAtPercentile(99) / 1000.0, varz.getLong("heap_used", 0L) >> 20,
          varz.getLong("mem", 0L) >> 20, (cpu - lastCpu) / (every * 1000.0));
      e2eInterval.reset();
      lastDelivered = d;
      lastCpu = cpu;
    }
    vertx.cancelTimer(sender);
    double secs = (System.nanoTime() - start) / 1e9;
    double serverCores = (get("/varz").getLong("cpu_time_ms", 0L) - cpuAtStart) / (secs * 1000);
    String probeReport = probe == null ? null : probe.stop();
    Thread.sleep(2000);
    report(scenario, secs, sent.get() - sentAtStart, serverCores);
    if (probeReport != null) {
      System.out.println("  " + probeReport);
    }
  }

  private void reliability(double rate) throws Exception {
    long total = (long) num("messages");
    AtomicLong budget = new AtomicLong(total);
    measureFrom = System.nanoTime();
    long start = System.nanoTime();
    long cpuAtStart = get("/varz").getLong("cpu_time_ms", 0L);
    long sender = startSending(rate, budget);
    List<Member> all = new ArrayList<>(members.values());
    // force-disconnect a tenth of the clients mid-run; they reconnect and catch up by sync
    Thread.sleep(2000);
    List<Member> dropped = all.subList(0, Math.max(1, all.size() / 10));
    dropped.forEach(m -> m.client.close());
    System.out.printf("  dropped %d clients mid-run%n", dropped.size());
    while (sent.get() + sendErrors.get() < total && System.nanoTime() - start < TimeUnit.MINUTES.toNanos(30)) {
      Thread.sleep(500);
    }
    vertx.cancelTimer(sender);
    double secs = (System.nanoTime() - start) / 1e9;
    double serverCores = (get("/varz").getLong("cpu_time_ms", 0L) - cpuAtStart) / (secs * 1000);
    List<Future<Void>> again = new ArrayList<>();
    for (Member m : dropped) {
      again.add(m.client.connect(net, host, Integer.parseInt(o.get("tcp-port")), m.uid, "t"));
    }
    Future.all(again).await(60, TimeUnit.SECONDS);
    // the RECVs still on their way (a backlog on a loaded host) before the sync check, which shares the event loop
    long last = -1;
    for (long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120); delivered.get() != last
        && System.nanoTime() < until; ) {
      last = delivered.get();
      Thread.sleep(3000);
    }
    long[] counts = ReliabilityCheck.verify(channels, this::post);
    long viaSync = counts[0];
    long lost = counts[1];
    System.out.printf("  caught up by sync: %d deliveries%n", viaSync);
    report("reliability", secs, sent.get(), serverCores);
    System.out.printf("  lost %d, out-of-order %d, duplicates %d%n", lost, outOfOrder.get(), duplicates.get());
  }

  private JsonObject get(String path) {
    try {
      return http.request(new RequestOptions().setMethod(HttpMethod.GET).setHost(host).setPort(httpPort).setURI(path))
          .compose(req -> req.send().compose(resp -> resp.body())).map(Buffer::toJsonObject)
          .await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      return new JsonObject();
    }
  }

  /** The final table; {@code serverCores} is the server's CPU (cores in use on average) over the window. */
  private void report(String scenario, double secs, long sends, double serverCores) {
    JsonObject varz = get("/varz");
    System.out.printf("%nresult: %s (%s, %d cores, Java %s)%n", scenario, o, Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"));
    System.out.printf("  sends: %d = %.0f/s (errors %d; at most %s in flight)   deliveries: %d = %.0f/s%n", sends,
        sends / secs, sendErrors.get(), o.get("inflight"), delivered.get(), delivered.get() / secs);
    System.out.printf("  send latency ms  p50 %.2f  p99 %.2f  p999 %.2f%n", sendLatency.getValueAtPercentile(50) / 1e3,
        sendLatency.getValueAtPercentile(99) / 1e3, sendLatency.getValueAtPercentile(99.9) / 1e3);
    System.out.printf("  end-to-end ms    p50 %.2f  p99 %.2f  p999 %.2f%n", e2e.getValueAtPercentile(50) / 1e3,
        e2e.getValueAtPercentile(99) / 1e3, e2e.getValueAtPercentile(99.9) / 1e3);
    System.out.printf("  duplicates %d, out-of-order %d; server heap %d MiB, server cpu %.2f cores (of %d) over the"
        + " window%n", duplicates.get(), outOfOrder.get(), varz.getLong("heap_used", 0L) >> 20, serverCores,
        Runtime.getRuntime().availableProcessors());
  }
}
