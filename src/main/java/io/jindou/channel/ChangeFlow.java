package io.jindou.channel;

import io.jindou.model.ChannelKey;
import io.jindou.model.JindouException;
import io.jindou.model.Message;
import io.jindou.model.MessageChange;
import io.jindou.model.Reason;
import io.jindou.store.MessageStore;
import io.jindou.store.MutationPlan;
import io.vertx.core.Future;
import java.util.List;
import java.util.function.Predicate;

/**
 * Message changes on an owner (recall, edit, delete, hiding, reactions): holds the channel (so sends and other
 * changes wait), reads the message and the channel's extra head, lets {@link ChangeRules} decide, and writes the
 * {@link WritePlans#change change plan}; replies after durability. The head is cached in the channel's state and
 * read again when the store says the plan was stale (another owner wrote meanwhile, during a ring change); after
 * a few stale answers the change fails as unavailable, having written nothing. Runs on the owner's event loop only.
 */
final class ChangeFlow {
  static final int ATTEMPTS = 3;
  /** Messages (and their bytes) read per step of an erasure. */
  private static final int ERASE_PAGE = 500;
  private static final long ERASE_PAGE_BYTES = 4L << 20;
  private final ChannelStates states;
  private final MessageStore messages;
  private final Predicate<String> isSystemUid;
  private final ChangeRules.Windows windows;
  private final io.jindou.store.StreamStore streams;
  private final ReceiptFlow receipts;
  private final java.util.function.IntSupplier outboxNode;

  ChangeFlow(ChannelStates states, MessageStore messages, Predicate<String> isSystemUid, ChangeRules.Windows windows,
      io.jindou.store.StreamStore streams, java.util.function.IntSupplier outboxNode) {
    this.outboxNode = outboxNode;
    this.states = states;
    this.messages = messages;
    this.streams = streams;
    this.isSystemUid = isSystemUid;
    this.windows = windows;
    this.receipts = new ReceiptFlow(states, messages, outboxNode);
  }

  void apply(MessageChange c, io.vertx.core.eventbus.Message<Object> msg) {
    if (c.op() == MessageChange.Op.READ) {
      receipts.apply(c, msg);
      return;
    }
    states.with(c.channel(), ar -> {
      if (ar.failed()) {
        ChannelOwnerVerticle.fail(msg, ar.cause());
        return;
      }
      ChannelState st = ar.result();
      ChannelStates.hold(st);
      Future<MessageChange.Result> done;
      try {
        done = attempt(c, st, 1);
      } catch (RuntimeException e) {
        done = Future.failedFuture(e);
      }
      done.onComplete(res -> {
        if (res.succeeded()) {
          msg.reply(res.result());
        } else {
          if (!(res.cause() instanceof JindouException)) {
            st.extraHead = -1; // we do not know what is durable: read the head again next time
          }
          ChannelOwnerVerticle.fail(msg, res.cause());
        }
        ChannelStates.release(st);
      });
    });
  }

  private Future<MessageChange.Result> attempt(MessageChange c, ChannelState st, int n) {
    if (c.op() == MessageChange.Op.ERASE) {
      return messages.clearedUpTo(c.channel()).compose(cleared -> eraseFrom(c, st, cleared + 1, 0));
    }
    if (c.op() == MessageChange.Op.CLEAR) {
      return messages.lastSeq(c.channel()).compose(last -> {
        long upTo = c.messageSeq() <= 0 ? last : Math.min(c.messageSeq(), last);
        return upTo <= 0 ? Future.succeededFuture(new MessageChange.Result(null, false))
            : messages.clear(c.channel(), upTo).map(v -> new MessageChange.Result(null, true));
      });
    }
    ChannelKey key = c.channel();
    Future<Long> head = st.extraHead >= 0 ? Future.succeededFuture(st.extraHead) : messages.extraHead(key);
    Future<List<Message>> found = c.messageId() > 0 ? messages.getByIds(key, List.of(c.messageId()))
        : messages.getBySeqs(key, List.of(c.messageSeq()));
    return Future.all(head, found).compose(x -> {
      long h = head.result();
      st.extraHead = h;
      if (found.result().isEmpty()) {
        return Future.failedFuture(notFound(c));
      }
      Message current = found.result().get(0);
      boolean moderator = c.manager() || (c.actor() != null && isSystemUid.test(c.actor()));
      boolean member = c.actor() != null && SendFlow.recipients(key, st).contains(c.actor());
      Message next = ChangeRules.next(current, c, h + 1, System.currentTimeMillis() / 1000, moderator, member,
          windows);
      if (next == null) {
        return Future.succeededFuture(new MessageChange.Result(current, false));
      }
      MutationPlan plan = WritePlans.change(current, next, outboxNode.getAsInt());
      return messages.mutate(plan).compose(outcome -> switch (outcome) {
        case APPLIED -> {
          st.extraHead = next.extra().version();
          yield Future.succeededFuture(new MessageChange.Result(next, true));
        }
        case MISSING -> Future.failedFuture(notFound(c));
        case STALE -> {
          st.extraHead = -1;
          yield n < ATTEMPTS ? attempt(c, st, n + 1) : Future.failedFuture(JindouException.unavailable(
              "message " + current.messageId() + " kept changing under another owner; retrying is safe"));
        }
      });
    });
  }

