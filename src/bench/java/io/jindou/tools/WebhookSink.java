package io.jindou.tools;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A webhook receiver for the benchmarks: answers 200 to every POST on loopback, counts posts and body bytes per
 * {@code event} query value, and prints the counts every {@code --every} seconds and when it stops. It keeps no
 * bodies (memory stays flat) and checks nothing: the tests check the contract, this only absorbs the load.
 *
 * <pre>java -cp target/jindou-bench.jar io.jindou.tools.WebhookSink --port 18080 [--seconds 0] [--every 5]</pre>
 */
public final class WebhookSink {
  private WebhookSink() {
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> o = new ConcurrentHashMap<>(Map.of("port", "18080", "seconds", "0", "every", "5"));
    for (int i = 0; i + 1 < args.length; i += 2) {
      o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    AtomicLong posts = new AtomicLong();
    AtomicLong bytes = new AtomicLong();
    Map<String, AtomicLong> byEvent = new ConcurrentHashMap<>();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(o.get("port"))), 1024);
    server.createContext("/", ex -> {
      long n = 0;
      try (InputStream in = ex.getRequestBody()) {
        byte[] buf = new byte[16384];
        for (int r; (r = in.read(buf)) > 0; ) {
          n += r;
        }
      } catch (IOException e) {
        ex.close();
        return;
      }
      posts.incrementAndGet();
      bytes.addAndGet(n);
      String q = ex.getRequestURI().getQuery();
      byEvent.computeIfAbsent(q == null ? "" : q.replaceFirst("^event=", ""), k -> new AtomicLong()).incrementAndGet();
      ex.sendResponseHeaders(200, -1);
      ex.close();
    });
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
    Runnable report = () -> System.out.println("sink: " + posts.get() + " posts, " + bytes.get() + " bytes, "
        + byEvent);
    var timer = Executors.newSingleThreadScheduledExecutor();
    long every = Long.parseLong(o.get("every"));
    timer.scheduleAtFixedRate(report, every, every, TimeUnit.SECONDS);
    Runtime.getRuntime().addShutdownHook(new Thread(report));
    long seconds = Long.parseLong(o.get("seconds"));
    if (seconds > 0) {
      Thread.sleep(seconds * 1000);
      server.stop(0);
      timer.shutdownNow();
      System.exit(0);
    }
  }
}
