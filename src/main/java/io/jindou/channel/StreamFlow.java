package io.jindou.channel;

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
import io.vertx.core.Future;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The stream-event path on an owner: events of one anchor run one at a time in arrival order (at most {@value
 * #QUEUE_MAX} waiting per anchor); each loads the anchor's summary (cached, at most {@code cacheMax} and about {@value
 * #CACHE_BYTES} bytes per shard; an anchor without one must be a stored message with the Stream bit, else NOT_FOUND),
 * gives the event the next seq, applies {@link StreamRules}, appends the {@link EventPlan} through the store (durable
 * before the answer), then tells the {@link StreamListener} with the channel's recipients. A retried event_id is
 * answered with its original seq, also when the rules would now refuse it (after finish). A STALE append (another owner
 * wrote) reloads the summary and tries once more. Runs on the owner's event loop only.
 */
final class StreamFlow {
  private static final Logger LOG = Logger.getLogger(StreamFlow.class.getName());
  static final int QUEUE_MAX = 1000;
  /** The event_id prefix of the close an owner writes for an idle stream (with the seq it was idle at). */
  static final String IDLE_EVENT = "__idle_timeout__";
  /** The most bytes of summaries one shard caches. */
  static final long CACHE_BYTES = 64L << 20;

  private record Anchor(ChannelKey channel, String clientMsgNo) {
  }

  private final ChannelStates states;
  private final MessageStore messages;
  private final StreamDeps deps;
  private final StreamRules rules;
  private final Map<Anchor, ArrayDeque<Runnable>> busy = new HashMap<>();
  private final Map<Anchor, StreamSummary> cache;
  private long cachedBytes;

  StreamFlow(ChannelStates states, MessageStore messages, StreamDeps deps) {
    this.states = states;
    this.messages = messages;
    this.deps = deps;
    this.rules = new StreamRules(deps.textMaxBytes(), deps.eventsMax());
    this.cache = new LinkedHashMap<>(256, 0.75f, true);
  }

  /**
   * Caches {@code s} for {@code a}; the least recently used summaries are dropped while the cache holds more than
   * {@code cacheMax} of them or about {@value #CACHE_BYTES} bytes of text (a dropped one is read again when next
   * needed, so the bound costs reads, never correctness).
   */
  private void cache(Anchor a, StreamSummary s) {
    uncache(a);
    cache.put(a, s);
    cachedBytes += weight(s);
    var it = cache.entrySet().iterator();
    while ((cache.size() > deps.cacheMax() || cachedBytes > CACHE_BYTES) && cache.size() > 1 && it.hasNext()) {
      cachedBytes -= weight(it.next().getValue());
      it.remove();
    }
  }

  private void uncache(Anchor a) {
    StreamSummary old = cache.remove(a);
    if (old != null) {
      cachedBytes -= weight(old);
    }
  }

  /** About how many bytes a summary holds: its texts and chunks, two bytes a char, plus a fixed part. */
  private static long weight(StreamSummary s) {
    long w = 256;
    for (var l : s.lanes()) {
      w += 64 + 2L * ((l.text() == null ? 0 : l.text().length()) + (l.snapshot() == null ? 0 : l.snapshot().length()));
    }
    for (String c : s.chunks()) {
      w += 16 + 2L * c.length();
    }
    return w;
  }

  void event(EventCommand cmd, Consumer<EventResult> reply, Consumer<Throwable> fail) {
    if (deps.store() == null) {
      fail.accept(JindouException.unavailable("stream messages are not available on this node"));
      return;
    }
    Anchor a = new Anchor(cmd.channel(), cmd.clientMsgNo());
    Runnable run = () -> process(cmd, a, reply, fail);
    ArrayDeque<Runnable> q = busy.get(a);
    if (q != null) {
      if (q.size() >= QUEUE_MAX) {
        fail.accept(JindouException.unavailable("too many events of this stream are waiting; retry later"));
      } else {
        q.add(run);
      }
      return;
    }
    busy.put(a, new ArrayDeque<>());
    run.run();
  }

  /** The open anchors cached on this shard whose last event is older than {@code beforeMs} (idle timeout). */
  List<EventCommand> idle(long beforeMs) {
    return cache.entrySet().stream()
        .filter(e -> e.getValue().idleSince(beforeMs) && !busy.containsKey(e.getKey()))
        .map(e -> timeoutOf(e.getKey(), e.getValue()))
        .toList();
  }

  private void next(Anchor a) {
    ArrayDeque<Runnable> q = busy.get(a);
    Runnable r = q == null ? null : q.poll();
    if (r == null) {
      busy.remove(a);
    } else {
      r.run();
    }
  }

  private void process(EventCommand cmd, Anchor a, Consumer<EventResult> reply, Consumer<Throwable> fail) {
    Consumer<EventResult> ok = r -> {
      reply.accept(r);
      next(a);
    };
    Consumer<Throwable> no = t -> {
      fail.accept(t);
      next(a);
    };
    states.with(a.channel().source(), ar -> {
      if (ar.failed()) {
        no.accept(ar.cause());
        return;
      }
      ChannelState st = ar.result();
      load(a).onComplete(lr -> {
        if (lr.failed()) {
          no.accept(lr.cause());
        } else if (lr.result() == null) {
          no.accept(new JindouException(JindouException.Kind.NOT_FOUND, Reason.UNKNOWN, "no stream message with"
              + " client_msg_no '" + a.clientMsgNo() + "' in this channel (send it with is_stream 1 first)"));
        } else if (deps.idleTimeoutMs() > 0 && !cmd.event().eventId().startsWith(IDLE_EVENT)
            && lr.result().idleSince(System.currentTimeMillis() - deps.idleTimeoutMs())) {
          // silent past the timeout and not yet timed out (not cached here when it fell due: a restart, a move)
          EventCommand timeout = timeoutOf(a, lr.result());
          attempt(timeout, a, st, lr.result(), true, r -> load(a).onComplete(again -> {
            if (again.failed()) {
              no.accept(again.cause());
            } else {
              attempt(cmd, a, st, again.result(), true, ok, no);
            }
          }), no);
        } else {
          attempt(cmd, a, st, lr.result(), true, ok, no);
        }
      });
    });
  }

  private static EventCommand timeoutOf(Anchor a, StreamSummary s) {
    return new EventCommand(a.channel(), a.clientMsgNo(), new StreamEvent(0, IDLE_EVENT + s.lastSeq(),
        StreamRules.CLOSE, StreamSummary.MAIN, "public", System.currentTimeMillis(), "{\"end_reason\":1}"), "", false);
  }

  private void attempt(EventCommand cmd, Anchor a, ChannelState st, StreamSummary cur, boolean again,
      Consumer<EventResult> ok, Consumer<Throwable> no) {
    StreamEvent in = cmd.event();
    StreamEvent e = new StreamEvent(cur.lastSeq() + 1, in.eventId(), in.eventType(), in.eventKey(), in.visibility(),
        in.occurredAt(), in.payload());
    StreamSummary next;
    try {
      next = rules.apply(cur, e, cmd.force(), System.currentTimeMillis());
    } catch (JindouException refused) {
      // an event accepted before (a producer retrying after a lost answer) gets its original answer
      deps.store().byEventId(a.channel(), a.clientMsgNo(), in.eventId()).onComplete(r -> {
        if (r.succeeded() && r.result() != null) {
          ok.accept(duplicate(r.result(), cur));
        } else {
          no.accept(refused);
        }
      });
      return;
    }
    long retainUntil = next.finished() && deps.retentionMs() > 0 ? System.currentTimeMillis() + deps.retentionMs() : 0;
    deps.store().append(new EventPlan(a.channel(), a.clientMsgNo(), e, next, retainUntil)).onComplete(res -> {
      if (res.failed()) {
        uncache(a);
        no.accept(res.cause());
        return;
      }
      StreamStore.Appended done = res.result();
      switch (done.outcome()) {
        case STORED -> {
          cache(a, next);
          String status = StreamRules.status(next, e.eventKey());
          ok.accept(new EventResult(e.msgEventSeq(), e.eventKey(), status, cur.fromUid(), cur.messageId(), false));
          push(a, st, e, next, status);
        }
        case DUPLICATE -> ok.accept(duplicate(done.event(), cur));
        default -> {
          uncache(a);
          if (!again) {
            no.accept(JindouException.unavailable("another owner is writing this stream; retry the same event_id"));
            return;
          }
          load(a).onComplete(lr -> {
            if (lr.failed() || lr.result() == null) {
              no.accept(lr.failed() ? lr.cause() : JindouException.unavailable("the stream's summary is gone"));
            } else {
              attempt(cmd, a, st, lr.result(), false, ok, no);
            }
          });
        }
      }
    });
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
  private Future<StreamSummary> load(Anchor a) {
    StreamSummary s = cache.get(a);
    if (s != null) {
      return Future.succeededFuture(s);
    }
    return deps.store().summary(a.channel(), a.clientMsgNo()).compose(sum -> {
      if (sum != null) {
        cache(a, sum);
        return Future.succeededFuture(sum);
      }
      return messages.getByClientMsgNo(a.channel(), a.clientMsgNo()).map(ms -> {
        for (Message m : ms) {
          if (m.streamAnchor()) {
            return StreamSummary.empty(m.fromUid(), m.messageId());
          }
        }
        return null;
      });
    });
  }
}
