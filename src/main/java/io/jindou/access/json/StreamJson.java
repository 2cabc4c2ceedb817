package io.jindou.access.json;

import io.jindou.model.EventResult;
import io.jindou.model.Message;
import io.jindou.model.StreamEvent;
import io.jindou.model.StreamLane;
import io.jindou.model.StreamSummary;
import io.jindou.usecase.ChannelQuery;
import io.jindou.usecase.EventPage;
import io.jindou.usecase.EventRequest;
import io.jindou.usecase.EventSyncRequest;
import io.jindou.usecase.MessagePage;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The JSON of stream messages (spec http-api §1.7, §2.9, Appendix A): {@code /message/event} and
 * {@code /message/eventsync} bodies read into requests and their answers ({@code {"status":200,"data":{…}}}, as
 * WuKongIM v2.2.5 answers them), and the stream fields a MessageResp of an anchor carries ({@code event_meta},
 * {@code event_sync_hint}, {@code end}, {@code end_reason}, {@code error}, {@code stream_data}). Checks on the
 * values are the use case's; this class only refuses what is not the right JSON.
 */
public final class StreamJson {
  private StreamJson() {
  }

  /** {@code force}: from the body, or the {@code ?force=1} of WuKongIM's {@code /event}. */
  public static EventRequest event(Body b, boolean forceQuery) {
    int type = b.has("channel_type") ? (int) b.integer("channel_type", 0, 0, 255) : -1;
    return new EventRequest(b.str("channel_id", true), type, b.str("from_uid", false), b.str("client_msg_no", false),
        b.str("event_id", false), b.str("event_type", false), b.str("event_key", false), b.str("visibility", false),
        b.integer("occurred_at", 0, 0, Long.MAX_VALUE), b.json("payload"), forceQuery || b.flag("force"));
  }

  public static EventSyncRequest sync(Body b) {
    int type = b.has("channel_type") ? (int) b.integer("channel_type", 0, 0, 255) : -1;
    String from = b.str("from_uid", false);
    if (from == null) {
      from = b.str("login_uid", false);
    }
    return new EventSyncRequest(new ChannelQuery(b.str("channel_id", true), type, from),
        b.str("client_msg_no", false), b.integer("from_msg_event_seq", 0, 0, Long.MAX_VALUE),
        (int) b.integer("limit", 0, 0, Integer.MAX_VALUE), b.str("event_key", false), b.flag("include_private"));
  }

  public static JsonObject eventReply(EventRequest req, EventResult r) {
    JsonObject data = new JsonObject().put("client_msg_no", req.clientMsgNo()).put("event_key", r.eventKey())
        .put("event_id", req.eventId()).put("msg_event_seq", r.msgEventSeq()).put("stream_status", r.streamStatus())
        .put("channel_id", req.channelId()).put("channel_type", req.channelType() < 0 ? 2 : req.channelType())
        .put("from_uid", req.fromUid() == null || req.fromUid().isEmpty() ? r.fromUid() : req.fromUid())
        .put("message_id", r.messageId());
    return new JsonObject().put("status", 200).put("data", data);
  }

  public static JsonObject syncReply(EventPage p) {
    JsonArray events = new JsonArray();
    for (StreamEvent e : p.events()) {
      events.add(new JsonObject().put("msg_event_seq", e.msgEventSeq()).put("event_id", e.eventId())
          .put("event_key", e.eventKey()).put("event_type", e.eventType()).put("visibility", e.visibility())
          .put("occurred_at", e.occurredAt()).put("payload", Json.decodeValue(e.payload())));
    }
    JsonObject data = new JsonObject().put("client_msg_no", p.clientMsgNo()).put("from_msg_event_seq", p.fromSeq())
        .put("next_msg_event_seq", p.nextSeq()).put("more", p.more() ? 1 : 0).put("events", events)
        .put("filtered_by_event_key", p.eventKey() == null ? "" : p.eventKey());
    return new JsonObject().put("status", 200).put("data", data);
  }

  /** Adds the stream fields to the MessageResp objects of the page's anchors ({@code rendered} in page order). */
  static JsonArray decorate(MessagePage page, JsonArray rendered) {
    return decorate(page.messages(), page.streams(), rendered);
  }

  /** Adds the stream fields to the MessageResp objects of the anchors among {@code ms} ({@code rendered}). */
  static JsonArray decorate(List<Message> ms, Map<String, StreamSummary> streams, JsonArray rendered) {
    if (streams.isEmpty()) {
      return rendered;
    }
    for (int i = 0; i < ms.size() && i < rendered.size(); i++) {
      Message m = ms.get(i);
      StreamSummary s = m.streamAnchor() ? streams.get(m.clientMsgNo()) : null;
      if (s != null) {
        fields(rendered.getJsonObject(i), m.clientMsgNo(), s);
      }
    }
    return rendered;
  }

  /** The stream fields of one anchor's MessageResp. */
  static void fields(JsonObject resp, String clientMsgNo, StreamSummary s) {
    JsonArray lanes = new JsonArray();
    for (StreamLane l : s.lanes()) {
      lanes.add(new JsonObject().put("event_key", l.key()).put("status", l.status())
          .put("last_msg_event_seq", l.lastSeq()).put("snapshot", snapshot(l)).put("end_reason", l.endReason())
          .put("error", l.error() == null ? "" : l.error()));
    }
    resp.put("event_meta", new JsonObject().put("has_events", s.eventCount() > 0).put("completed", s.ended())
        .put("event_version", s.lastSeq()).put("last_msg_event_seq", s.lastSeq()).put("event_count", s.eventCount())
        .put("open_event_count", s.openLanes()).put("events", lanes));
    resp.put("event_sync_hint", new JsonObject().put("client_msg_no", clientMsgNo).put("from_msg_event_seq", 0));
    StreamLane main = s.main();
    resp.put("end", s.ended() ? 1 : 0);
    resp.put("end_reason", main == null ? 0 : main.endReason());
    resp.put("error", main == null || main.error() == null ? "" : main.error());
    String text = main == null ? "" : main.text().toString();
    resp.put("stream_data", Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)));
    String streamNo = resp.getString("stream_no");
    if (streamNo != null && !streamNo.isEmpty()) { // the older generation: the chunks as WuKongIM ≤ v2.2.3 lists them
      long id = resp.getLong("message_id");
      resp.put("stream_id", id).put("stream_idstr", Long.toString(id));
      JsonArray chunks = new JsonArray();
      for (int i = 0; i < s.chunks().size(); i++) {
        chunks.add(new JsonObject().put("stream_id", i + 1).put("stream_idstr", Integer.toString(i + 1))
            .put("stream_no", streamNo).put("payload", s.chunks().get(i)));
      }
      resp.put("streams", chunks);
    }
  }

  private static Object snapshot(StreamLane l) {
    if (!l.text().isEmpty()) {
      return new JsonObject().put("kind", "text").put("text", l.text().toString());
    }
    return l.snapshot() == null ? null : Json.decodeValue(l.snapshot());
  }
}
