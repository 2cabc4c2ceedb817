package io.jindou.channel;

import io.jindou.model.ChannelKey;
import io.jindou.model.JindouException;
import io.jindou.model.Message;
import io.jindou.model.MessageChange;
import io.jindou.model.Reason;
import io.jindou.store.MessageStore;
import io.jindou.store.MutationPlan;
import io.jindou.store.ReceiptPlan;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Read receipts on an owner, batched: the reads of a channel that arrive while it waits for its turn (or while an
 * earlier batch holds it) are taken together when its turn comes — at most {@value #BATCH_MAX} at a time — and
 * planned one after another in memory (each reader's {@link ReceiptPlan} builds on the message states and extra
 * versions the earlier plans of the batch produce), then handed to the store all at once, so they share its commits
 * instead of each waiting for its own. A plan the store finds stale (another owner wrote meanwhile) wrote nothing;
 * it and the ones after it are then applied one by one as a single read would be. Only a member may report a read.
 * Runs on the owner's event loop only.
 */
final class ReceiptFlow {
  /** The most reads planned together. */
  static final int BATCH_MAX = 256;

  private record Ask(MessageChange c, io.vertx.core.eventbus.Message<Object> msg) {
  }

  private final ChannelStates states;
  private final MessageStore messages;
  private final Map<ChannelKey, List<Ask>> waiting = new HashMap<>();

  private final java.util.function.IntSupplier outboxNode;

  ReceiptFlow(ChannelStates states, MessageStore messages, java.util.function.IntSupplier outboxNode) {
    this.outboxNode = outboxNode;
    this.states = states;
    this.messages = messages;
  }

  void apply(MessageChange c, io.vertx.core.eventbus.Message<Object> msg) {
    ChannelKey key = c.channel();
    List<Ask> queued = waiting.get(key);
    if (queued != null) {
      queued.add(new Ask(c, msg)); // a batch of this channel waits for its turn: join it
      return;
    }
    queued = new ArrayList<>();
    queued.add(new Ask(c, msg));
    waiting.put(key, queued);
    states.with(key, ar -> {
      List<Ask> all = waiting.remove(key);
      List<Ask> batch = all.size() > BATCH_MAX ? new ArrayList<>(all.subList(0, BATCH_MAX)) : all;
      List<Ask> later = all.size() > BATCH_MAX ? all.subList(BATCH_MAX, all.size()) : List.of();
      later.forEach(a -> apply(a.c(), a.msg()));
      if (ar.failed()) {
        batch.forEach(a -> ChannelOwnerVerticle.fail(a.msg(), ar.cause()));
        return;
      }
      ChannelState st = ar.result();
      ChannelStates.hold(st);
      Future<List<Future<MessageChange.Result>>> done;
      try {
        done = batch(key, st, batch);
      } catch (RuntimeException e) {
        done = Future.failedFuture(e);
      }
      done.onComplete(res -> {
        for (int i = 0; i < batch.size(); i++) {
          Future<MessageChange.Result> one = res.succeeded() ? res.result().get(i) : Future.failedFuture(res.cause());
          if (one.succeeded()) {
            batch.get(i).msg().reply(one.result());
          } else {
            if (!(one.cause() instanceof JindouException)) {
              st.extraHead = -1; // we do not know what is durable: read the head again next time
            }
            ChannelOwnerVerticle.fail(batch.get(i).msg(), one.cause());
          }
        }
        ChannelStates.release(st);
      });
    });
  }

  /** The batch's results in its order (each completed), once every plan of it is applied or refused. */
  private Future<List<Future<MessageChange.Result>>> batch(ChannelKey key, ChannelState st, List<Ask> batch) {
    if (batch.size() == 1) {
      Future<MessageChange.Result> one = single(batch.get(0).c(), st, 1);
      return one.transform(ar -> Future.succeededFuture(List.of(one)));
    }
    Collection<String> members = SendFlow.recipients(key, st);
    Future<Long> head = st.extraHead >= 0 ? Future.succeededFuture(st.extraHead) : messages.extraHead(key);
    Future<Long> last = messages.lastSeq(key);
    List<Future<Long>> cursors = new ArrayList<>();
    for (Ask a : batch) {
      cursors.add(members.contains(a.c().actor()) ? messages.receiptCursor(key, a.c().actor())
          : Future.succeededFuture(-1L));
    }
    return Future.all(head, last, Future.all(cursors)).compose(x -> {
      long from = Long.MAX_VALUE;
      long to = 0;
      for (int i = 0; i < batch.size(); i++) {
        long cursor = cursors.get(i).result();
        long upTo = Math.min(batch.get(i).c().messageSeq(), last.result());
        if (cursor >= 0 && upTo > cursor) {
          from = Math.min(from, Math.max(cursor + 1, upTo - ChangeRules.RECEIPT_SCAN_MAX + 1));
          to = Math.max(to, upTo);
        }
      }
      if (to == 0 || to - from + 1 > 2L * ChangeRules.RECEIPT_SCAN_MAX) {
        return oneByOne(st, batch, 0, new ArrayList<>()); // nothing to count together, or too wide a range
      }
      long lo = from;
      return messages.readForward(key, lo, to + 1, (int) (to - lo + 1)).compose(ms -> {
        Map<Long, Message> current = new HashMap<>();
        ms.forEach(m -> current.put(m.messageSeq(), m));
        return plan(key, st, batch, members, head.result(), last.result(), cursors, current);
      });
    });
  }

  /** Plans every read of the batch in order, hands the plans to the store together, and sorts out the outcomes. */
  private Future<List<Future<MessageChange.Result>>> plan(ChannelKey key, ChannelState st, List<Ask> batch,
      Collection<String> members, long head, long last, List<Future<Long>> cursors, Map<Long, Message> current) {
    List<Future<MessageChange.Result>> results = new ArrayList<>();
    List<Future<MutationPlan.Outcome>> applied = new ArrayList<>();
    List<MessageChange.Result> ifApplied = new ArrayList<>();
    Map<String, Long> cursorNow = new HashMap<>();
    long version = head;
    for (int i = 0; i < batch.size(); i++) {
      MessageChange c = batch.get(i).c();
      long cursor = cursorNow.getOrDefault(c.actor(), cursors.get(i).result());
      long upTo = Math.min(c.messageSeq(), last);
      if (cursor < 0) {
        results.add(Future.failedFuture(JindouException.denied(Reason.SUBSCRIBER_NOT_EXIST, c.actor()
            + " is not a member of channel " + key.id() + " (type " + key.type() + ")")));
      } else if (upTo <= cursor) {
        results.add(Future.succeededFuture(new MessageChange.Result(null, false)));
      } else {
        List<MutationPlan> counted = new ArrayList<>();
        int node = outboxNode.getAsInt();
        List<MessageChange.Counted> raised = new ArrayList<>();
        Message shown = null;
        for (long seq = Math.max(cursor + 1, upTo - ChangeRules.RECEIPT_SCAN_MAX + 1); seq <= upTo; seq++) {
          Message m = current.get(seq);
          Message next = m == null ? null
              : ChangeRules.read(m, c.actor(), version + 1 + counted.size(), members.size() - 1L);
          if (next != null) {
            counted.add(WritePlans.change(m, next, node));
            raised.add(new MessageChange.Counted(next.messageId(), seq, next.fromUid()));
            current.put(seq, next);
            shown = next;
          }
        }
        version += counted.size();
        cursorNow.put(c.actor(), upTo);
        applied.add(messages.applyReceipt(WritePlans.receipt(key, c.actor(), cursor, upTo, counted)));
        ifApplied.add(new MessageChange.Result(shown, true, raised));
        results.add(null); // filled in from the store's outcome below
      }
    }
    long planned = version;
    return Future.join(applied).transform(x -> {
      List<Integer> redo = new ArrayList<>();
      int k = 0;
      for (int i = 0; i < results.size(); i++) {
        if (results.get(i) != null) {
          continue;
        }
        Future<MutationPlan.Outcome> o = applied.get(k);
        if (o.succeeded() && o.result() == MutationPlan.Outcome.APPLIED) {
          results.set(i, Future.succeededFuture(ifApplied.get(k)));
        } else {
          redo.add(i);
        }
        k++;
      }
      st.extraHead = redo.isEmpty() ? planned : -1;
      List<Ask> again = redo.stream().map(batch::get).toList();
      return oneByOne(st, again, 0, new ArrayList<>()).map(rs -> {
        for (int j = 0; j < redo.size(); j++) {
          results.set(redo.get(j), rs.get(j));
        }
        return results;
      });
    });
  }

  /** Each read on its own, in order (a plan refused as stale wrote nothing, so planning it again is safe). */
  private Future<List<Future<MessageChange.Result>>> oneByOne(ChannelState st, List<Ask> asks, int i,
      List<Future<MessageChange.Result>> done) {
    if (i >= asks.size()) {
      return Future.succeededFuture(done);
    }
    Future<MessageChange.Result> one = single(asks.get(i).c(), st, 1);
    return one.transform(ar -> {
      done.add(one);
      return oneByOne(st, asks, i + 1, done);
    });
  }

  /**
   * A read receipt: counts the receipt-enabled messages between the reader's cursor and {@code messageSeq} (at most
   * the newest {@link ChangeRules#RECEIPT_SCAN_MAX} of them) and moves the cursor, in one plan. Only a member may.
   */
  private Future<MessageChange.Result> single(MessageChange c, ChannelState st, int n) {
    ChannelKey key = c.channel();
    java.util.Collection<String> members = SendFlow.recipients(key, st);
    if (!members.contains(c.actor())) {
      return Future.failedFuture(JindouException.denied(Reason.SUBSCRIBER_NOT_EXIST, c.actor()
          + " is not a member of channel " + key.id() + " (type " + key.type() + ")"));
    }
    Future<Long> head = st.extraHead >= 0 ? Future.succeededFuture(st.extraHead) : messages.extraHead(key);
    Future<Long> cursor = messages.receiptCursor(key, c.actor());
    Future<Long> last = messages.lastSeq(key);
    return Future.all(head, cursor, last).compose(x -> {
      long upTo = Math.min(c.messageSeq(), last.result());
      long from = Math.max(cursor.result() + 1, upTo - ChangeRules.RECEIPT_SCAN_MAX + 1);
      st.extraHead = head.result();
      if (upTo <= cursor.result()) {
        return Future.succeededFuture(new MessageChange.Result(null, false));
      }
      return messages.readForward(key, from, upTo + 1, ChangeRules.RECEIPT_SCAN_MAX).compose(ms -> {
        List<io.jindou.store.MutationPlan> counted = new java.util.ArrayList<>();
        int node = outboxNode.getAsInt();
        Message lastCounted = null;
        for (Message m : ms) {
          Message next = ChangeRules.read(m, c.actor(), head.result() + 1 + counted.size(), members.size() - 1L);
          if (next != null) {
            counted.add(WritePlans.change(m, next, node));
            lastCounted = next;
          }
        }
        Message shown = lastCounted;
        List<MessageChange.Counted> raised = counted.stream().map(p -> new MessageChange.Counted(
            p.next().messageId(), p.next().messageSeq(), p.next().fromUid())).toList();
        return messages.applyReceipt(WritePlans.receipt(key, c.actor(), cursor.result(), upTo, counted))
            .compose(outcome -> switch (outcome) {
              case APPLIED -> {
                st.extraHead = head.result() + counted.size();
                yield Future.succeededFuture(new MessageChange.Result(shown, true, raised));
              }
              case MISSING, STALE -> {
                st.extraHead = -1;
                yield n < ChangeFlow.ATTEMPTS ? single(c, st, n + 1) : Future.failedFuture(JindouException.unavailable(
                    "the receipts of channel " + key.id() + " kept changing under another owner; retrying is safe"));
              }
            });
      });
    });
  }

}
