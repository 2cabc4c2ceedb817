package io.jindou.tools;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A webhook receiver for the benchmarks: answers 200 to every POST on loopback, counts posts and body bytes per
 * {@code event} query value, and prints the counts every {@code --every} seconds and when it stops. It keeps no
 * bodies (memory stays flat) and checks nothing: the tests check the contract, this only absorbs the load. It runs
 * on one Vert.x event loop, so that on the benchmark's shared cores it takes as little as a receiver can (the JDK's
 * {@code HttpServer} it replaced handed every request from a selector thread to a pool thread and back, several
 * times the CPU per post).
 *
 * <pre>java -cp target/jindou.jar:target/jindou-bench.jar io.jindou.tools.WebhookSink --port 18080 [--seconds 0] [--every 5]</pre>
 */
public final class WebhookSink {
  private WebhookSink() {
  }

  public static void main(String[] args) {
    Map<String, String> o = new ConcurrentHashMap<>(Map.of("port", "18080", "seconds", "0", "every", "5"));
    for (int i = 0; i + 1 < args.length; i += 2) {
      o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
    AtomicLong posts = new AtomicLong();
    AtomicLong bytes = new AtomicLong();
    Map<String, AtomicLong> byEvent = new ConcurrentSkipListMap<>();
    vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(Integer.parseInt(o.get("port"))))
        .requestHandler(req -> {
          String event = req.getParam("event", "");
          long[] n = new long[1];
          req.handler(chunk -> n[0] += chunk.length());
          req.endHandler(v -> {
            posts.incrementAndGet();
            bytes.addAndGet(n[0]);
            byEvent.computeIfAbsent(event, k -> new AtomicLong()).incrementAndGet();
            req.response().setStatusCode(200).end();
          });
        })
        .listen().await();
    Runnable report = () -> System.out.println("sink: " + posts.get() + " posts, " + bytes.get() + " bytes, "
        + byEvent);
    long every = Long.parseLong(o.get("every"));
    vertx.setPeriodic(every * 1000, t -> report.run());
    Runtime.getRuntime().addShutdownHook(new Thread(report));
    long seconds = Long.parseLong(o.get("seconds"));
    if (seconds > 0) {
      vertx.setTimer(seconds * 1000, t -> {
        report.run();
        vertx.close().onComplete(c -> System.exit(0));
      });
    }
  }
}
