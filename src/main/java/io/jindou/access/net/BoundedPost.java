package io.jindou.access.net;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * POSTs to one business server with every bound the server needs against a peer it does not control: at most
 * {@code maxInflight} requests wait at a time (more fail at once), each fails after {@code timeoutMs} (the request
 * is reset), only HTTP 200 succeeds, and at most {@code answerMax} bytes of an answer are read (a longer one fails
 * a read, or is cut off by a reset when only the status matters). The datasource, the before-send hook and the
 * webhook poster share it. Every failure is a {@link Failure} with a short reason; it never retries, never logs and
 * never interprets an answer.
 */
public final class BoundedPost {

  /** Why a POST did not succeed, in a few words ("HTTP 500", "no answer within 500 ms", ...). */
  public static final class Failure extends RuntimeException {
    public Failure(String why) {
      super(why, null, false, false);
    }
  }

  private final Vertx vertx;
  private final HttpClient client;
  private final int timeoutMs;
  private final int maxInflight;
  private final AtomicInteger inflight = new AtomicInteger();
  private final String inflightKey;
  private final String answerKey;

  /**
   * A keep-alive client for {@code url}'s scheme with a pool of {@code min(maxInflight, poolMax)} connections;
   * {@code inflightKey} and {@code answerKey} name the settings behind the two bounds in failures ("" = none).
   */
  public BoundedPost(Vertx vertx, String url, int timeoutMs, int maxInflight, int poolMax, String inflightKey,
      String answerKey) {
    this.vertx = vertx;
    this.inflightKey = inflightKey.isEmpty() ? "" : " (" + inflightKey + ")";
    this.answerKey = answerKey.isEmpty() ? "" : " (" + answerKey + ")";
    this.timeoutMs = timeoutMs;
    this.maxInflight = maxInflight;
    this.client = vertx.createHttpClient(new HttpClientOptions().setSsl(url.startsWith("https:"))
        .setConnectTimeout(timeoutMs).setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(Math.max(1, Math.min(maxInflight, poolMax))));
  }

  /**
   * POSTs {@code body}; with {@code readAnswer} completes with the whole body of a 200 answer (at most
   * {@code answerMax} bytes, or it fails), otherwise completes as soon as a 200 head arrives (with an empty buffer)
   * and drains at most {@code answerMax} bytes of what follows.
   */
  public Future<Buffer> post(RequestOptions target, Buffer body, boolean readAnswer, int answerMax) {
    Promise<Buffer> result = Promise.promise();
    if (inflight.incrementAndGet() > maxInflight) {
      inflight.decrementAndGet();
      result.fail(new Failure(maxInflight + " requests are already waiting" + inflightKey));
      return result.future();
    }
    HttpClientRequest[] sent = new HttpClientRequest[1];
    long timer = vertx.setTimer(timeoutMs, t -> {
      if (result.tryFail(new Failure("no answer within " + timeoutMs + " ms")) && sent[0] != null) {
        sent[0].reset();
      }
    });
    Future<Void> answered;
    try {
      // the answer is read from a stage chained on the request itself, set up before the response can arrive (a
      // handler set from outside once the response future completed could miss a body that had already arrived)
      answered = client.request(target).compose(req -> {
        sent[0] = req;
        return req.send(body).compose(resp -> read(resp, result, readAnswer, answerMax));
      });
    } catch (RuntimeException e) {
      answered = Future.failedFuture(e); // the client is closed: the node is stopping
    }
    answered.onFailure(e -> result.tryFail(e instanceof Failure f ? f : new Failure(String.valueOf(e.getMessage()))));
    return result.future().andThen(ar -> {
      inflight.decrementAndGet();
      vertx.cancelTimer(timer);
    });
  }

  /** Handles a response head: its status, then its body within {@code answerMax}. */
  private Future<Void> read(HttpClientResponse resp, Promise<Buffer> result, boolean readAnswer,
      int answerMax) {
    if (resp.statusCode() != 200) {
      resp.request().reset();
      return Future.failedFuture(new Failure("HTTP " + resp.statusCode()));
    }
    if (!readAnswer) {
      long[] drained = {0};
      resp.handler(chunk -> {
        drained[0] += chunk.length();
        if (drained[0] > answerMax) {
          resp.request().reset(); // a huge answer: not read, the connection is dropped
        }
      });
      resp.exceptionHandler(x -> {
      });
      result.tryComplete(Buffer.buffer(0));
      return Future.succeededFuture();
    }
    String length = resp.getHeader("content-length");
    if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > answerMax) {
      resp.request().reset();
      return Future.failedFuture(tooBig(answerMax));
    }
    Buffer answer = Buffer.buffer();
    resp.handler(chunk -> {
      if (answer.length() + chunk.length() > answerMax) {
        if (result.tryFail(tooBig(answerMax))) {
          resp.request().reset();
        }
        return;
      }
      answer.appendBuffer(chunk);
    });
    resp.exceptionHandler(e -> result.tryFail(new Failure(String.valueOf(e.getMessage()))));
    resp.endHandler(v -> result.tryComplete(answer));
    return Future.succeededFuture();
  }

  private Failure tooBig(int answerMax) {
    return new Failure("the answer is over " + answerMax + " bytes" + answerKey);
  }

  /** Closes the connections. */
  public Future<Void> close() {
    return client.close();
  }
}