  /**
   * Erases the actor's messages from {@code from} on (their content, and the events of a stream one anchors), and
   * its traces on others' messages (its reactions, its place in the reader lists, its hiding), a page at a time; the
   * result says whether any changed.
   */
  private Future<MessageChange.Result> eraseFrom(MessageChange c, ChannelState st, long from, int erased) {
    return messages.readForward(c.channel(), from, 0, ERASE_PAGE, ERASE_PAGE_BYTES).compose(ms -> {
      if (ms.isEmpty()) { // the last page: its receipt cursor goes too (no payload, but the uid)
        return messages.forgetReceiptCursor(c.channel(), c.actor())
            .map(v -> new MessageChange.Result(null, erased > 0));
      }
      List<Message> touched = ms.stream().filter(m -> c.actor().equals(m.fromUid())
          || ChangeRules.forgotten(m, c.actor(), 1) != null).toList();
      long next = ms.get(ms.size() - 1).messageSeq() + 1;
      return eraseEach(c, st, touched, 0, 0).compose(n -> eraseFrom(c, st, next, erased + n));
    });
  }

  /** Deletes the stream events and summary anchored on the erased user's message, if it anchors a stream. */
  private Future<Void> eraseStream(Message m) {
    boolean anchor = m.streamAnchor() && m.clientMsgNo() != null && !m.clientMsgNo().isEmpty();
    return anchor && streams != null ? streams.erase(m.channel(), m.clientMsgNo()) : Future.succeededFuture();
  }

  private Future<Integer> eraseEach(MessageChange c, ChannelState st, List<Message> ms, int i, int done) {
    if (i >= ms.size()) {
      return Future.succeededFuture(done);
    }
    Future<Long> head = st.extraHead >= 0 ? Future.succeededFuture(st.extraHead) : messages.extraHead(c.channel());
    return head.compose(h -> {
      Message m = ms.get(i);
      boolean own = c.actor().equals(m.fromUid());
      Message next = own ? ChangeRules.erased(m, h + 1) : ChangeRules.forgotten(m, c.actor(), h + 1);
      Future<Void> stream = own ? eraseStream(m) : Future.succeededFuture();
      if (next == null) {
        return stream.compose(v -> eraseEach(c, st, ms, i + 1, done));
      }
      return messages.mutate(WritePlans.change(m, next, outboxNode.getAsInt())).compose(o -> {
        if (o == io.jindou.store.MutationPlan.Outcome.APPLIED) {
          st.extraHead = h + 1;
          return stream.compose(v -> eraseEach(c, st, ms, i + 1, done + 1));
        }
        st.extraHead = -1;
        return Future.failedFuture(JindouException.unavailable("message " + ms.get(i).messageId()
            + " changed under another owner during an erasure; erasing again is safe"));
      });
    });
  }

  private static JindouException notFound(MessageChange c) {
    return new JindouException(JindouException.Kind.NOT_FOUND, Reason.UNKNOWN, "no message "
        + (c.messageId() > 0 ? "with message_id " + c.messageId() : "with message_seq " + c.messageSeq())
        + " in channel " + c.channel().id() + " (type " + c.channel().type() + ")");
  }
}
