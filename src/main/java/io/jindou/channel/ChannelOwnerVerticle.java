package io.jindou.channel;

import io.jindou.cluster.Addresses;
import io.jindou.model.ChannelCommand;
import io.jindou.model.ChannelInfo;
import io.jindou.model.ChannelInfoQuery;
import io.jindou.model.ChannelKey;
import io.jindou.model.JindouException;
import io.jindou.model.Message;
import io.jindou.model.Reason;
import io.jindou.model.SendCommand;
import io.jindou.model.SendResult;
import io.jindou.store.ChannelStore;
import io.jindou.store.MessageStore;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.jindou.model.ChannelType;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * One channel-owner shard: every send and membership change of the channels that hash to this shard runs
 * here, on one event loop, in arrival order. It checks policy against cached channel state, stamps the
 * message id, appends through the store (whose group commit makes it durable) and replies only after that.
 * Committed messages go to the {@link CommitListener}. It never blocks, never replies before durability,
 * and never lets a slow listener delay a reply.
 */
public final class ChannelOwnerVerticle extends VerticleBase {
  private static final Logger LOG = Logger.getLogger(ChannelOwnerVerticle.class.getName());

  private final int nodeId;
  private final int shard;
  private final MessageStore messages;
  private final ChannelStore channels;
  private final SendPolicy policy;
  private final MessageIds ids;
  private final CommitListener listener;
  private final Map<ChannelKey, ChannelState> states = new HashMap<>();
  private MessageConsumer<Object> consumer;

  public ChannelOwnerVerticle(int nodeId, int shard, MessageStore messages, ChannelStore channels,
      java.util.function.Predicate<String> isSystemUid, MessageIds ids, CommitListener listener) {
    this.nodeId = nodeId;
    this.shard = shard;
    this.messages = messages;
    this.channels = channels;
    this.policy = new SendPolicy(isSystemUid);
    this.ids = ids;
    this.listener = listener;
  }

  @Override
  public Future<?> start() {
    consumer = vertx.eventBus().consumer(Addresses.owner(nodeId, shard), this::handle);
    return consumer.completion();
  }

  @Override
  public Future<?> stop() {
    return consumer.unregister();
  }

  private void handle(io.vertx.core.eventbus.Message<Object> msg) {
    Object body = msg.body();
    if (body instanceof SendCommand cmd) {
      send(cmd, msg);
    } else if (body instanceof ChannelCommand cmd) {
      mutate(cmd, msg);
    } else if (body instanceof ChannelInfoQuery q) {
      withChannel(q.channel(), ar -> {
        if (ar.failed()) {
          fail(msg, ar.cause());
        } else {
          msg.reply(ar.result().info);
        }
      });
    } else {
      msg.fail(50000 + Reason.SYSTEM_ERROR, "unknown owner request " + (body == null ? "null" : body.getClass()));
    }
  }

  private void send(SendCommand cmd, io.vertx.core.eventbus.Message<Object> msg) {
    Message draft = cmd.draft();
    withChannel(draft.channel().source(), ar -> {
      if (ar.failed()) {
        fail(msg, ar.cause());
        return;
      }
      try {
        policy.check(cmd, ar.result());
      } catch (JindouException e) {
        fail(msg, e);
        return;
      }
      Message stamped = draft.withIdentity(ids.next(), 0, System.currentTimeMillis() / 1000);
      if (draft.noPersist()) {
        msg.reply(new SendResult(stamped.messageId(), 0, stamped.clientMsgNo(), false));
        notifyCommitted(stamped, cmd, ar.result());
        return;
      }
      messages.append(List.of(stamped)).onComplete(res -> {
        if (res.failed()) {
          fail(msg, res.cause());
          return;
        }
        MessageStore.Appended a = res.result().get(0);
        Message m = a.message();
        switch (a.outcome()) {
          case STORED -> {
            msg.reply(new SendResult(m.messageId(), m.messageSeq(), m.clientMsgNo(), false));
            notifyCommitted(m, cmd, ar.result());
          }
          case DUPLICATE -> msg.reply(new SendResult(m.messageId(), m.messageSeq(), m.clientMsgNo(), true));
          case CONFLICT -> fail(msg, new JindouException(JindouException.Kind.CONFLICT, Reason.IDEMPOTENCY_CONFLICT,
              "client_msg_no '" + m.clientMsgNo() + "' from " + m.fromUid() + " was already used for a different "
                  + "payload (message_seq " + m.messageSeq() + ")"));
          default -> fail(msg, new IllegalStateException("unknown outcome " + a.outcome()));
        }
      });
    });
  }

  private void notifyCommitted(Message m, SendCommand cmd, ChannelState st) {
    try {
      listener.committed(m, recipients(cmd, st), cmd);
    } catch (RuntimeException e) {
      LOG.warning("fan-out of message " + m.messageId() + " failed: " + e);
    }
  }

