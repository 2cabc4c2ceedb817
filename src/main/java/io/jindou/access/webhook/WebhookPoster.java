package io.jindou.access.webhook;

import io.jindou.usecase.Webhooks;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * One webhook receiver as the dispatcher sees it: it posts one event ({@code POST url?event=name}, the event's id
 * and seq as headers, signed when a secret is set) and says whether it was delivered. Only HTTP 200 within the
 * time limit is success; a redirect, an error status, no answer in time or a refused connection is a failure; at
 * most {@value #DRAIN_MAX} bytes of an answer are read (a longer one resets the request). It keeps no state
 * about events and never retries: the dispatcher decides what happens next.
 */
final class WebhookPoster {
  static final int DRAIN_MAX = 64 * 1024;

  private final Vertx vertx;
  private final WebhookDispatcher.Options options;
  private final HttpClient client;
  private final String base;

  WebhookPoster(Vertx vertx, WebhookDispatcher.Options options) {
    this.vertx = vertx;
    this.options = options;
    this.client = vertx.createHttpClient(new HttpClientOptions().setSsl(options.url().startsWith("https:"))
        .setConnectTimeout(options.timeoutMs()).setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(options.maxInflight()));
    this.base = options.url() + (options.url().contains("?") ? "&" : "?") + "event=";
  }

  Future<Void> close() {
    return client.close();
  }

  /** Posts {@code e}; fails with a short reason when it was not delivered. */
  Future<Void> post(Webhooks.Event e) {
    RequestOptions ro = new RequestOptions().setMethod(HttpMethod.POST)
        .setAbsoluteURI(base + e.name())
        .putHeader("Content-Type", "application/json")
        .putHeader("X-Jindou-Event-Id", e.id())
        .putHeader("X-Jindou-Event-Seq", Long.toString(e.seq()));
    if (!options.secret().isEmpty()) {
      String ts = Long.toString(System.currentTimeMillis() / 1000);
      ro.putHeader("X-Jindou-Timestamp", ts).putHeader("X-Jindou-Signature", Signature.sign(options.secret(), ts,
          e.body()));
    }
    return attempt(ro, e.body());
  }

  private Future<Void> attempt(RequestOptions ro, byte[] body) {
    Promise<Void> result = Promise.promise();
    HttpClientRequest[] sent = new HttpClientRequest[1];
    long timer = vertx.setTimer(options.timeoutMs(), t -> {
      if (result.tryFail("no answer within " + options.timeoutMs() + " ms") && sent[0] != null) {
        sent[0].reset();
      }
    });
    Future<HttpClientResponse> response;
    try {
      response = client.request(ro).compose(req -> {
        sent[0] = req;
        return req.send(Buffer.buffer(body));
      });
    } catch (RuntimeException ex) {
      response = Future.failedFuture(ex);
    }
    response.onComplete(ar -> {
      if (ar.failed()) {
        vertx.cancelTimer(timer);
        result.tryFail(String.valueOf(ar.cause().getMessage()));
        return;
      }
      HttpClientResponse resp = ar.result();
      int status = resp.statusCode();
      long[] read = {0};
      resp.handler(chunk -> {
        read[0] += chunk.length();
        if (read[0] > DRAIN_MAX) {
          resp.request().reset(); // a huge answer: not read, the connection is dropped
        }
      });
      resp.exceptionHandler(x -> {
      });
      resp.endHandler(v -> {
      });
      vertx.cancelTimer(timer);
      if (status == 200) {
        result.tryComplete();
      } else {
        result.tryFail("HTTP " + status);
      }
    });
    return result.future();
  }
}
