package io.jindou.access.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jindou.support.TestNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Finding 3 of the hardening review, second half: an Error escaping a handler (an OutOfMemoryError while
 * building an answer) left the client without an answer until its own timeout. The HTTP edge's plumbing
 * ({@link Api}) answers every such failure at once with a JSON 500, wherever it surfaces: thrown by the handler,
 * failing its future, or thrown while the answer is encoded. Real HTTP against a router wired with {@link Api}.
 */
class ApiErrorsTest {
  /** An answer that cannot be encoded: Jackson calls the getter, which throws an Error. */
  public static final class Unencodable {
    public String getField() {
      throw new OutOfMemoryError("simulated: no memory to encode the answer");
    }
  }

  static Vertx vertx;
  static HttpServer server;
  static int port;
  static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    Router r = Router.router(vertx);
    r.route().handler(BodyHandler.create(false));
    Api.post(r, "/throws", b -> {
      throw new OutOfMemoryError("simulated: no memory for the handler");
    });
    Api.post(r, "/fails", b -> Future.failedFuture(new StackOverflowError("simulated")));
    Api.post(r, "/unencodable", b -> Future.succeededFuture(new Unencodable()));
    Api.get(r, "/late", rc -> vertx.timer(50).map(v -> new Unencodable()));
    port = TestNode.freePort();
    server = vertx.createHttpServer().requestHandler(r).listen(port, "127.0.0.1").await(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  static HttpResponse<String> call(String method, String path) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(5));
    b = method.equals("GET") ? b.GET() : b.POST(HttpRequest.BodyPublishers.ofString("{}"));
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString()); // a hang is an HttpTimeoutException
  }

  @Test
  void anErrorAnywhereInAHandlerIsA500AnsweredAtOnce() throws Exception {
    for (String[] c : new String[][] {{"POST", "/throws"}, {"POST", "/fails"}, {"POST", "/unencodable"},
        {"GET", "/late"}}) {
      HttpResponse<String> r = call(c[0], c[1]);
      assertEquals(500, r.statusCode(), c[1] + ": " + r.body());
      assertEquals(new JsonObject().put("msg", "internal error").put("status", 500), new JsonObject(r.body()), c[1]);
    }
  }
}
