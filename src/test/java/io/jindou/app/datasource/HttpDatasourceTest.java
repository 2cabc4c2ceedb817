package io.jindou.app.datasource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.model.ChannelInfo;
import io.jindou.model.ChannelKey;
import io.jindou.model.JindouException;
import io.jindou.support.DatasourceServer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTTP datasource adapter against a real HTTP server playing the business server: WuKongIM's request shape
 * ({@code POST {"cmd","data"}}) and answers, and the bounds — a failed, malformed, slow or oversized answer and too
 * many waiting questions are UNAVAILABLE failures naming the command, in bounded time, on the caller's context.
 */
class HttpDatasourceTest {
  static Vertx vertx;
  static DatasourceServer server;
  static final ChannelKey G = new ChannelKey("g1", 2);

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    server = new DatasourceServer();
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  static HttpDatasource ds(int timeoutMs, int maxInflight, int maxBytes) {
    return new HttpDatasource(vertx, new HttpDatasource.Options(server.url(), timeoutMs, maxInflight, maxBytes, true));
  }

  static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  static String failure(Future<?> f) throws Exception {
    ExecutionException e = assertThrows(ExecutionException.class, () -> get(f));
    assertTrue(e.getCause() instanceof JindouException je && je.kind() == JindouException.Kind.UNAVAILABLE,
        String.valueOf(e.getCause()));
    return e.getCause().getMessage();
  }

  @Test
  void asksWithWuKongImsRequestAndReadsItsAnswers() throws Exception {
    HttpDatasource ds = ds(15_000, 8, 1 << 20);
    server.answer("getSubscribers", "g1", 2, "[\"a\",\"b\",\"\"]").answer("getBlacklist", "g1", 2, "[\"x\"]")
        .answer("getChannelInfo", "g1", 2, "{\"large\":1,\"ban\":0,\"disband\":1}")
        .answer("getSystemUIDs", null, 0, "[\"bot\"]");
    assertEquals(List.of("a", "b"), get(ds.subscribers(G)));
    assertEquals(new JsonObject().put("cmd", "getSubscribers").put("data", new JsonObject().put("channel_id", "g1")
        .put("channel_type", 2)), server.requests.get(server.requests.size() - 1));
    assertEquals(List.of("x"), get(ds.blacklist(G)));
    assertEquals(List.of(), get(ds.whitelist(G)), "null: nothing");
    assertEquals(new ChannelInfo(false, true, false, false, true), get(ds.channelInfo(G)));
    assertNull(get(ds.channelInfo(new ChannelKey("g-none", 2))));
    assertEquals(List.of("bot"), get(ds.systemUids()));
    assertEquals(new JsonObject().put("cmd", "getSystemUIDs").put("data", new JsonObject()),
        server.requests.get(server.requests.size() - 1));
    ds.close().await(5, TimeUnit.SECONDS);
  }

  @Test
  void aBadAnswerIsAFailureNamingTheCommand() throws Exception {
    HttpDatasource ds = ds(15_000, 8, 1024);
    server.status("getSubscribers", "e500", 2, 500);
    assertTrue(failure(ds.subscribers(new ChannelKey("e500", 2))).contains("getSubscribers: HTTP 500"));
    server.answer("getSubscribers", "notjson", 2, "<html>");
    assertTrue(failure(ds.subscribers(new ChannelKey("notjson", 2))).contains("not JSON"));
    server.answer("getSubscribers", "numbers", 2, "[1,2]");
    assertTrue(failure(ds.subscribers(new ChannelKey("numbers", 2))).contains("array of uids"));
    server.answer("getSubscribers", "big", 2, "[\"" + "u".repeat(2000) + "\"]");
    assertTrue(failure(ds.subscribers(new ChannelKey("big", 2))).contains("over 1024 bytes"));
    ds.close().await(5, TimeUnit.SECONDS);
  }

  @Test
  void aSlowAnswerTimesOutAndTooManyWaitingQuestionsAreRefusedAtOnce() throws Exception {
    HttpDatasource ds = ds(1000, 2, 1 << 20);
    server.delay("getSubscribers", "slow", 2, 12_000);
    ChannelKey slow = new ChannelKey("slow", 2);
    long t0 = System.nanoTime();
    Future<List<String>> a = ds.subscribers(slow);
    Future<List<String>> b = ds.subscribers(slow);
    String refused = failure(ds.subscribers(slow));
    assertTrue(refused.contains("2 requests are already waiting (datasource_max_inflight)"), refused);
    assertTrue(failure(a).contains("no answer within 1000 ms"));
    failure(b);
    assertTrue((System.nanoTime() - t0) / 1_000_000 < 10_000, "bounded by the timeout, not the business server");
    server.answer("getSubscribers", "fine", 2, "[\"ok\"]");
    assertEquals(List.of("ok"), get(ds.subscribers(new ChannelKey("fine", 2))), "slots are free again");
    ds.close().await(5, TimeUnit.SECONDS);
  }

  @Test
  void answersCompleteOnTheCallersContext() throws Exception {
    HttpDatasource ds = ds(15_000, 8, 1 << 20);
    server.answer("getWhitelist", "ctx", 2, "[\"w\"]");
    Context ctx = vertx.getOrCreateContext();
    CompletableFuture<Context> seen = new CompletableFuture<>();
    ctx.runOnContext(v -> ds.whitelist(new ChannelKey("ctx", 2)).onComplete(ar -> seen.complete(
        Vertx.currentContext())));
    assertSame(ctx, seen.get(10, TimeUnit.SECONDS));
    ds.close().await(5, TimeUnit.SECONDS);
  }

  @Test
  void onlyHttpUrlsAreAccepted() {
    assertThrows(IllegalArgumentException.class, () -> new HttpDatasource(vertx,
        new HttpDatasource.Options("ftp://x/y", 1000, 1, 1024, false)));
  }
}
