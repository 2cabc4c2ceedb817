package io.jindou.channel;

import io.jindou.metrics.Metrics;
import io.jindou.model.PersonChannels;
import io.jindou.model.ChannelFacts;
import io.jindou.model.ChannelKey;
import io.jindou.model.ChannelType;
import io.jindou.model.JindouException;
import io.jindou.model.Message;
import io.jindou.model.Reason;
import io.jindou.model.SendCommand;
import io.jindou.model.SendResult;
import io.jindou.store.MessagePlan;
import io.jindou.store.MessageStore;
import io.vertx.core.Future;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The send path on an owner: wait for the channel's turn, gather the person-channel facts policy needs
 * (holding the channel meanwhile so later sends cannot overtake), check policy, stamp the id, append its
 * {@link WritePlans write plan} through the store's group commit, reply after durability, then hand the
 * message and its recipients to the {@link CommitListener}. Runs on the owner's event loop only.
 */
final class SendFlow {
  private static final Logger LOG = Logger.getLogger(SendFlow.class.getName());
  private final ChannelStates states;
  private final MessageStore messages;
  private final SendPolicy policy;
  private final MessageIds ids;
  private final CommitListener listener;
  private final PolicyFacts facts;
  private final Metrics metrics;
  private final java.util.function.IntSupplier outboxNode;

  SendFlow(ChannelStates states, MessageStore messages, SendPolicy policy, MessageIds ids, CommitListener listener,
      PolicyFacts facts, Metrics metrics, java.util.function.IntSupplier outboxNode) {
    this.metrics = metrics;
    this.states = states;
    this.messages = messages;
    this.policy = policy;
    this.ids = ids;
    this.listener = listener;
    this.facts = facts;
    this.outboxNode = outboxNode;
  }

  void send(SendCommand cmd, io.vertx.core.eventbus.Message<Object> msg) {
    long arrived = System.nanoTime();
    ChannelKey key = cmd.draft().channel().source();
    states.with(key, ar -> {
      if (ar.failed()) {
        ChannelOwnerVerticle.fail(msg, ar.cause());
        return;
      }
      ChannelState st = ar.result();
      boolean exempt = policy.isSystemSender(cmd) || !cmd.subscribers().isEmpty();
      Future<ChannelFacts> sender = exempt ? Future.succeededFuture(null) : facts.of(cmd.draft().fromUid());
      Future<ChannelFacts> receiver = exempt || key.type() != ChannelType.PERSON ? Future.succeededFuture(null)
          : facts.of(PersonChannels.peerOf(key.id(), cmd.draft().fromUid()));
      if (sender.isComplete() && receiver.isComplete()) {
        decide(cmd, msg, st, sender, receiver, arrived);
      } else {
        ChannelStates.hold(st);
        Future.join(sender, receiver).onComplete(x -> {
          decide(cmd, msg, st, sender, receiver, arrived);
          ChannelStates.release(st);
        });
      }
    });
  }

