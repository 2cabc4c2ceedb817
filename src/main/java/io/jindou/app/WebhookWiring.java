package io.jindou.app;

import io.jindou.channel.OutboxNodes;
import io.jindou.access.gateway.SessionRegistry;
import io.jindou.access.webhook.StatusBuffer;
import io.jindou.access.webhook.WebhookBodies;
import io.jindou.access.webhook.WebhookDispatcher;
import io.jindou.access.webhook.WebhookObserver;
import io.jindou.channel.Fanout;
import io.jindou.app.hook.HttpSendHook;
import io.jindou.cluster.Membership;
import io.jindou.cluster.Presence;
import io.jindou.store.Store;
import io.jindou.usecase.SendHook;
import io.jindou.usecase.Webhooks;
import io.jindou.webhook.WebhookOutbox;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;

/**
 * Builds the webhook parts from {@link Settings.Webhook}: the node's outbox (none without a {@code webhook_url}),
 * its use cases, the dispatcher verticle, and the before-send hook ({@link Settings.BeforeSend}). Composition only;
 * it decides nothing about events.
 */
final class WebhookWiring {
  /** Most {@code user.onlinestatus} items held in memory between two writes to the log. */
  private static final int STATUS_HELD_MAX = 100_000;

  private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(
      WebhookWiring.class.getName());
  /** Most before-send questions waiting at once (more are failures: the on-error policy decides). */
  private static final int BEFORE_SEND_INFLIGHT = 4096;

  private WebhookWiring() {
  }

  /**
   * Node {@code nodeId}'s outbox (this node's, or a gone node's taken over), or null when webhooks are off; its
   * bodies carry {@code sourceId}, the node that posts them.
   */
  static WebhookOutbox outbox(Settings.Webhook w, Store store, Presence presence, int nodeId, int sourceId) {
    if (!w.enabled()) {
      return null;
    }
    return new WebhookOutbox(store.webhooks(nodeId), store.messages(), store.streams(), store.channels(), presence,
        new WebhookBodies(w.offlineCompressThreshold(), sourceId),
        new WebhookOutbox.Options(nodeId, w.events(), w.batchMax(), w.outboxMax(), w.retention().toMillis()));
  }

  /** What the owners ask before each write: the outbox's node per kind of fact, or none without webhooks. */
  static OutboxNodes outboxNodes(WebhookOutbox hooks) {
    if (hooks == null) {
      return OutboxNodes.NONE;
    }
    return new OutboxNodes() {
      @Override
      public int messages() {
        return hooks.outboxNode();
      }

      @Override
      public int streams() {
        return hooks.streamOutboxNode();
      }

      @Override
      public int changes() {
        return hooks.changeOutboxNode();
      }
    };
  }

  /** The before-send hook, or null when none is configured. */
  static SendHook sendHook(Vertx vertx, Settings.BeforeSend b, String secret) {
    if (!b.enabled()) {
      return null;
    }
    LOG.info("before-send hook " + b.url() + ": timeout " + b.timeoutMs() + " ms, on error " + (b.allowOnError()
        ? "allow" : "reject") + ", system senders " + (b.system() ? "asked" : "not asked"));
    return new HttpSendHook(vertx, new HttpSendHook.Options(b.url(), b.timeoutMs(), BEFORE_SEND_INFLIGHT, secret));
  }

  /** The fan-out observer: the webhooks' recipients first (when on), then {@code next}. */
  static Fanout.Observer observer(Webhooks webhooks, Fanout.Observer next) {
    return webhooks.enabled() ? new WebhookObserver(webhooks, next) : next;
  }

  static Webhooks useCases(Settings.Webhook w, WebhookOutbox outbox) {
    return outbox == null ? Webhooks.off() : new Webhooks(outbox, w.url());
  }

  static WebhookDispatcher.Options dispatcherOptions(Settings.Webhook w, long startDelayMs) {
    return new WebhookDispatcher.Options(w.url(), w.secret(), w.timeoutMs(), w.maxInflight(), w.backoffMaxMs(),
        w.retryMaxAge().toMillis(), Math.max(64, 4 * w.maxInflight()), w.batchMax(), startDelayMs);
  }

  /**
   * Announces this node's webhook data and, in cluster mode, starts the takeover of gone nodes' events
   * ({@link WebhookTakeover}).
   */
  static void takeover(Vertx vertx, Settings.Webhook w, WebhookOutbox own, Membership membership, Store store,
      Presence presence, int nodeId, boolean clustered) {
    if (own == null) {
      return;
    }
    own.announce();
    if (clustered) {
      new WebhookTakeover(vertx, membership, store, presence, w, own, nodeId).start();
    }
  }

  /** Deploys the dispatcher when webhooks are on. */
  static void deploy(Vertx vertx, Settings.Webhook w, Webhooks webhooks, SessionRegistry sessions,
      boolean clustered) throws Exception {
    if (!webhooks.enabled()) {
      return;
    }
    WebhookDispatcher.Options o = dispatcherOptions(w, clustered ? WebhookTakeover.HAND_BACK_MS : 0);
    StatusBuffer statuses = new StatusBuffer(STATUS_HELD_MAX);
    if (w.events().contains(WebhookOutbox.ONLINE_STATUS)) {
      sessions.onConnectionChange(statuses);
    }
    vertx.deployVerticle(new WebhookDispatcher(webhooks, statuses, o)).await(30, TimeUnit.SECONDS);
  }
}
