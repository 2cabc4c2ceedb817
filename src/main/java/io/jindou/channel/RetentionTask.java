package io.jindou.channel;

import io.jindou.model.ChannelKey;
import io.jindou.model.Message;
import io.jindou.store.MessageStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Retention on one owner shard: on each tick it visits up to {@code channelsPerTick} of the channels the shard holds
 * (in turn, so every held channel is visited), one at a time, and deletes for everyone what is past the policy —
 * more than {@code maxMessages} behind the head, or sent more than {@code days} ago; the channel's own settings
 * win over these defaults — as {@code /channel/clear}
 * does, holding the channel only for that one step. Its impact on sends is bounded: one channel at a time, and each
 * clear is one range deletion (RocksDB) or steps of bounded size (Redis). Channels the shard does not hold (idle
 * since the node started) are visited through {@link #visit} by the node's {@link RetentionSweep}. It also removes the content of messages whose own
 * {@code expire} has passed, in channels where this owner stored such messages (so they survive a restart until
 * their channel is sent to again). Runs on the owner's event loop only; never overlaps itself.
 */
final class RetentionTask {
  private static final Logger LOG = Logger.getLogger(RetentionTask.class.getName());
  /** The most messages read to find the age cut of one channel per visit (older ones wait for the next visit). */
  static final int AGE_SCAN = 1_000;

  /** The node's defaults (0 = that rule is off) and the visits per tick. */
  record Policy(long days, long maxMessages, int channelsPerTick) {
  }

  private final ChannelStates states;
  private final MessageStore messages;
  private final Policy policy;
  private int offset;
  private boolean running;

  RetentionTask(ChannelStates states, MessageStore messages, Policy policy) {
    this.states = states;
    this.messages = messages;
    this.policy = policy;
  }

  void tick() {
    if (running) {
      return;
    }
    List<Map.Entry<ChannelKey, ChannelState>> held = states.recent(Integer.MAX_VALUE);
    if (held.isEmpty()) {
      return;
    }
    List<ChannelKey> visit = new ArrayList<>();
    for (int i = 0; i < Math.min(policy.channelsPerTick(), held.size()); i++) {
      visit.add(held.get((offset + i) % held.size()).getKey());
    }
    offset = (offset + visit.size()) % Math.max(1, held.size());
    running = true;
    visitFrom(visit, 0).onComplete(x -> running = false);
  }

  private Future<Void> visitFrom(List<ChannelKey> keys, int i) {
    if (i >= keys.size()) {
      return Future.succeededFuture();
    }
    return trim(keys.get(i)).recover(e -> {
      LOG.warning("retention of channel " + keys.get(i).id() + " failed: " + e.getMessage());
      return Future.succeededFuture();
    }).compose(v -> visitFrom(keys, i + 1));
  }

  /** One channel: wait for its turn, find the cut, clear up to it. */
  private Future<Void> trim(ChannelKey key) {
    Promise<Void> done = Promise.promise();
    states.with(key, ar -> {
      if (ar.failed()) {
        done.fail(ar.cause());
        return;
      }
      ChannelState st = ar.result();
      ChannelStates.hold(st);
      Future<Long> cut;
      try {
        cut = cut(key);
      } catch (RuntimeException e) {
        cut = Future.failedFuture(e);
      }
      cut.compose(upTo -> clearUpTo(key, upTo))
          .compose(v -> st.expiringFrom > 0 ? sweepExpired(key, st) : Future.<Void>succeededFuture())
          .onComplete(res -> {
            ChannelStates.release(st);
            done.handle(res);
          });
    });
    return done.future();
  }

  /**
   * One visit of a channel found on disk ({@link RetentionSweep}): a channel this shard holds is trimmed in its turn
   * as on a tick; one it does not hold is trimmed without loading it (its cut and clear go through the store's
   * write order, and a send that loads it meanwhile only appends above the cut). Completes with whether it cleared.
   */
  Future<Boolean> visit(ChannelKey key) {
    if (states.holds(key)) {
      return messages.clearedUpTo(key).compose(before -> trim(key).compose(v -> messages.clearedUpTo(key))
          .map(after -> after > before));
    }
    return cut(key).compose(upTo -> clearUpTo(key, upTo).map(v -> upTo > 0));
  }

  private Future<Void> clearUpTo(ChannelKey key, long upTo) {
    return upTo <= 0 ? Future.succeededFuture() : messages.clear(key, upTo).onSuccess(v ->
        LOG.info("retention cleared channel " + key.id() + " (type " + key.type() + ") up to seq " + upTo));
  }

  /**
   * Removes the content of the expired messages from {@code st.expiringFrom} on (at most {@link #AGE_SCAN} read per
   * visit), as an erasure does (a tombstone keeps the seq; devices see it in {@code /message/extra/sync}), and moves
   * {@code expiringFrom} to the first message that has not expired yet (0 when none is left).
   */
  private Future<Void> sweepExpired(ChannelKey key, ChannelState st) {
    long now = System.currentTimeMillis() / 1000;
    return messages.readForward(key, st.expiringFrom, 0, AGE_SCAN, 4L << 20).compose(ms -> {
      List<Message> expired = new ArrayList<>();
      long next = 0;
      for (Message m : ms) {
        if (m.expire() > 0 && m.timestamp() + m.expire() <= now) {
          if (m.payload().length > 0 || !m.extra().deleted()) {
            expired.add(m);
          }
        } else if (m.expire() > 0 && next == 0) {
          next = m.messageSeq();
        }
      }
      boolean whole = ms.size() < AGE_SCAN;
      long resume = next > 0 ? next : whole ? 0 : ms.get(ms.size() - 1).messageSeq() + 1;
      return eraseEach(key, st, expired, 0).onSuccess(v -> st.expiringFrom = resume);
    });
  }

  private Future<Void> eraseEach(ChannelKey key, ChannelState st, List<Message> ms, int i) {
    if (i >= ms.size()) {
      return Future.succeededFuture();
    }
    Future<Long> head = st.extraHead >= 0 ? Future.succeededFuture(st.extraHead) : messages.extraHead(key);
    return head.compose(h -> {
      Message next = ChangeRules.erased(ms.get(i), h + 1);
      if (next == null) {
        return eraseEach(key, st, ms, i + 1);
      }
      return messages.mutate(WritePlans.change(ms.get(i), next)).compose(o -> {
        if (o != io.jindou.store.MutationPlan.Outcome.APPLIED) {
          st.extraHead = -1;
          return Future.failedFuture("message " + ms.get(i).messageId() + " changed meanwhile (" + o + ")");
        }
        st.extraHead = h + 1;
        return eraseEach(key, st, ms, i + 1);
      });
    });
  }

  /**
   * The highest seq past the policy (0 = none): by count from the head, by age from the oldest kept. The channel's
   * own settings ({@code /channel/retention}) win over the node's defaults.
   */
  private Future<Long> cut(ChannelKey key) {
    Future<Long> head = messages.lastSeq(key);
    Future<Long> clearedTo = messages.clearedUpTo(key);
    Future<io.jindou.store.Retention> own = messages.retention(key);
    return Future.all(head, clearedTo, own).compose(f -> {
      long cleared = clearedTo.result();
      long days = own.result().days(policy.days());
      long max = own.result().maxMessages(policy.maxMessages());
      long byCount = max > 0 ? head.result() - max : 0;
      if (days <= 0) {
        return Future.succeededFuture(byCount > cleared ? byCount : 0L);
      }
      long oldest = System.currentTimeMillis() / 1000 - days * 86_400;
      return messages.readForward(key, Math.max(cleared, byCount) + 1, 0, AGE_SCAN).map(ms -> {
        long byAge = 0;
        for (Message m : ms) {
          if (m.timestamp() >= oldest) {
            break;
          }
          byAge = m.messageSeq();
        }
        long upTo = Math.max(byCount, byAge);
        return upTo > cleared ? upTo : 0L;
      });
    });
  }
}
