package io.jindou.store;

import io.jindou.model.ChannelKey;
import io.jindou.model.StreamEvent;
import io.jindou.model.StreamSummary;

/**
 * Everything one stream event writes, decided by the channel's owner and applied by {@link StreamStore#append} in
 * one atomic, durable step: the event under its anchor ({@code channel}, {@code clientMsgNo}) at the seq the owner
 * gave it, the event_id → seq index, the anchor's head (that seq), and — when {@code summary} is not null, a
 * checkpoint — the anchor's new {@link StreamSummary} (whose {@code lastSeq} is the event's seq). Between checkpoints
 * only text deltas and chunks are stored (the owner checkpoints every other event), so a reader rebuilds the current
 * summary from the last checkpoint and the few events after it, and a stream of n deltas writes O(n) bytes, not the
 * whole merged text with every delta. When {@code retainUntil} is not 0 (the event finished the stream) the anchor's
 * events and event ids may be dropped from that time on (server ms; the summary stays). The owner computed it from the
 * state at seq − 1, so a store applies it only when the stored head is exactly that (otherwise another owner wrote
 * meanwhile) and the event_id is new. When {@code outboxNode} is not -1 the stored event also gets a STREAM
 * {@link WebhookStore.Entry} in that node's webhook outbox, in the same atomic write (never for a DUPLICATE or STALE).
 */
public record EventPlan(ChannelKey channel, String clientMsgNo, StreamEvent event, StreamSummary summary,
    long retainUntil, int outboxNode) {

  /** A plan that writes no webhook outbox entry. */
  public EventPlan(ChannelKey channel, String clientMsgNo, StreamEvent event, StreamSummary summary,
      long retainUntil) {
    this(channel, clientMsgNo, event, summary, retainUntil, -1);
  }

  /** A checkpoint plan whose events are kept (no retention set by this event). */
  public EventPlan(ChannelKey channel, String clientMsgNo, StreamEvent event, StreamSummary summary) {
    this(channel, clientMsgNo, event, summary, 0);
  }

  public EventPlan {
    if (event.msgEventSeq() < 1 || (summary != null && summary.lastSeq() != event.msgEventSeq())) {
      throw new IllegalArgumentException("an event plan's summary must end at its event: seq "
          + event.msgEventSeq() + ", summary " + summary.lastSeq());
    }
  }

  /** Whether this event writes the anchor's summary (a checkpoint). */
  public boolean checkpoint() {
    return summary != null;
  }
}
