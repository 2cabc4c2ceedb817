package io.jindou.store;

import io.vertx.core.Future;

/**
 * One storage backend, seen through its ports. The composition root picks the adapter; everything else
 * sees only these interfaces. {@link #close()} flushes and releases files or connections and must be
 * called once, after the verticles that use the store are undeployed.
 */
public interface Store {

  MessageStore messages();

  ChannelStore channels();

  ChannelListStore lists();

  UserStore users();

  ConversationStore conversations();

  /** The event logs of stream messages. */
  StreamStore streams();

  /** True once the backend is reachable and usable (drives {@code /readyz}). */
  /**
   * The webhook outbox and event log dispatched by node {@code node} (a store of one node may ignore the
   * number: its data is that node's).
   */
  WebhookStore webhooks(int node);

  boolean healthy();

  Future<Void> close();
}
