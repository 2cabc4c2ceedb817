package io.jindou.channel;

import io.jindou.cluster.Addresses;
import io.jindou.metrics.Metrics;
import io.jindou.model.CachedChannels;
import io.jindou.model.CachedChannelsQuery;
import io.jindou.model.ChannelCommand;
import io.jindou.model.ChannelMembers;
import io.jindou.model.ChannelMembersQuery;
import io.jindou.model.ChannelReload;
import io.jindou.model.DeliveryGate;
import io.jindou.model.ChannelInfoQuery;
import io.jindou.model.EventCommand;
import io.jindou.model.Failures;
import io.jindou.model.JindouException;
import io.jindou.model.Reason;
import io.jindou.model.SendCommand;
import io.jindou.store.ChannelListStore;
import io.jindou.store.ChannelStore;
import io.jindou.store.Datasource;
import io.jindou.store.MessageStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.function.Predicate;
import java.util.logging.Logger;

/**
 * One channel-owner shard: every send, stream event, membership or list change and message change of the channels
 * that hash to this shard runs here, on one event loop, in arrival order ({@link SendFlow}, {@link StreamFlow} —
 * which also ends streams left idle — {@link MutationFlow}, {@link ChangeFlow}), and so do the
 * questions about them (flags and lists, recipients, what the shard holds in memory, forgetting a channel so it
 * is loaded again). Replies go out only after durability. While this node's deliveries are behind (the {@link
 * DeliveryGate} is shut) it holds new writes in arrival order and answers questions meanwhile. It never blocks and
 * never lets a slow listener delay a reply. A node that does not see a majority of its cluster refuses every write
 * here (UNAVAILABLE): the majority side owns these channels then, and one channel must never have two writing
 * owners.
 */
public final class ChannelOwnerVerticle extends VerticleBase {
  private static final Logger LOG = Logger.getLogger(ChannelOwnerVerticle.class.getName());

  /** What an owner needs from the node. */
  public record Deps(MessageStore messages, ChannelStore channels, ChannelListStore lists, Predicate<String> isSystemUid,
      boolean personWhitelist, MessageIds ids, CommitListener listener, PolicyFacts facts,
      java.util.function.LongSupplier ringVersion, int channelCacheMax, Datasource datasource,
      long datasourceCacheMs, int subscribersMax, java.util.function.BooleanSupplier majority, Metrics metrics,
      long revokeWindowSeconds, long editWindowSeconds, long retentionDays, long retentionMaxMessages,
      long retentionIntervalMs, StreamDeps streams, OutboxNodes outboxNodes, DeliveryGate gate) {

    /**
     * {@code outboxNodes}: the node whose webhook outbox each stored message, stream event and message change gets an
     * entry in, asked per write; {@link WritePlans#NO_OUTBOX} when webhooks are off, the event is not wanted or the
     * outbox is at its cap. {@code gate}: whether this node's connections can take more deliveries; while it is shut
     * the owners hold new writes (in arrival order, at most {@link #DEFERRED_MAX} per shard).
     */
    public Deps {
    }

    /** These deps with {@code gate} as the delivery gate. */
    public Deps withGate(DeliveryGate gate) {
      return new Deps(messages, channels, lists, isSystemUid, personWhitelist, ids, listener, facts, ringVersion,
          channelCacheMax, datasource, datasourceCacheMs, subscribersMax, majority, metrics, revokeWindowSeconds,
          editWindowSeconds, retentionDays, retentionMaxMessages, retentionIntervalMs, streams, outboxNodes, gate);
    }

    /** Without a datasource, with the default {@code channel_subscribers_max}. */
    public Deps(MessageStore messages, ChannelStore channels, ChannelListStore lists, Predicate<String> isSystemUid,
        boolean personWhitelist, MessageIds ids, CommitListener listener, PolicyFacts facts,
        java.util.function.LongSupplier ringVersion, int channelCacheMax) {
      this(messages, channels, lists, isSystemUid, personWhitelist, ids, listener, facts, ringVersion, channelCacheMax,
          Datasource.NONE, Long.MAX_VALUE, MutationFlow.SUBSCRIBERS_MAX, () -> true, Metrics.OFF,
          ChangeRules.Windows.DEFAULT.revokeSeconds(), ChangeRules.Windows.DEFAULT.editSeconds(), 0, 0, 60_000,
          StreamDeps.none(), OutboxNodes.NONE, DeliveryGate.ALWAYS_OPEN);
    }
  }