  private void decide(SendCommand cmd, io.vertx.core.eventbus.Message<Object> msg, ChannelState st,
      Future<ChannelFacts> sender, Future<ChannelFacts> receiver, long arrived) {
    if (sender.failed() || receiver.failed()) {
      Throwable why = sender.failed() ? sender.cause() : receiver.cause();
      ChannelOwnerVerticle.fail(msg, new JindouException(JindouException.Kind.UNAVAILABLE, Reason.SYSTEM_ERROR,
          "could not check the send policy: " + why.getMessage()));
      return;
    }
    try {
      policy.check(cmd, st, sender.result(), receiver.result());
    } catch (JindouException e) {
      ChannelOwnerVerticle.fail(msg, e);
      return;
    }
    Message draft = cmd.draft();
    Message stamped = draft.withIdentity(ids.next(), 0, System.currentTimeMillis() / 1000);
    if ((draft.setting() & ChangeRules.RECEIPT) != 0 && !draft.noPersist() && !draft.channel().isCommandLog()) {
      stamped = withReceivers(stamped, recipients(cmd, st));
    }
    if (draft.noPersist()) {
      msg.reply(new SendResult(stamped.messageId(), 0, stamped.clientMsgNo(), false));
      notifyCommitted(stamped, cmd, st);
      return;
    }
    long asked = System.nanoTime();
    metrics.stage(Metrics.Stage.OWNER_QUEUE, asked - arrived);
    messages.append(List.of(plan(cmd, stamped, outboxNode.getAsInt()))).onComplete(res -> {
      metrics.stage(Metrics.Stage.STORE_COMMIT, System.nanoTime() - asked);
      if (res.failed()) {
        ChannelOwnerVerticle.fail(msg, res.cause());
        return;
      }
      MessageStore.Appended a = res.result().get(0);
      Message m = a.message();
      switch (a.outcome()) {
        case STORED -> {
          if (m.expire() > 0 && (st.expiringFrom == 0 || m.messageSeq() < st.expiringFrom)) {
            st.expiringFrom = m.messageSeq(); // the retention task removes its content once it expires
          }
          msg.reply(new SendResult(m.messageId(), m.messageSeq(), m.clientMsgNo(), false));
          notifyCommitted(m, cmd, st);
        }
        case DUPLICATE -> msg.reply(new SendResult(m.messageId(), m.messageSeq(), m.clientMsgNo(), true));
        case CONFLICT -> ChannelOwnerVerticle.fail(msg, new JindouException(JindouException.Kind.CONFLICT,
            Reason.IDEMPOTENCY_CONFLICT, "client_msg_no '" + m.clientMsgNo() + "' from " + m.fromUid()
                + " was already used for a different payload (message_seq " + m.messageSeq() + ")"));
        default -> ChannelOwnerVerticle.fail(msg, new IllegalStateException("unknown outcome " + a.outcome()));
      }
    });
  }

  /** A receipt-enabled message knows from the start how many may read it: its recipients but the sender. */
  private static Message withReceivers(Message m, Collection<String> recipients) {
    long receivers = recipients.size() - (recipients.contains(m.fromUid()) ? 1 : 0);
    return m.withExtra(new io.jindou.model.MessageExtra(0, false, null, false, 0, 0, List.of(), List.of(), 0,
        receivers, List.of()), m.payload());
  }

  private void notifyCommitted(Message m, SendCommand cmd, ChannelState st) {
    try {
      listener.committed(m, recipients(cmd, st), cmd);
    } catch (RuntimeException e) {
      LOG.warning("fan-out of message " + m.messageId() + " failed: " + e);
    }
  }

  /** What storing the stamped draft writes: the message, and the rows the domain's rules name. */
  static MessagePlan plan(SendCommand cmd, Message stamped) {
    return plan(cmd, stamped, WritePlans.NO_OUTBOX);
  }

  /** {@link #plan(SendCommand, Message)} with the webhook outbox entry of node {@code outboxNode} (webhooks on). */
  static MessagePlan plan(SendCommand cmd, Message stamped, int outboxNode) {
    return WritePlans.message(stamped, cmd.newClientMsgNo(), outboxNode);
  }

  /** Who a message goes to: request-scoped list, the two people, or the subscribers (an immutable snapshot). */
  static Collection<String> recipients(SendCommand cmd, ChannelState st) {
    if (!cmd.subscribers().isEmpty()) {
      return cmd.subscribers();
    }
    return recipients(cmd.draft().channel().source(), st);
  }

  /** Who a message to channel {@code src} goes to: the two people, or the subscribers (an immutable snapshot). */
  static Collection<String> recipients(ChannelKey src, ChannelState st) {
    switch (src.type()) {
      case ChannelType.PERSON, ChannelType.AGENT -> {
        return PersonChannels.parties(src.id());
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
}
