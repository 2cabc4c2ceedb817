package io.jindou.app;

import io.jindou.access.eventbus.MessageChangeEvents;
import io.jindou.usecase.ChangeMessages;
import io.jindou.channel.StreamQueries;
import io.jindou.usecase.StreamMessages;
import io.jindou.channel.ChannelQueries;
import io.jindou.channel.ChannelService;
import io.jindou.channel.MessageQueries;
import io.jindou.metrics.Metrics;
import io.jindou.conversation.CommandSync;
import io.jindou.conversation.ConversationPass;
import io.jindou.conversation.RecentMessages;
import io.jindou.conversation.ConversationService;
import io.jindou.cluster.NodeRpc;
import io.jindou.cluster.Presence;
import io.jindou.store.PendingAcks;
import io.jindou.store.Store;
import io.jindou.usecase.SendHook;
import io.jindou.usecase.Webhooks;
import io.jindou.usecase.Conversations;
import io.jindou.usecase.DemoAccess;
import io.jindou.usecase.Limits;
import io.jindou.usecase.ManageChannels;
import io.jindou.usecase.ManageUsers;
import io.jindou.usecase.NodeOps;
import io.jindou.usecase.ReadMessages;
import io.jindou.usecase.SendMessages;
import io.jindou.usecase.Tags;
import io.jindou.usecase.UseCases;
import io.jindou.user.RateLimiter;
import io.jindou.user.UserService;
import io.vertx.core.Vertx;

/**
 * Builds the node's use cases over its domain services and store, with the limits, rates and hooks of the
 * configuration. It only wires: it decides nothing and keeps no state of its own.
 */
final class UseCaseWiring {
  private UseCaseWiring() {
  }

  /** Every operation of the node, over the domain services, with the request limits from the configuration. */
  static UseCases build(Vertx vertx, Settings settings, Store store, Metrics metrics, ChannelService channels,
      UserService users, NodeRpc nodeRpc, PendingAcks pending,
      Presence presence, int nodeId, boolean datasource, Webhooks webhooks) {
    Limits limits = settings.limits();
    ChangeMessages.Observer changeEvents = settings.events().enabled() ? new MessageChangeEvents(vertx)
        : (op, actor, m) -> {
        };
    RateLimiter sendRate = new RateLimiter(settings.sendRate().perSecond(), settings.sendRate().burst());
    if (sendRate.enabled()) {
      vertx.setPeriodic(30_000, t -> sendRate.sweep()); // forget the buckets of uids that went quiet
    }
    ConversationService conversations = new ConversationService(store.conversations(), store.messages());
    ManageChannels manageChannels = new ManageChannels(channels, new ChannelQueries(store.channels()), limits);
    ManageUsers manageUsers = new ManageUsers(users, nodeRpc, limits);
    StreamQueries streamQueries = new StreamQueries(store.streams(), settings.streams().idleTimeoutMs());
    ReadMessages reads = new ReadMessages(new MessageQueries(store.messages()), conversations, limits,
        datasource ? channels : null).streams(streamQueries);
    SendMessages sends = new SendMessages(channels, sendRate, users::isSystemUid, limits, metrics,
        WebhookWiring.sendHook(vertx, settings.beforeSend(), settings.webhook().secret()), new SendHook.Policy(
        settings.beforeSend().allowOnError(), settings.beforeSend().system()));
    return new UseCases(
        sends,
        reads,
        manageChannels,
        new Conversations(conversations, new CommandSync(store.conversations(), store.messages(), pending),
            new RecentMessages(store.conversations(), store.messages()),
            new ConversationPass(store.conversations(), store.messages()), channels, limits,
            settings.syncChannelsMax()).streams(streamQueries),
        manageUsers,
        new NodeOps(nodeRpc, limits),
        new DemoAccess(settings.web().demoEnabled(), users, channels, manageChannels),
        new Tags(channels, presence, nodeId, limits),
        new ChangeMessages(channels, reads, limits, changeEvents,
            new io.jindou.channel.RetentionSettings(store.messages()))
            .receiptNotices(new io.jindou.usecase.ReceiptNotices(vertx, channels, 1_000)),
        new io.jindou.usecase.EraseUser(channels, conversations, manageUsers, limits,
            new io.jindou.channel.StoredChannels(store.messages())),
        new StreamMessages(channels, streamQueries, reads, sends, limits), webhooks);
  }
}
