package io.jindou.app.hook;

import io.jindou.access.json.MessageJson;
import io.jindou.access.net.BoundedPost;
import io.jindou.access.webhook.Signature;
import io.jindou.model.Message;
import io.jindou.usecase.SendHook;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
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

  private final Options options;
  private final BoundedPost post;
  private final String target;
  private final AtomicLong lastWarned = new AtomicLong();

  public HttpSendHook(Vertx vertx, Options options) {
    this.options = options;
    this.post = new BoundedPost(vertx, options.url(), options.timeoutMs(), options.maxInflight(), 256,
        "", "");
    this.target = options.url() + (options.url().contains("?") ? "&" : "?") + "event=msg.before_send";
  }

  @Override
  public Future<Verdict> check(Message draft) {
    byte[] body = MessageJson.of(draft, draft.fromUid()).toBuffer().getBytes();
    RequestOptions ro = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(target)
        .putHeader("Content-Type", "application/json");
    if (!options.secret().isEmpty()) {
      String ts = Long.toString(System.currentTimeMillis() / 1000);
      ro.putHeader("X-Jindou-Timestamp", ts).putHeader("X-Jindou-Signature", Signature.sign(options.secret(), ts,
          body));
    }
    return post.post(ro, Buffer.buffer(body), true, ANSWER_MAX).map(answer -> {
      try {
        return verdict(answer);
      } catch (RuntimeException e) {
        throw new BoundedPost.Failure("a bad answer: " + e.getMessage());
      }
    }).onFailure(e -> warn(e.getMessage()));
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
