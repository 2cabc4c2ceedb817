package io.jindou.app;

import io.jindou.access.webhook.StatusBuffer;
import io.jindou.access.webhook.WebhookDispatcher;
import io.jindou.cluster.Membership;
import io.jindou.cluster.Presence;
import io.jindou.store.Store;
import io.jindou.usecase.Webhooks;
import io.jindou.webhook.WebhookOutbox;
import io.vertx.core.Vertx;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Cluster mode: the webhook events of a node that is gone are posted by a live one. Every {@value #CHECK_MS} ms the
 * lowest-numbered ready node looks for nodes that have webhook data in the shared store (Redis) but are not in the
 * ring, and runs a dispatcher over each one's outbox and event log until that node is back (or another node is the
 * lowest); any other node stops the dispatchers it ran. One INFO line per takeover and per hand-back. It decides
 * only who dispatches, never what an event holds.
 */
final class WebhookTakeover {
  private static final Logger LOG = Logger.getLogger(WebhookTakeover.class.getName());
  private static final long CHECK_MS = 2_000;
  /** A returning node waits this long before it posts, so whoever took its events over has let go. */
  static final long HAND_BACK_MS = 3 * CHECK_MS;

  private final Vertx vertx;
  private final Membership membership;
  private final Store store;
  private final Presence presence;
  private final Settings.Webhook settings;
  private final WebhookOutbox own;
  private final int nodeId;
  /** Node → dispatcher deployment id ("" while deploying). Touched on the timer's event loop only. */
  private final Map<Integer, String> adopted = new HashMap<>();

  WebhookTakeover(Vertx vertx, Membership membership, Store store, Presence presence, Settings.Webhook settings,
      WebhookOutbox own, int nodeId) {
    this.vertx = vertx;
    this.membership = membership;
    this.store = store;
    this.presence = presence;
    this.settings = settings;
    this.own = own;
    this.nodeId = nodeId;
  }

  void start() {
    vertx.setPeriodic(CHECK_MS, t -> check());
  }

  private void check() {
    own.nodesWithData().onSuccess(known -> {
      List<Integer> live = membership.ring().members();
      if (live.isEmpty()) {
        return;
      }
      boolean adopter = Collections.min(live) == nodeId;
      for (int n : known) {
        if (adopter && n != nodeId && !live.contains(n) && !adopted.containsKey(n)) {
          adopt(n);
        }
      }
      for (Map.Entry<Integer, String> e : Map.copyOf(adopted).entrySet()) {
        if ((!adopter || live.contains(e.getKey())) && !e.getValue().isEmpty()) {
          adopted.remove(e.getKey());
          LOG.info("webhooks: node " + e.getKey() + "'s events are no longer posted here (it is back, or another "
              + "node takes them)");
          vertx.undeploy(e.getValue());
        }
      }
    });
  }

  private void adopt(int node) {
    adopted.put(node, "");
    WebhookOutbox outbox = WebhookWiring.outbox(settings, store, presence, node, nodeId);
    WebhookDispatcher d = new WebhookDispatcher(new Webhooks(outbox, settings.url()), new StatusBuffer(1),
        WebhookWiring.dispatcherOptions(settings, 0));
    vertx.deployVerticle(d).onComplete(ar -> {
      if (ar.succeeded()) {
        adopted.put(node, ar.result());
        LOG.info("webhooks: node " + node + " is gone; its undelivered events are posted by this node");
      } else {
        adopted.remove(node);
      }
    });
  }
}
