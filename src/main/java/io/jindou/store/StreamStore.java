package io.jindou.store;

import io.jindou.model.ChannelKey;
import io.jindou.model.StreamEvent;
import io.jindou.model.StreamSummary;
import io.vertx.core.Future;
import java.util.List;

/**
 * Port for the event logs of stream messages, one per anchor ({@code channel}, {@code client_msg_no}).
 *
 * <p>{@link #append} applies an {@link EventPlan} atomically and durably (RocksDB: in the group commit's write
 * batch; Redis: one Lua script in the channel's slot): when the plan's event_id is already stored it writes
 * nothing and answers DUPLICATE with the stored event; when the anchor's stored head is not the plan's seq − 1 it
 * writes nothing and answers STALE; otherwise it stores the event, its event_id, the head and, when the plan is a
 * checkpoint, the summary. So seqs are
 * contiguous per anchor and an event_id is applied once, even when two owners race. Futures complete on the
 * caller's context; implementations never block an event loop and never decide what an event means.
 */
public interface StreamStore {

  /** STORED: written; DUPLICATE: the event_id was stored before (the original event); STALE: head moved on. */
  enum Outcome { STORED, DUPLICATE, STALE }

  /** The outcome of one plan; {@code event} is the stored or original event, null for STALE. */
  record Appended(Outcome outcome, StreamEvent event) {
  }

  Future<Appended> append(EventPlan plan);

  /**
   * The anchor's summary as of its last checkpoint (the events after its {@code lastSeq} are read with {@link #read}),
   * or null when no event was ever stored for it.
   */
  Future<StreamSummary> summary(ChannelKey channel, String clientMsgNo);

  /** The checkpointed summaries of several anchors of one channel, in the order asked, null where none. */
  Future<List<StreamSummary>> summaries(ChannelKey channel, List<String> clientMsgNos);

  /** The events with {@code afterSeq < seq}, ascending, at most {@code limit}. */
  default Future<List<StreamEvent>> read(ChannelKey channel, String clientMsgNo, long afterSeq, int limit) {
    return read(channel, clientMsgNo, afterSeq, limit, Long.MAX_VALUE);
  }

  /**
   * {@link #read(ChannelKey, String, long, int)} within a byte budget: events are taken in order while the stored
   * sizes taken so far sum to less than {@code maxBytes} (the first is always taken), so one read never holds much
   * more than {@code maxBytes}.
   */
  Future<List<StreamEvent>> read(ChannelKey channel, String clientMsgNo, long afterSeq, int limit, long maxBytes);

  /**
   * Drops the events and event ids of the anchors whose {@link EventPlan#retainUntil} is at or before {@code nowMs}
   * (their summaries stay), at most {@code max} anchors per call; completes with how many it dropped. A backend that
   * expires them by itself (Redis key TTLs) drops nothing here.
   */
  Future<Integer> dropExpired(long nowMs, int max);

  /**
   * Deletes everything stored for the anchor (its events, event ids, head and summary), durably: the content of an
   * erased user's stream ({@code /user/erase}). Nothing to delete is no error.
   */
  Future<Void> erase(ChannelKey channel, String clientMsgNo);

  /** The stored event with this event_id, or null. */
  Future<StreamEvent> byEventId(ChannelKey channel, String clientMsgNo, String eventId);
}