  /**
   * Writes one shard holds while the delivery gate is shut; past this it refuses new ones (UNAVAILABLE, a 503 the
   * caller retries) instead of holding more.
   */
  public static final int DEFERRED_MAX = 2048;

  /** Channels one shard's retention visits per tick. */
  public static final int RETENTION_CHANNELS_PER_TICK = 64;
  private final int nodeId;
  private final int shard;
  private final Deps deps;
  private MessageConsumer<Object> consumer;
  private ChannelStates states;
  private SendFlow sends;
  private MutationFlow mutations;
  private ChangeFlow changes;
  private StreamFlow streams;
  private long idleTimer = -1;
  private RetentionTask retention;
  /** Writes held while the delivery gate is shut, in arrival order. */
  private final java.util.ArrayDeque<Message<Object>> deferred = new java.util.ArrayDeque<>();
  private boolean waitingForGate;

  public ChannelOwnerVerticle(int nodeId, int shard, Deps deps) {
    this.nodeId = nodeId;
    this.shard = shard;
    this.deps = deps;
  }

  @Override
  public Future<?> start() {
    states = new ChannelStates(deps.channels(), deps.lists(), deps.ringVersion(), deps.channelCacheMax(),
        new DatasourceAnswers(deps.datasource(), deps.datasourceCacheMs()),
        key -> vertx.eventBus().publish(PolicyFacts.CHANGED_ADDRESS, key.id()));
    sends = new SendFlow(states, deps.messages(), new SendPolicy(deps.isSystemUid(), deps.personWhitelist()),
        deps.ids(), deps.listener(), deps.facts(), deps.metrics(), deps.outboxNodes()::messages);
    mutations = new MutationFlow(vertx, states, deps.channels(), deps.lists(), deps.subscribersMax(), deps.facts());
    deps.metrics().gauge("jindou.channels.cached", "channels an owner shard holds in memory", states,
        ChannelStates::cached, "shard", Integer.toString(shard));
    changes = new ChangeFlow(states, deps.messages(), deps.isSystemUid(),
        new ChangeRules.Windows(deps.revokeWindowSeconds(), deps.editWindowSeconds()), deps.streams().store(),
        deps.outboxNodes()::changes);
    RetentionTask.Policy retention = new RetentionTask.Policy(deps.retentionDays(), deps.retentionMaxMessages(),
        RETENTION_CHANNELS_PER_TICK);
    RetentionTask task = new RetentionTask(states, deps.messages(), retention); // own settings, expired messages
    this.retention = task;
    vertx.setPeriodic(deps.retentionIntervalMs(), t -> {
      if (deps.majority().getAsBoolean()) { // a cut-off node writes nothing, retention included
        task.tick();
      }
    });
    streams = new StreamFlow(states, deps.messages(), deps.streams(), deps.outboxNodes()::streams);
    long idle = deps.streams().idleTimeoutMs();
    if (idle > 0) {
      idleTimer = vertx.setPeriodic(Math.max(100, Math.min(idle / 2, 5000)), t -> {
        if (deps.majority().getAsBoolean()) { // a cut-off node closes no stream
          endIdle(idle);
        }
      });
    }
    consumer = vertx.eventBus().consumer(Addresses.owner(nodeId, shard), this::handle);
    return consumer.completion();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(idleTimer);
    for (Message<Object> held; (held = deferred.poll()) != null; ) { // their callers retry on the next owner
      fail(held, JindouException.unavailable("the channel owner on node " + nodeId + " stopped before this write ran"));
    }
    return consumer.unregister();
  }

  private static boolean isWrite(Object body) {
    return body instanceof SendCommand || body instanceof EventCommand || body instanceof ChannelCommand
        || body instanceof io.jindou.model.MessageChange;
  }

