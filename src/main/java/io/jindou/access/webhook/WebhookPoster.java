package io.jindou.access.webhook;

import io.jindou.access.net.BoundedPost;
import io.jindou.usecase.Webhooks;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
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

  private final WebhookDispatcher.Options options;
  private final BoundedPost post;
  private final String base;

  WebhookPoster(Vertx vertx, WebhookDispatcher.Options options) {
    this.options = options;
    // the dispatcher keeps at most maxInflight posts going: the bound here is a second line, never reached
    this.post = new BoundedPost(vertx, options.url(), options.timeoutMs(), options.maxInflight(),
        options.maxInflight(), "webhook_max_inflight", "");
    this.base = options.url() + (options.url().contains("?") ? "&" : "?") + "event=";
  }

  Future<Void> close() {
    return post.close();
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
    return post.post(ro, Buffer.buffer(body), false, DRAIN_MAX).mapEmpty();
  }
}