  /** Who a message goes to: request-scoped list, the two people, or the subscribers (an immutable snapshot). */
  static Collection<String> recipients(SendCommand cmd, ChannelState st) {
    if (!cmd.subscribers().isEmpty()) {
      return cmd.subscribers();
    }
    ChannelKey src = cmd.draft().channel().source();
    switch (src.type()) {
      case ChannelType.PERSON, ChannelType.AGENT -> {
        int at = src.id().indexOf('@');
        if (at < 0) {
          return List.of(src.id());
        }
        String a = src.id().substring(0, at);
        String b = src.id().substring(at + 1);
        return a.equals(b) ? List.of(a) : List.of(a, b);
      }
      case ChannelType.VISITORS -> {
        Set<String> all = new HashSet<>(st.subscribers);
        all.add(src.id());
        return all;
      }
      default -> {
        return Collections.unmodifiableSet(st.subscribers);
      }
    }
  }

  private void mutate(ChannelCommand cmd, io.vertx.core.eventbus.Message<Object> msg) {
    ChannelKey key = cmd.channel();
    withChannel(key, ar -> {
      if (ar.failed()) {
        fail(msg, ar.cause());
        return;
      }
      ChannelState st = ar.result();
      ChannelInfo current = st.info;
      ChannelInfo next;
      boolean reset = cmd.reset();
      List<String> add = List.of();
      List<String> remove = List.of();
      switch (cmd.op()) {
        case UPSERT, SET_INFO -> {
          next = keepDisband(current, cmd.info());
          add = cmd.op() == ChannelCommand.Op.UPSERT ? cmd.subscribers() : List.of();
        }
        case ADD_SUBSCRIBERS -> {
          next = current == null ? ChannelInfo.DEFAULT : current;
          add = cmd.subscribers();
        }
        case REMOVE_SUBSCRIBERS -> {
          next = current;
          remove = cmd.subscribers();
        }
        case REMOVE_ALL_SUBSCRIBERS -> {
          next = current;
          reset = true;
        }
        case DELETE -> next = current == null ? null
            : new ChannelInfo(current.ban(), true, current.sendBan(), current.allowStranger(), current.large());
        default -> throw new IllegalStateException("unknown op " + cmd.op());
      }
      if (next == null) {
        msg.reply("ok"); // nothing to change on a channel that does not exist
        release(key, st);
        return;
      }
      Set<String> subs = reset ? new HashSet<>() : new HashSet<>(st.subscribers);
      subs.addAll(add);
      remove.forEach(subs::remove);
      boolean finalReset = reset;
      List<String> finalAdd = add;
      List<String> finalRemove = remove;
      channels.update(key, next, finalReset, finalAdd, finalRemove).onComplete(res -> {
        if (res.succeeded()) {
          st.info = next;
          st.subscribers = subs;
          msg.reply("ok");
          release(key, st);
        } else {
          states.remove(key); // reload from storage next time: we do not know what is durable
          fail(msg, res.cause());
          failWaiting(st, res.cause());
        }
      });
    }, true);
  }

  private static ChannelInfo keepDisband(ChannelInfo current, ChannelInfo requested) {
    if (current != null && current.disband() && !requested.disband()) {
      return new ChannelInfo(requested.ban(), true, requested.sendBan(), requested.allowStranger(), requested.large());
    }
    return requested;
  }

  private void withChannel(ChannelKey key, Handler<AsyncResult<ChannelState>> action) {
    withChannel(key, action, false);
  }

  /**
   * Runs {@code action} with the channel's state once it is loaded and no mutation is in flight. An
   * exclusive action keeps the channel busy until it calls {@link #release}.
   */
  private void withChannel(ChannelKey key, Handler<AsyncResult<ChannelState>> action, boolean exclusive) {
    ChannelState st = states.get(key);
    Handler<AsyncResult<ChannelState>> run = exclusive ? ar -> {
      if (ar.succeeded()) {
        ar.result().busy = true;
      }
      action.handle(ar);
    } : action;
    if (st == null) {
      ChannelState fresh = new ChannelState();
      states.put(key, fresh);
      fresh.waiting.add(run);
      channels.load(key).onComplete(res -> {
        if (res.failed()) {
          states.remove(key);
          failWaiting(fresh, res.cause());
          return;
        }
        if (res.result() != null) {
          fresh.info = res.result().info();
          fresh.subscribers = new HashSet<>(res.result().subscribers());
        }
        release(key, fresh);
      });
    } else if (st.busy) {
      st.waiting.add(run);
    } else {
      run.handle(Future.succeededFuture(st));
    }
  }

  /** Marks the channel idle and runs waiting work in order until an exclusive action takes it again. */
  private void release(ChannelKey key, ChannelState st) {
    st.busy = false;
    while (!st.busy && !st.waiting.isEmpty()) {
      st.waiting.poll().handle(Future.succeededFuture(st));
    }
  }

  private static void failWaiting(ChannelState st, Throwable cause) {
    while (!st.waiting.isEmpty()) {
      st.waiting.poll().handle(Future.failedFuture(cause));
    }
  }

  private static void fail(io.vertx.core.eventbus.Message<Object> msg, Throwable t) {
    if (t instanceof JindouException e) {
      msg.fail(e.failureCode(), e.getMessage());
    } else {
      LOG.warning("owner request failed: " + t);
      msg.fail(50000 + Reason.SYSTEM_ERROR, "internal error: " + t.getMessage());
    }
  }
}