  /**
   * Takes a request: a write waits while the delivery gate is shut or earlier writes still wait (so writes keep
   * their arrival order); questions never wait.
   */
  private void handle(Message<Object> msg) {
    if (!isWrite(msg.body()) || deferred.isEmpty() && deps.gate().open()) {
      process(msg);
      return;
    }
    if (deferred.size() >= DEFERRED_MAX) {
      deps.gate().held(true);
      fail(msg, new JindouException(JindouException.Kind.UNAVAILABLE, Reason.SYSTEM_ERROR, "node " + nodeId
          + " is busy: its deliveries are behind and " + DEFERRED_MAX + " writes already wait on this shard; retry"));
      return;
    }
    deferred.add(msg);
    deps.gate().held(false);
    awaitGate();
  }

  private void awaitGate() {
    if (!waitingForGate) {
      waitingForGate = true;
      io.vertx.core.Context here = context;
      deps.gate().whenOpen(() -> here.runOnContext(v -> drain()));
    }
  }

  /** Runs the held writes in order while the gate stays open. */
  private void drain() {
    waitingForGate = false;
    while (!deferred.isEmpty()) {
      if (!deps.gate().open()) {
        awaitGate();
        return;
      }
      process(deferred.poll());
    }
  }

  private void process(Message<Object> msg) {
    Object body = msg.body();
    if (isWrite(body) && !deps.majority().getAsBoolean()) {
      fail(msg, new JindouException(JindouException.Kind.UNAVAILABLE, Reason.NODE_NOT_MATCH, "node " + nodeId
          + " does not see a majority of the cluster (it may be cut off): it refuses writes until it does; retry on"
          + " another node"));
      return;
    }
    if (body instanceof SendCommand cmd) {
      deps.metrics().stageSince(Metrics.Stage.ACCEPT_TO_OWNER, cmd.acceptedAtMicros());
      sends.send(cmd, msg);
    } else if (body instanceof EventCommand cmd) {
      streams.event(cmd, msg::reply, t -> fail(msg, t));
    } else if (body instanceof ChannelCommand cmd) {
      mutations.apply(cmd, msg);
    } else if (body instanceof io.jindou.model.MessageChange change
        && change.op() == io.jindou.model.MessageChange.Op.RETAIN) {
      retention.visit(change.channel()).onComplete(ar -> {
        if (ar.failed()) {
          fail(msg, ar.cause());
        } else {
          msg.reply(new io.jindou.model.MessageChange.Result(null, ar.result()));
        }
      });
    } else if (body instanceof io.jindou.model.MessageChange change) {
      changes.apply(change, msg);
    } else if (body instanceof ChannelInfoQuery q) {
      states.with(q.channel(), ar -> {
        if (ar.failed()) {
          fail(msg, ar.cause());
        } else {
          msg.reply(ar.result().facts());
        }
      });
    } else if (body instanceof ChannelMembersQuery q) {
      states.with(q.channel(), ar -> {
        if (ar.failed()) {
          fail(msg, ar.cause());
        } else {
          msg.reply(members(q.channel(), ar.result()));
        }
      });
    } else if (body instanceof ChannelReload r) {
      states.forget(r.channel());
      msg.reply("ok");
    } else if (body instanceof CachedChannelsQuery q) {
      msg.reply(new CachedChannels(states.recent(q.limit()).stream().map(e -> members(e.getKey(), e.getValue()))
          .toList()));
    } else {
      fail(msg, new IllegalArgumentException("unknown owner request " + (body == null ? "null" : body.getClass())));
    }
  }

  /** Ends the cached open streams silent for {@code idleMs} with end reason 1 (timeout), as a stream.close. */
  private void endIdle(long idleMs) {
    for (EventCommand cmd : streams.idle(System.currentTimeMillis() - idleMs)) {
      streams.event(cmd, r -> LOG.info("stream " + cmd.clientMsgNo() + " ended after " + idleMs + " ms idle"),
          t -> LOG.fine("idle stream " + cmd.clientMsgNo() + " not ended: " + t.getMessage()));
    }
  }

  private static ChannelMembers members(io.jindou.model.ChannelKey key, ChannelState st) {
    return new ChannelMembers(key, st.exists(), new java.util.ArrayList<>(SendFlow.recipients(key, st)));
  }

  /** Fails an owner request; {@link Failures} packs the kind and reason for the hop back to the caller. */
  static void fail(Message<Object> msg, Throwable t) {
    if (!(t instanceof JindouException)) {
      LOG.warning("owner request failed: " + t);
    }
    Failures.reply(msg, t);
  }
}
