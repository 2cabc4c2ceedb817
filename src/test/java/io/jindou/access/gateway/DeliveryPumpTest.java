package io.jindou.access.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway's delivery pump on a real event loop: work is served in the order it was offered, and a burst
 * longer than a slice lets the loop's sockets in between its slices (an HTTP request on the same loop is answered
 * while the burst still runs, where a single task would have held it to the end).
 */
class DeliveryPumpTest {
  private Vertx vertx;
  private Vertx client;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    client = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
  }

  @AfterEach
  void tearDown() throws Exception {
    client.close().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void workIsServedInTheOrderItWasOfferedWhateverItsSize() throws Exception {
    Context ctx = vertx.getOrCreateContext();
    DeliveryPump pump = new DeliveryPump(ctx);
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    int[] sizes = {1, DeliveryPump.SLICE * 3 + 5, 7, DeliveryPump.SLICE, 200};
    CountDownLatch offered = new CountDownLatch(1);
    ctx.runOnContext(v -> {
      for (int w = 0; w < sizes.length; w++) {
        List<Integer> targets = new ArrayList<>();
        for (int i = 0; i < sizes[w]; i++) {
          targets.add(i);
        }
        pump.offer(DeliveryPump.each(targets, "w" + w, (t, what) -> seen.add(what + ":" + t)));
      }
      offered.countDown();
    });
    assertTrue(offered.await(10, TimeUnit.SECONDS));
    int total = 0;
    for (int s : sizes) {
      total += s;
    }
    long deadline = System.currentTimeMillis() + 10_000;
    while (seen.size() < total && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
    List<String> expected = new ArrayList<>();
    for (int w = 0; w < sizes.length; w++) {
      for (int i = 0; i < sizes[w]; i++) {
        expected.add("w" + w + ":" + i);
      }
    }
    assertEquals(expected, seen);
  }

  @Test
  void aRequestOnTheSameLoopIsAnsweredBetweenTheSlicesOfABurst() throws Exception {
    Context ctx = vertx.getOrCreateContext();
    AtomicInteger served = new AtomicInteger();
    int targets = DeliveryPump.BACKLOG_MAX / 2; // each spins 100 µs: about a second of work on the loop
    AtomicInteger servedWhenAsked = new AtomicInteger(-1);
    CompletableFuture<HttpServer> listening = new CompletableFuture<>();
    ctx.runOnContext(v -> vertx.createHttpServer().requestHandler(req -> {
      servedWhenAsked.set(served.get());
      req.response().end("ok");
    }).listen(0, "127.0.0.1").onComplete(ar -> {
      if (ar.succeeded()) {
        listening.complete(ar.result());
      } else {
        listening.completeExceptionally(ar.cause());
      }
    }));
    int port = listening.get(10, TimeUnit.SECONDS).actualPort();
    HttpClient http = client.createHttpClient();
    // a connection made before the burst, so the request needs nothing but a read on the busy loop
    http.request(HttpMethod.GET, port, "127.0.0.1", "/").compose(r -> r.send().compose(x -> x.body()))
        .await(10, TimeUnit.SECONDS);
    servedWhenAsked.set(-1);
    CompletableFuture<Integer> duringBurst = new CompletableFuture<>();
    ctx.runOnContext(v -> {
      List<Integer> all = new ArrayList<>();
      for (int i = 0; i < targets; i++) {
        all.add(i);
      }
      DeliveryPump pump = new DeliveryPump(ctx);
      pump.offer(DeliveryPump.each(all, "m", (t, what) -> {
        if (t == DeliveryPump.SLICE) { // the burst is under way: ask now, from the client's own loop
          client.runOnContext(x -> http.request(HttpMethod.GET, port, "127.0.0.1", "/")
              .compose(r -> r.send().compose(resp -> resp.body()))
              .onComplete(ar -> duringBurst.complete(served.get())));
        }
        long until = System.nanoTime() + 100_000;
        while (System.nanoTime() < until) {
          Thread.onSpinWait();
        }
        served.incrementAndGet();
      }));
    });
    duringBurst.get(30, TimeUnit.SECONDS);
    int atRequest = servedWhenAsked.get();
    assertTrue(atRequest >= DeliveryPump.SLICE, "the request was answered at " + atRequest);
    assertTrue(atRequest < targets / 2, "the request waited for most of the burst: answered after " + atRequest
        + " of " + targets + " deliveries");
    long deadline = System.currentTimeMillis() + 30_000;
    while (served.get() < targets && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(targets, served.get());
  }

  @Test
  void anOverloadedLoopServesItsWholeQueueInOneTask() throws Exception {
    Context ctx = vertx.getOrCreateContext();
    int targets = DeliveryPump.BACKLOG_MAX + 1;
    AtomicInteger served = new AtomicInteger();
    CompletableFuture<Integer> servedBeforeTask = new CompletableFuture<>();
    ctx.runOnContext(v -> {
      List<Integer> all = new ArrayList<>();
      for (int i = 0; i < targets; i++) {
        all.add(i);
      }
      new DeliveryPump(ctx).offer(DeliveryPump.each(all, "m", (t, what) -> {
        if (t == 0) {
          ctx.runOnContext(x -> servedBeforeTask.complete(served.get()));
        }
        served.incrementAndGet();
      }));
    });
    assertEquals(targets, servedBeforeTask.get(30, TimeUnit.SECONDS),
        "past the backlog bound the queue is served before anything else on the loop");
  }
}
