package io.jindou.channel;

import io.jindou.channel.StreamCache.Tip;
import io.jindou.model.ChannelKey;
import io.jindou.model.EventCommand;
import io.jindou.model.EventDelivery;
import io.jindou.model.EventResult;
import io.jindou.model.JindouException;
import io.jindou.model.Message;
import io.jindou.model.Reason;
import io.jindou.model.StreamEvent;
import io.jindou.model.StreamSummary;
import io.jindou.store.EventPlan;
import io.jindou.store.MessageStore;
import io.jindou.store.StreamStore;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The stream-event path on an owner, pipelined per anchor: events of one anchor are taken in arrival order (at most
 * {@value #QUEUE_MAX} waiting or in flight per anchor); each gets the next seq from the anchor's summary as it is
 * after the events already handed to the store (the pipe's tip; loaded from the {@link StreamCache}, the store, or
 * made new for a stored anchor message with the Stream bit, else NOT_FOUND), passes {@link StreamRules}, and its
 * {@link EventPlan} goes to the store at once, without waiting for the previous one to be durable, so the events of a
 * stream share group commits as messages do. Answers and pushes go out in seq order, each only once its event is
 * durable. An event is a checkpoint (its plan carries the whole summary) unless it is a text delta or chunk that comes
 * less than {@value #CHECKPOINT_EVENTS} events, {@value #CHECKPOINT_BYTES} payload bytes and a second (a quarter of
 * the idle timeout, if less) after the last checkpoint; readers replay the few events after it
 * ({@link StreamQueries}). When a store answer breaks the chain (a DUPLICATE event_id, a STALE head because another
 * owner wrote, a failure) the events after it come back STALE without being written; the pipe then stops taking
 * events until nothing is in flight, reloads the summary and hands those events in again, in order (an event STALE
 * without such a cause {@value #ATTEMPTS} times is answered unavailable). A refused event is answered in its turn
 * too; a retried event_id gets its original seq, also when the rules would now refuse it (after finish). Runs on the
 * owner's event loop only.
 */
final class StreamFlow {
  private static final Logger LOG = Logger.getLogger(StreamFlow.class.getName());
  static final int QUEUE_MAX = 1000;
  /** The event_id prefix of the close an owner writes for an idle stream (with the seq it was idle at). */
  static final String IDLE_EVENT = "__idle_timeout__";
  /** The most bytes of summaries one shard caches. */
  static final long CACHE_BYTES = 64L << 20;
  /** How often an event may find the head moved by another owner before it is answered unavailable. */
  static final int ATTEMPTS = 2;
  /** At most this many events (and payload bytes, and ms) between two checkpoints of an anchor's summary. */
  static final int CHECKPOINT_EVENTS = 64;
  static final long CHECKPOINT_BYTES = 16 << 10;
  static final long CHECKPOINT_MS = 1000;

  private record Anchor(ChannelKey channel, String clientMsgNo) {
  }

  /** One event of a pipe, waiting or in flight. */
  private static final class Job {
    final EventCommand cmd;
    final Consumer<EventResult> reply;
    final Consumer<Throwable> fail;
    int stale;
    StreamEvent event;
    StreamSummary before;
    StreamSummary after;
    ChannelState state;
    AsyncResult<StreamStore.Appended> result;
    /** Refused by the rules: answered in its turn, as the original when its event_id was stored before. */
    JindouException refused;
    boolean lookingUp;
    boolean lookedUp;
    StreamEvent original;

    Job(EventCommand cmd, Consumer<EventResult> reply, Consumer<Throwable> fail) {
      this.cmd = cmd;
      this.reply = reply;
      this.fail = fail;
    }
  }

  /** The event path of one anchor while it has work. */
  private static final class Pipe {
    final ArrayDeque<Job> queue = new ArrayDeque<>();
    final ArrayDeque<Job> inflight = new ArrayDeque<>();
    /** Jobs that came back STALE after the chain broke, handed in again first once nothing is in flight. */
    final List<Job> again = new ArrayList<>();
    /** The summary after the last event handed to the store; null: load it. */
    Tip tip;
    boolean stepping;
    boolean inStep;
    boolean broken;
  }

  private final ChannelStates states;
  private final MessageStore messages;
  private final StreamDeps deps;
  private final StreamRules rules;
  private final Map<Anchor, Pipe> pipes = new HashMap<>();
  private final StreamCache<Anchor> cache;
  private final StreamQueries stored;
  private final long checkpointMs;

  private final java.util.function.IntSupplier outboxNode;

  StreamFlow(ChannelStates states, MessageStore messages, StreamDeps deps, java.util.function.IntSupplier outboxNode) {
    this.outboxNode = outboxNode;
    this.states = states;
    this.messages = messages;
    this.deps = deps;
    this.rules = new StreamRules(deps.textMaxBytes(), deps.eventsMax());
    this.cache = new StreamCache<>(deps.cacheMax(), CACHE_BYTES);
    this.stored = deps.store() == null ? null : new StreamQueries(deps.store());
    this.checkpointMs = deps.idleTimeoutMs() > 0 ? Math.max(1, Math.min(CHECKPOINT_MS, deps.idleTimeoutMs() / 4))
        : CHECKPOINT_MS;
  }

  void event(EventCommand cmd, Consumer<EventResult> reply, Consumer<Throwable> fail) {
    if (deps.store() == null) {
      fail.accept(JindouException.unavailable("stream messages are not available on this node"));
      return;
    }
    Anchor a = new Anchor(cmd.channel(), cmd.clientMsgNo());
    Pipe p = pipes.computeIfAbsent(a, k -> new Pipe());
    if (p.queue.size() + p.inflight.size() + p.again.size() >= QUEUE_MAX) {
      fail.accept(JindouException.unavailable("too many events of this stream are waiting; retry later"));
      return;
    }
    p.queue.add(new Job(cmd, reply, fail));
    pump(a, p);
  }

  /** The open anchors cached on this shard whose last event is older than {@code beforeMs} (idle timeout). */
  List<EventCommand> idle(long beforeMs) {
    List<EventCommand> out = new ArrayList<>();
    for (Anchor a : cache.matching((a, s) -> s.idleSince(beforeMs) && !pipes.containsKey(a))) {
      out.add(timeoutOf(a, cache.get(a).summary()));
    }
    return out;
  }

  /** Takes the pipe's waiting events one step at a time (a trampoline: synchronous steps loop, never recurse). */
  private void pump(Anchor a, Pipe p) {
    while (!p.stepping && !p.broken && !p.queue.isEmpty()) {
      p.stepping = true;
      p.inStep = true;
      step(a, p);
      p.inStep = false;
    }
    retireIfDone(a, p);
  }

  private void stepped(Anchor a, Pipe p) {
    p.stepping = false;
    if (!p.inStep) {
      pump(a, p);
    }
  }

  private void retireIfDone(Anchor a, Pipe p) {
    if (!p.stepping && !p.broken && p.queue.isEmpty() && p.inflight.isEmpty() && p.again.isEmpty()
        && pipes.get(a) == p) {
      pipes.remove(a);
    }
  }

  /** One step: the head job's channel state and the tip, then the job (or an idle timeout before it) to the store. */
  private void step(Anchor a, Pipe p) {
    Job j = p.queue.peek();
    states.with(a.channel().source(), ar -> {
      if (p.broken) {
        stepped(a, p); // the settle that ends the break pumps again
      } else if (ar.failed()) {
        p.queue.poll();
        j.fail.accept(ar.cause());
        stepped(a, p);
      } else if (p.tip == null) {
        load(a).onComplete(lr -> {
          if (lr.failed() || lr.result() == null) {
            p.queue.poll();
            j.fail.accept(lr.failed() ? lr.cause() : new JindouException(JindouException.Kind.NOT_FOUND,
                Reason.UNKNOWN, "no stream message with client_msg_no '" + a.clientMsgNo()
                + "' in this channel (send it with is_stream 1 first)"));
          } else if (!p.broken) {
            p.tip = lr.result();
          }
          stepped(a, p);
        });
      } else if (deps.idleTimeoutMs() > 0 && !j.cmd.event().eventId().startsWith(IDLE_EVENT)
          && p.tip.summary().idleSince(System.currentTimeMillis() - deps.idleTimeoutMs())) {
        // silent past the timeout and not yet timed out (not cached here when it fell due: a restart, a move)
        submit(a, p, new Job(timeoutOf(a, p.tip.summary()), r -> {
        }, t -> {
        }), ar.result());
        stepped(a, p);
      } else {
        p.queue.poll();
        submit(a, p, j, ar.result());
        stepped(a, p);
      }
    });
  }

  private static EventCommand timeoutOf(Anchor a, StreamSummary s) {
    return new EventCommand(a.channel(), a.clientMsgNo(), new StreamEvent(0, IDLE_EVENT + s.lastSeq(),
        StreamRules.CLOSE, StreamSummary.MAIN, "public", System.currentTimeMillis(), "{\"end_reason\":1}"), "", false);
  }

  /** Applies the rules to the tip and hands the plan to the store; the answer comes in {@link #settle}. */
  private void submit(Anchor a, Pipe p, Job j, ChannelState st) {
    Tip tip = p.tip;
    StreamSummary cur = tip.summary();
    StreamEvent in = j.cmd.event();
    StreamEvent e = new StreamEvent(cur.lastSeq() + 1, in.eventId(), in.eventType(), in.eventKey(), in.visibility(),
        in.occurredAt(), in.payload());
    StreamSummary next;
    long now = System.currentTimeMillis();
    try {
      next = rules.apply(cur, e, j.cmd.force(), now);
    } catch (JindouException refused) {
      // answered in its turn, after the events before it are durable (see settle)
      j.refused = refused;
      j.before = cur;
      p.inflight.add(j);
      settle(a, p);
      return;
    }
    j.event = e;
    j.before = cur;
    j.after = next;
    j.state = st;
    boolean plain = (StreamRules.DELTA.equals(e.eventType()) || StreamRules.CHUNK.equals(e.eventType()))
        && !next.finished();
    int since = tip.sinceEvents() + 1;
    long bytes = tip.sinceBytes() + e.payload().length();
    boolean checkpoint = !plain || tip.checkpointAt() == 0 || since >= CHECKPOINT_EVENTS || bytes >= CHECKPOINT_BYTES
        || now - tip.checkpointAt() >= checkpointMs;
    p.tip = checkpoint ? new Tip(next, now, 0, 0) : new Tip(next, tip.checkpointAt(), since, bytes);
    cache.put(a, p.tip);
    p.inflight.add(j);
    long retainUntil = next.finished() && deps.retentionMs() > 0 ? now + deps.retentionMs() : 0;
    deps.store().append(new EventPlan(a.channel(), a.clientMsgNo(), e, checkpoint ? next : null, retainUntil,
        outboxNode.getAsInt()))
        .onComplete(res -> {
          j.result = res;
          settle(a, p);
        });
  }

  /**
   * Answers the in-flight jobs that are done, in arrival order; ends a break once nothing is in flight. A refused job
   * at the head looks its event_id up first: an event accepted before (a producer retrying after a lost answer) gets
   * its original answer.
   */
  private void settle(Anchor a, Pipe p) {
    while (!p.inflight.isEmpty() && (p.inflight.peek().result != null || p.inflight.peek().refused != null)) {
      Job r = p.inflight.peek();
      if (r.refused != null && p.broken) {
        // refused against a tip the break proved wrong: decided again after the reload
        p.inflight.poll();
        r.refused = null;
        p.again.add(r);
        continue;
      }
      if (r.refused != null) {
        if (!r.lookedUp) {
          if (!r.lookingUp) {
            r.lookingUp = true;
            deps.store().byEventId(a.channel(), a.clientMsgNo(), r.cmd.event().eventId()).onComplete(found -> {
              r.original = found.succeeded() ? found.result() : null;
              r.lookedUp = true;
              settle(a, p);
            });
          }
          return;
        }
        p.inflight.poll();
        if (r.original != null) {
          r.reply.accept(duplicate(r.original, r.before));
        } else {
          r.fail.accept(r.refused);
        }
        continue;
      }
      Job j = p.inflight.poll();
      if (j.result.failed()) {
        p.broken = true;
        j.fail.accept(j.result.cause());
        continue;
      }
      StreamStore.Appended done = j.result.result();
      switch (done.outcome()) {
        case STORED -> {
          String status = StreamRules.status(j.after, j.event.eventKey());
          j.reply.accept(new EventResult(j.event.msgEventSeq(), j.event.eventKey(), status, j.before.fromUid(),
              j.before.messageId(), false));
          push(a, j.state, j.event, j.after, status);
        }
        case DUPLICATE -> {
          p.broken = true;
          j.reply.accept(duplicate(done.event(), j.before));
        }
        default -> {
          // STALE: after a break it is only the break's echo; otherwise another owner wrote meanwhile
          if (!p.broken && ++j.stale >= ATTEMPTS) {
            p.broken = true;
            j.fail.accept(JindouException.unavailable("another owner is writing this stream; retry the same"
                + " event_id"));
          } else {
            p.broken = true;
            j.result = null;
            p.again.add(j);
          }
        }
      }
    }
    if (p.broken && p.inflight.isEmpty()) {
      p.broken = false;
      p.tip = null;
      cache.remove(a);
      for (int i = p.again.size() - 1; i >= 0; i--) {
        p.queue.addFirst(p.again.get(i));
      }
      p.again.clear();
      pump(a, p);
    } else {
      retireIfDone(a, p);
    }
  }

  private static EventResult duplicate(StreamEvent original, StreamSummary cur) {
    return new EventResult(original.msgEventSeq(), original.eventKey(), StreamRules.status(cur, original.eventKey()),
        cur.fromUid(), cur.messageId(), true);
  }

  private void push(Anchor a, ChannelState st, StreamEvent e, StreamSummary s, String status) {
    if (!e.visibleToAll()) {
      return; // private and restricted events are read through eventsync with include_private only
    }
    try {
      deps.listener().streamed(new EventDelivery(a.channel().id(), a.channel().type(), a.clientMsgNo(), s.fromUid(),
          s.messageId(), e, status, List.of()), SendFlow.recipients(a.channel().source(), st));
    } catch (RuntimeException ex) {
      LOG.warning("fan-out of stream event " + e.msgEventSeq() + " of " + a.clientMsgNo() + " failed: " + ex);
    }
  }

  /** The anchor's summary: cached, stored, or new for a stored anchor message; null when there is no anchor. */
  private Future<Tip> load(Anchor a) {
    Tip t = cache.get(a);
    if (t != null) {
      return Future.succeededFuture(t);
    }
    return stored.stored(a.channel(), a.clientMsgNo()).compose(sum -> {
      if (sum != null) {
        Tip loaded = Tip.loaded(sum);
        cache.put(a, loaded);
        return Future.succeededFuture(loaded);
      }
      return messages.getByClientMsgNo(a.channel(), a.clientMsgNo()).map(ms -> {
        for (Message m : ms) {
          if (m.streamAnchor()) {
            return Tip.loaded(StreamSummary.empty(m.fromUid(), m.messageId()));
          }
        }
        return null;
      });
    });
  }
}
