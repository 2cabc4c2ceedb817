package io.jindou.usecase;

import io.jindou.channel.ChannelService;
import io.jindou.channel.StreamQueries;
import io.jindou.model.ChannelKey;
import io.jindou.model.EventCommand;
import io.jindou.model.EventResult;
import io.jindou.model.JindouException;
import io.jindou.model.Reason;
import io.jindou.model.StreamEvent;
import io.jindou.model.StreamSummary;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Stream messages for every edge (spec http-api §1.7, §2.9): {@code /message/event} checks and normalises an event
 * (ids within {@code id_max_length}; the type lower-cased; {@code stream.finish} always on lane
 * {@value StreamSummary#FINISH_LANE}; visibility one of public, private, restricted; the payload JSON within
 * {@code payload_max_bytes}) and routes it to the channel's owner, which orders, stores and pushes it;
 * {@code /message/eventsync} reads an anchor's log after a cursor (at most {@value #SYNC_MAX} events and about half
 * of {@code response_max_bytes} of them, with {@code more} when cut; private ones only when asked). It never looks at a wire format.
 */
public final class StreamMessages {
  public static final int SYNC_DEFAULT = 200;
  public static final int SYNC_MAX = 2000;
  private static final Set<String> VISIBILITIES = Set.of("public", "private", "restricted");

  private final ChannelService channels;
  private final StreamQueries queries;
  private final ReadMessages reads;
  private final Limits limits;
  private final SendMessages sends;

  public StreamMessages(ChannelService channels, StreamQueries queries, ReadMessages reads, SendMessages sends,
      Limits limits) {
    this.channels = channels;
    this.queries = queries;
    this.reads = reads;
    this.sends = sends;
    this.limits = limits;
  }

  // ---- the older generation (spec http-api §1.7, v2.0–v2.2.3): stream_no on the same event log

  /**
   * {@code /stream/open}: stores the stream-start message (the Stream setting bit; from the system uid when no
   * {@code from_uid}) and answers its {@code stream_no}, which is its client_msg_no (given, or generated).
   */
  public Future<String> open(SendRequest r) {
    String cmn = r.clientMsgNo() == null || r.clientMsgNo().isBlank() ? io.jindou.channel.MessageIds
        .randomClientMsgNo() : r.clientMsgNo();
    String from = r.fromUid() == null || r.fromUid().isEmpty() ? io.jindou.model.SystemIds.SYSTEM_UID : r.fromUid();
    if (r.noPersist()) {
      return Future.failedFuture(JindouException.invalid("a stream needs a stored start message: no_persist is 0"));
    }
    SendRequest start = new SendRequest(from, r.channelId(), r.channelType(), null, cmn, cmn, r.topic(), r.tagKey(),
        r.expire(), r.setting() | io.jindou.model.Message.SETTING_STREAM, false, r.redDot(), r.syncOnce(),
        r.payload(), r.origin());
    return sends.send(start).map(res -> cmn);
  }

  /**
   * {@code /message/send} with a {@code stream_no}: a chunk of that open stream (event {@code stream.chunk}, its
   * client_msg_no the event_id), answered with the stream's message id; when no stream has that number the send
   * is an ordinary message that carries it, as before streams existed.
   */
  public Future<io.jindou.model.SendResult> sendOrChunk(SendRequest r) {
    if (r.streamNo() == null || r.streamNo().isEmpty() || r.noPersist() || (r.subscribers() != null
        && !r.subscribers().isEmpty())) {
      return sends.send(r);
    }
    String id = r.clientMsgNo() == null || r.clientMsgNo().isBlank() ? io.jindou.channel.MessageIds
        .randomClientMsgNo() : r.clientMsgNo();
    String payload = new io.vertx.core.json.JsonObject().put("payload", java.util.Base64.getEncoder()
        .encodeToString(r.payload())).encode();
    Future<EventResult> chunk = event(new EventRequest(r.channelId(), r.channelType(), r.fromUid(), r.streamNo(), id,
        "stream.chunk", null, null, 0, payload, false));
    return chunk.map(res -> new io.jindou.model.SendResult(res.messageId(), 0, id, res.duplicate()))
        .recover(e -> e instanceof JindouException je && je.kind() == JindouException.Kind.NOT_FOUND
            ? sends.send(r) : Future.failedFuture(e));
  }

