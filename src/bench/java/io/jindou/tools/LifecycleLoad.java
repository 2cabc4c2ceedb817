package io.jindou.tools;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * Load-tool scenarios for the message lifecycle (issue 20's benchmark), over the HTTP API of one node:
 * {@code mutations} (mixed edit / reaction / recall on pre-sent messages, {@code concurrency} in flight over
 * {@code channels} groups), {@code extrasync} (a group of {@code messages} messages of which {@code changed} carry a
 * reaction, then {@code /message/extra/sync} paged from version 0, {@code rounds} times), {@code receipts} (a group
 * of {@code members} members; the sender sends a receipt-flagged message every second while readers report reads at
 * {@code rate}/s) and {@code retention} (a backlog of {@code messages} messages over {@code channels} groups, then
 * sends at {@code rate}/s measured for {@code duration} s without retention and again while {@code
 * /channel/retention} keeps 10 messages per backlog channel). With {@code --server-pid}, it reports the server's CPU
 * time (utime + stime from /proc) per operation over each measured window. Targets only the URL it is given.
 */
public final class LifecycleLoad {
  private final Map<String, String> o;
  private final Vertx vertx = Vertx.vertx();
  private HttpClient http;
  private String host;
  private int port;
  private final String run = Long.toString(System.currentTimeMillis(), 36);
  /** The groups the retention scenario's measured sends go to. */
  private static final int LIVE = 8;

  private LifecycleLoad(Map<String, String> o) {
    this.o = o;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> o = new LinkedHashMap<>(Map.of("url", "http://127.0.0.1:5001", "scenario", "mutations",
        "concurrency", "64", "channels", "16", "messages", "20000", "changed", "10000", "members", "100000",
        "rate", "1000", "duration", "20", "rounds", "3"));
    o.put("server-pid", "0");
    o = ToolArgs.parse(args, 0, o, "usage: LifecycleLoad --scenario mutations|extrasync|receipts|retention [--url U]"
            + " [--server-pid P] [--concurrency 64] [--channels 16] [--messages 20000] [--changed 10000]"
            + " [--members 100000] [--rate 1000] [--duration 20] [--rounds 3]");
    LifecycleLoad tool = new LifecycleLoad(o);
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
    return http.request(new RequestOptions().setMethod(HttpMethod.POST).setHost(host).setPort(port).setURI(path)
            .putHeader("content-type", "application/json"))
        .compose(req -> req.send(body.toBuffer()).compose(resp -> resp.body().compose(r -> resp.statusCode() == 200
            ? Future.succeededFuture(r.length() == 0 ? new JsonObject() : r.toJsonObject())
            : Future.failedFuture("HTTP " + resp.statusCode() + " " + path + " " + r))));
  }

  /** The server's CPU time so far (utime + stime, in ms), or -1 without a pid. */
  private long serverCpuMs() {
    return ToolArgs.cpuMs(o.get("server-pid"));
  }

  /** Runs {@code op(0..total-1)} with {@code concurrency} in flight; records each latency; fails on the first error. */
  private long pump(long total, int concurrency, LongFunction<Future<?>> op, ConcurrentHistogram h) throws Exception {
    return pump(total, Long.MAX_VALUE, concurrency, op, h);
  }

  /** {@link #pump(long, int, LongFunction, ConcurrentHistogram)} that starts nothing after {@code deadlineNanos}. */
  private long pump(long total, long deadlineNanos, int concurrency, LongFunction<Future<?>> op,
      ConcurrentHistogram h) throws Exception {
    AtomicLong next = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    List<Future<Void>> workers = new ArrayList<>();
    for (int w = 0; w < concurrency; w++) {
      Promise<Void> done = Promise.promise();
      workers.add(done.future());
      vertx.runOnContext(v -> step(next, total, deadlineNanos, op, h, done, errors));
    }
    Future.all(workers).await(3600, TimeUnit.SECONDS);
    return errors.get();
  }

  private void step(AtomicLong next, long total, long deadlineNanos, LongFunction<Future<?>> op,
      ConcurrentHistogram h, Promise<Void> done, AtomicLong errors) {
    long i = next.getAndIncrement();
    if (i >= total || System.nanoTime() > deadlineNanos) {
      done.tryComplete();
      return;
    }
    long t = System.nanoTime();
    op.apply(i).onComplete(ar -> {
      if (ar.failed() && errors.incrementAndGet() <= 5) {
        System.err.println("error: " + ar.cause().getMessage());
      }
      if (h != null) {
        h.recordValue(Math.min((System.nanoTime() - t) / 1000, h.getHighestTrackableValue()));
      }
      step(next, total, deadlineNanos, op, h, done, errors);
    });
  }

  private Future<JsonObject> send(String group, String from, int setting) {
    return post("/message/send", new JsonObject().put("from_uid", from).put("channel_id", group).put("channel_type", 2)
        .put("setting", setting).put("payload", "eyJ0eXBlIjoxLCJjb250ZW50IjoiaGVsbG8ifQ=="));
  }

  private void group(String id, int members) throws Exception {
    post("/channel", new JsonObject().put("channel_id", id).put("channel_type", 2)
        .put("subscribers", new JsonArray().add("s").add("r"))).await(60, TimeUnit.SECONDS);
    for (int from = 0; from < members; from += 5000) {
      JsonArray chunk = new JsonArray();
      for (int i = from; i < Math.min(members, from + 5000); i++) {
        chunk.add("m" + i);
      }
      post("/channel/subscriber_add", new JsonObject().put("channel_id", id).put("channel_type", 2)
          .put("subscribers", chunk)).await(60, TimeUnit.SECONDS);
    }
  }

  private static ConcurrentHistogram histogram() {
    return new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(120), 3);
  }

  private static String ms(ConcurrentHistogram h) {
    return String.format("p50 %.2f  p99 %.2f  max %.2f ms", h.getValueAtPercentile(50) / 1000.0,
        h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0);
  }

  /** Prints one measured window: operations/s, latency and the server's CPU per operation. */
  private void report(String what, long ops, long errors, double secs, long cpuMs, ConcurrentHistogram h) {
    System.out.printf("  %s: %d in %.1f s = %.0f/s, errors %d; latency %s; server CPU %s%n", what, ops, secs,
        ops / secs, errors, h == null ? "-" : ms(h), cpuMs < 0 ? "n/a"
            : String.format("%.1f s = %.1f %% of one core, %.3f ms per op", cpuMs / 1000.0, cpuMs / 10.0 / secs,
                (double) cpuMs / Math.max(1, ops)));
  }

  private void run() throws Exception {
    URI uri = URI.create(o.get("url"));
    host = uri.getHost();
    port = uri.getPort();
    http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(Math.max(8, opt("concurrency"))).setMaxWaitQueueSize(-1));
    System.out.printf("scenario %s (%s, %d cores)%n", o.get("scenario"), o, Runtime.getRuntime().availableProcessors());
    switch (o.get("scenario")) {
      case "mutations" -> mutations();
      case "extrasync" -> extraSync();
      case "receipts" -> receipts();
      case "retention" -> retention();
      default -> throw new IllegalArgumentException("unknown scenario " + o.get("scenario"));
    }
  }

  private void mutations() throws Exception {
    int channels = opt("channels");
    int total = opt("messages");
    for (int c = 0; c < channels; c++) {
      group("mu" + run + "-" + c, 0);
    }
    pump(total, opt("concurrency"), i -> send("mu" + run + "-" + (i % channels), "s", 0), null);
    System.out.printf("setup: %d messages over %d groups%n", total, channels);
    ConcurrentHistogram h = histogram();
    long cpu0 = serverCpuMs();
    long t0 = System.nanoTime();
    long errors = pump(total, opt("concurrency"), i -> {
      JsonObject body = new JsonObject().put("channel_id", "mu" + run + "-" + (i % channels)).put("channel_type", 2)
          .put("message_seq", i / channels + 1);
      return switch ((int) (i % 3)) {
        case 0 -> post("/message/edit", body.put("from_uid", "s").put("payload", "eyJ0eXBlIjoxfQ=="));
        case 1 -> post("/message/reaction", body.put("from_uid", "r").put("emoji", "+1"));
        default -> post("/message/revoke", body.put("from_uid", "s"));
      };
    }, h);
    double secs = (System.nanoTime() - t0) / 1e9;
    long cpu = serverCpuMs();
    report("mutations (1/3 edit, 1/3 reaction, 1/3 recall)", total, errors, secs, cpu < 0 ? -1 : cpu - cpu0, h);
  }

  private void extraSync() throws Exception {
    String g = "xs" + run;
    int total = opt("messages");
    int changed = opt("changed");
    group(g, 0);
    pump(total, opt("concurrency"), i -> send(g, "s", 0), null);
    long step = Math.max(1, total / changed);
    pump(changed, opt("concurrency"), i -> post("/message/reaction", new JsonObject().put("channel_id", g)
        .put("channel_type", 2).put("message_seq", i * step + 1).put("from_uid", "r").put("emoji", "+1")), null);
    System.out.printf("setup: %d messages, %d with a reaction%n", total, changed);
    for (int round = 0; round < opt("rounds"); round++) {
      ConcurrentHistogram page = histogram();
      long cpu0 = serverCpuMs();
      long t0 = System.nanoTime();
      long cursor = 0;
      int pages = 0;
      long seen = 0;
      while (true) {
        long p0 = System.nanoTime();
        JsonObject r = post("/message/extra/sync", new JsonObject().put("login_uid", "r").put("channel_id", g)
            .put("channel_type", 2).put("extra_version", cursor).put("limit", 100)).await(60, TimeUnit.SECONDS);
        page.recordValue((System.nanoTime() - p0) / 1000);
        pages++;
        seen += r.getJsonArray("messages").size();
        long end = r.getLong("extra_version", cursor);
        if (r.getInteger("more", 0) == 0 || end <= cursor) {
          break;
        }
        cursor = end;
      }
      double secs = (System.nanoTime() - t0) / 1e9;
      long cpu = serverCpuMs();
      System.out.printf("  round %d: %d changed messages in %d pages of 100, total %.0f ms%n", round + 1, seen, pages,
          secs * 1000);
      report("extra/sync pages", pages, 0, secs, cpu < 0 ? -1 : cpu - cpu0, page);
    }
  }

  private void receipts() throws Exception {
    String g = "rc" + run;
    int members = opt("members") - 2;
    group(g, members);
    System.out.printf("setup: a group of %d members%n", members + 2);
    AtomicLong head = new AtomicLong(send(g, "s", 0x80).await(60, TimeUnit.SECONDS).getLong("message_seq"));
    long sender = vertx.setPeriodic(1000, t -> send(g, "s", 0x80).onSuccess(r -> head.accumulateAndGet(
        r.getLong("message_seq"), Math::max)));
    int rate = opt("rate");
    int duration = opt("duration");
    ConcurrentHistogram h = histogram();
    AtomicLong reads = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    AtomicLong k = new AtomicLong();
    Thread.sleep(1000);
    long cpu0 = serverCpuMs();
    long t0 = System.nanoTime();
    if (rate <= 0) { // closed loop: as many as `concurrency` readers in flight sustain
      long errs = pump(Long.MAX_VALUE, t0 + duration * 1_000_000_000L, opt("concurrency"), i -> post("/message/readed",
          new JsonObject().put("uid", "m" + (i % members)).put("channel_id", g).put("channel_type", 2)
              .put("message_seq", head.get())).onSuccess(r -> reads.incrementAndGet()), h);
      vertx.cancelTimer(sender);
      double secs = (System.nanoTime() - t0) / 1e9;
      long cpu = serverCpuMs();
      report("reads (closed loop, " + opt("concurrency") + " in flight)", reads.get(), errs, secs,
          cpu < 0 ? -1 : cpu - cpu0, h);
      return;
    }
    long reader = vertx.setPeriodic(10, t -> {
      for (int i = 0; i < rate / 100; i++) {
        long p0 = System.nanoTime();
        post("/message/readed", new JsonObject().put("uid", "m" + (k.getAndIncrement() % members))
            .put("channel_id", g).put("channel_type", 2).put("message_seq", head.get())).onComplete(ar -> {
              h.recordValue(Math.min((System.nanoTime() - p0) / 1000, h.getHighestTrackableValue()));
              if (ar.succeeded()) {
                reads.incrementAndGet();
              } else if (errors.incrementAndGet() <= 5) {
                System.err.println("error: " + ar.cause().getMessage());
              }
            });
      }
    });
    Thread.sleep(duration * 1000L);
    vertx.cancelTimer(reader);
    vertx.cancelTimer(sender);
    double secs = (System.nanoTime() - t0) / 1e9;
    long cpu = serverCpuMs();
    Thread.sleep(2000);
    report("reads (asked " + rate + "/s)", reads.get(), errors.get(), secs, cpu < 0 ? -1 : cpu - cpu0, h);
    JsonObject last = post("/message/receipt/list", new JsonObject().put("login_uid", "s").put("channel_id", g)
        .put("channel_type", 2).put("message_seq", head.get())).await(60, TimeUnit.SECONDS);
    System.out.printf("  newest receipt message: readed_count %d, unread_count %d%n", last.getLong("readed_count"),
        last.getLong("unread_count"));
  }

  private void retention() throws Exception {
    int channels = opt("channels");
    long backlog = opt("messages");
    for (int c = 0; c < channels; c++) {
      group("rb" + run + "-" + c, 0);
    }
    long t = System.nanoTime();
    pump(backlog, opt("concurrency"), i -> send("rb" + run + "-" + (i % channels), "s", 0), null);
    System.out.printf("setup: a backlog of %d messages over %d groups in %.0f s%n", backlog, channels,
        (System.nanoTime() - t) / 1e9);
    String live = "rl" + run;
    for (int c = 0; c < LIVE; c++) {
      group(live + "-" + c, 0);
    }
    sendWindow("sends/s without retention", live);
    long r0 = System.nanoTime();
    for (int c = 0; c < channels; c++) {
      post("/channel/retention", new JsonObject().put("channel_id", "rb" + run + "-" + c).put("channel_type", 2)
          .put("retention_max_messages", 10)).await(60, TimeUnit.SECONDS);
    }
    sendWindow("sends/s while retention deletes the backlog", live);
    System.out.printf("  retention set on the backlog channels %.0f s before the end of the second window%n",
        (System.nanoTime() - r0) / 1e9);
  }

  private void sendWindow(String what, String live) throws Exception {
    int duration = opt("duration");
    ConcurrentHistogram h = histogram();
    long cpu0 = serverCpuMs();
    long t0 = System.nanoTime();
    long deadline = t0 + duration * 1_000_000_000L;
    AtomicLong n = new AtomicLong();
    long errors = pump(Long.MAX_VALUE, deadline, opt("concurrency"), i -> send(live + "-" + (i % LIVE), "s", 0)
        .onSuccess(r -> n.incrementAndGet()), h);
    double secs = (System.nanoTime() - t0) / 1e9;
    long cpu = serverCpuMs();
    report(what, n.get(), errors, secs, cpu < 0 ? -1 : cpu - cpu0, h);
  }
}
