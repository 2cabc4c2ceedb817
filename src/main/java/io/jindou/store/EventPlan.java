package io.jindou.store;

import io.jindou.model.ChannelKey;
import io.jindou.model.StreamEvent;
import io.jindou.model.StreamSummary;

/**
 * Everything one stream event writes, decided by the channel's owner and applied by {@link StreamStore#append} in
 * one atomic, durable step: the event under its anchor ({@code channel}, {@code clientMsgNo}) at the seq the owner
 * gave it, the event_id → seq index, and the anchor's new {@link StreamSummary} (whose {@code lastSeq} is the
 * event's seq), and — when {@code retainUntil} is not 0 (the event finished the stream) — that the anchor's events and
 * event ids may be dropped from that time on (server ms; the summary stays). The owner computed it from the summary at seq − 1, so a store applies it only when the stored
 * head is exactly that (otherwise another owner wrote meanwhile) and the event_id is new.
 */
public record EventPlan(ChannelKey channel, String clientMsgNo, StreamEvent event, StreamSummary summary,
    long retainUntil) {

  /** A plan whose events are kept (no retention set by this event). */
  public EventPlan(ChannelKey channel, String clientMsgNo, StreamEvent event, StreamSummary summary) {
    this(channel, clientMsgNo, event, summary, 0);
  }

  public EventPlan {
    if (event.msgEventSeq() < 1 || summary.lastSeq() != event.msgEventSeq()) {
      throw new IllegalArgumentException("an event plan's summary must end at its event: seq "
          + event.msgEventSeq() + ", summary " + summary.lastSeq());
    }
  }
}