  /** {@code /stream/close}: ends the stream's main lane (idempotent; a stream that already ended stays as it is). */
  public Future<Void> close(String channelId, int channelType, String fromUid, String streamNo) {
    return event(new EventRequest(channelId, channelType, fromUid, streamNo, "__stream_close__", "stream.close",
        null, null, 0, null, false)).<Void>mapEmpty().recover(e -> e instanceof JindouException je
            && je.kind() == JindouException.Kind.CONFLICT ? Future.succeededFuture() : Future.failedFuture(e));
  }

  public Future<EventResult> event(EventRequest r) {
    EventCommand cmd;
    try {
      cmd = command(r);
    } catch (JindouException e) {
      return Future.failedFuture(e);
    }
    return channels.event(cmd);
  }

  /** The command {@code r} sends to the owner, after every check; a refusal is thrown (INVALID). */
  EventCommand command(EventRequest r) {
    int idMax = limits.idMaxLength();
    String cmn = Ids.required("client_msg_no", r.clientMsgNo(), idMax, false, Reason.UNKNOWN);
    String id = Ids.required("event_id", r.eventId(), idMax, false, Reason.UNKNOWN);
    String type = Ids.required("event_type", r.eventType(), idMax, false, Reason.UNKNOWN).toLowerCase(Locale.ROOT);
    String key = r.eventKey() == null || r.eventKey().isEmpty() ? StreamSummary.MAIN
        : Ids.bounded("event_key", r.eventKey(), idMax, Reason.UNKNOWN);
    if ("stream.finish".equals(type)) {
      key = StreamSummary.FINISH_LANE;
    }
    String visibility = r.visibility() == null || r.visibility().isEmpty() ? "public"
        : r.visibility().toLowerCase(Locale.ROOT);
    if (!VISIBILITIES.contains(visibility)) {
      throw JindouException.invalid("visibility must be public, private or restricted, got \"" + r.visibility()
          + "\"");
    }
    String payload = r.payload() == null ? "null" : r.payload();
    if (payload.length() > limits.payloadMaxBytes() / 3
        && payload.getBytes(StandardCharsets.UTF_8).length > limits.payloadMaxBytes()) {
      throw JindouException.invalid("the event payload is over the limit of " + limits.payloadMaxBytes()
          + " bytes (payload_max_bytes)");
    }
    String from = r.fromUid() == null ? "" : r.fromUid();
    ChannelKey ch = reads.key(new ChannelQuery(r.channelId(), r.channelType(), from.isEmpty() ? null : from), false);
    long at = r.occurredAt() > 0 ? r.occurredAt() : System.currentTimeMillis();
    return new EventCommand(ch, cmn, new StreamEvent(0, id, type, key, visibility, at, payload), from, r.force());
  }

  /** The events of one anchor after the cursor, filtered by lane and visibility. */
  public Future<EventPage> sync(EventSyncRequest r) {
    ChannelKey ch;
    String cmn;
    int limit;
    try {
      cmn = Ids.required("client_msg_no", r.clientMsgNo(), limits.idMaxLength(), false, Reason.UNKNOWN);
      if (r.limit() < 0 || r.fromSeq() < 0) {
        throw JindouException.invalid("limit and from_msg_event_seq must not be negative");
      }
      limit = r.limit() == 0 ? SYNC_DEFAULT : Math.min(r.limit(), SYNC_MAX);
      ch = reads.key(r.channel(), false);
    } catch (JindouException e) {
      return Future.failedFuture(e);
    }
    String lane = r.eventKey() == null || r.eventKey().isEmpty() ? null : r.eventKey();
    return queries.summary(ch, cmn).compose(s -> {
      long last = s == null ? 0 : s.lastSeq();
      if (last <= r.fromSeq()) {
        return Future.succeededFuture(new EventPage(cmn, r.fromSeq(), r.fromSeq(), false, List.of(), lane));
      }
      // about half the answer budget of stored bytes: the JSON of an event is a little larger than its record
      return queries.events(ch, cmn, r.fromSeq(), limit, limits.responseMaxBytes() / 2).map(es -> {
        List<StreamEvent> kept = new ArrayList<>(es.size());
        for (StreamEvent e : es) {
          if ((lane == null || lane.equals(e.eventKey())) && (r.includePrivate() || e.visibleToAll())) {
            kept.add(e);
          }
        }
        // none after a cursor below the head: the finished stream's log was dropped after its retention
        long next = es.isEmpty() ? last : es.get(es.size() - 1).msgEventSeq();
        return new EventPage(cmn, r.fromSeq(), next, next < last, kept, lane);
      });
    });
  }
}
