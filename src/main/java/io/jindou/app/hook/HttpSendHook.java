package io.jindou.app.hook;

import io.jindou.access.json.MessageJson;
import io.jindou.access.webhook.Signature;
import io.jindou.model.Message;
import io.jindou.usecase.SendHook;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * The before-send hook over HTTP: {@code POST {url}?event=msg.before_send} with the message as a MessageResp
 * object (person channels relative to the sender; not yet sequenced, so {@code message_seq} 0), signed like the
 * webhooks when a secret is set. A 200 answer {@code {"action":"allow"}}, {@code {"action":"reject","reason":…}} or
 * {@code {"action":"replace","payload":"<base64>"}} is the verdict; anything else — another status, another
 * body, an answer over {@value #ANSWER_MAX} bytes, no answer within the timeout, more than {@code maxInflight}
 * questions waiting — fails the future (the send then follows {@code webhook_before_send_on_error}). At most one
 * warning line per 10 s. It never decides what a failure means.
 */
public final class HttpSendHook implements SendHook {
  private static final Logger LOG = Logger.getLogger(HttpSendHook.class.getName());
  static final int ANSWER_MAX = 1 << 22;

  /** Where, how long, how many at once, and the signing secret ("" = unsigned). */
  public record Options(String url, int timeoutMs, int maxInflight, String secret) {
  }

  private final Vertx vertx;
  private final Options options;
  private final HttpClient client;
  private final AtomicInteger inflight = new AtomicInteger();
  private final AtomicLong lastWarned = new AtomicLong();

  public HttpSendHook(Vertx vertx, Options options) {
    this.vertx = vertx;
    this.options = options;
    this.client = vertx.createHttpClient(new HttpClientOptions().setSsl(options.url().startsWith("https:"))
        .setConnectTimeout(options.timeoutMs()).setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(Math.min(options.maxInflight(), 256)));
  }

  @Override
  public Future<Verdict> check(Message draft) {
    if (inflight.incrementAndGet() > options.maxInflight()) {
      inflight.decrementAndGet();
      return Future.failedFuture(options.maxInflight() + " questions are already waiting");
    }
    byte[] body = MessageJson.of(draft, draft.fromUid()).toBuffer().getBytes();
    String sep = options.url().contains("?") ? "&" : "?";
    RequestOptions ro = new RequestOptions().setMethod(HttpMethod.POST)
        .setAbsoluteURI(options.url() + sep + "event=msg.before_send").putHeader("Content-Type", "application/json");
    if (!options.secret().isEmpty()) {
      String ts = Long.toString(System.currentTimeMillis() / 1000);
      ro.putHeader("X-Jindou-Timestamp", ts).putHeader("X-Jindou-Signature", Signature.sign(options.secret(), ts,
          body));
    }
    Promise<Verdict> result = Promise.promise();
    HttpClientRequest[] sent = new HttpClientRequest[1];
    long timer = vertx.setTimer(options.timeoutMs(), t -> {
      if (result.tryFail("no answer within " + options.timeoutMs() + " ms") && sent[0] != null) {
        sent[0].reset();
      }
    });
    Future<Void> answered;
    try {
      // the answer is read from a stage chained on the request itself, set up before the response can arrive (a
      // handler set from outside once the response future completed could miss a body that had already arrived)
      answered = client.request(ro).compose(req -> {
        sent[0] = req;
        return req.send(Buffer.buffer(body)).compose(resp -> read(resp, result));
      });
    } catch (RuntimeException e) {
      answered = Future.failedFuture(e);
    }
    answered.onFailure(e -> result.tryFail(String.valueOf(e.getMessage())));
    return result.future().andThen(ar -> {
      inflight.decrementAndGet();
      vertx.cancelTimer(timer);
      if (ar.failed()) {
        warn(ar.cause().getMessage());
      }
    });
  }

  /** Reads a 200 answer of at most {@value #ANSWER_MAX} bytes into {@code result}; called as the head arrives. */
  private static Future<Void> read(io.vertx.core.http.HttpClientResponse resp, Promise<Verdict> result) {
    if (resp.statusCode() != 200) {
      resp.request().reset();
      return Future.failedFuture("HTTP " + resp.statusCode());
    }
    Buffer answer = Buffer.buffer();
    resp.handler(chunk -> {
      if (answer.length() + chunk.length() > ANSWER_MAX) {
        if (result.tryFail("the answer is over " + ANSWER_MAX + " bytes")) {
          resp.request().reset();
        }
        return;
      }
      answer.appendBuffer(chunk);
    });
    resp.exceptionHandler(e -> result.tryFail(String.valueOf(e.getMessage())));
    resp.endHandler(v -> {
      try {
        result.tryComplete(verdict(answer));
      } catch (RuntimeException e) {
        result.tryFail("a bad answer: " + e.getMessage());
      }
    });
    return Future.succeededFuture();
  }

  static Verdict verdict(Buffer answer) {
    JsonObject o = new JsonObject(answer);
    String action = o.getString("action", "");
    return switch (action) {
      case "allow" -> Verdict.ALLOW;
      case "reject" -> new Verdict(Action.REJECT, o.getString("reason", ""), null);
      case "replace" -> new Verdict(Action.REPLACE, null, Base64.getDecoder().decode(o.getString("payload")));
      default -> throw new IllegalArgumentException("action must be allow, reject or replace, got '" + action + "'");
    };
  }

  private void warn(String why) {
    long now = System.currentTimeMillis();
    long last = lastWarned.get();
    if (now - last > 10_000 && lastWarned.compareAndSet(last, now)) {
      LOG.warning("before-send hook " + options.url() + ": " + why);
    }
  }
}
