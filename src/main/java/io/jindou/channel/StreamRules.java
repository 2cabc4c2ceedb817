package io.jindou.channel;

import io.jindou.model.JindouException;
import io.jindou.model.LaneText;
import io.jindou.model.Reason;
import io.jindou.model.StreamEvent;
import io.jindou.model.StreamLane;
import io.jindou.model.StreamSummary;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules of a stream message's lanes, decided once for every store: what an accepted event makes of the
 * anchor's {@link StreamSummary}, and which events are refused.
 * <ul>
 *   <li>after {@code stream.finish} nothing more is accepted (CONFLICT);</li>
 *   <li>{@code stream.open} on a lane that is open is refused (CONFLICT) unless forced; a forced open takes the
 *       lane over with empty text (one producer at a time per lane);</li>
 *   <li>{@code stream.delta} and {@code stream.snapshot} open their lane when it has none and are refused on a
 *       lane that ended; a public {@code {"kind":"text","delta":…}} appends to the lane's text, a public text
 *       snapshot replaces it, any other snapshot is kept as JSON;</li>
 *   <li>{@code stream.close}, {@code stream.error}, {@code stream.cancel} end their lane (end reason from the
 *       payload, 2 and 3; a text snapshot in the payload becomes the lane's final text);</li>
 *   <li>{@code stream.finish} closes every open lane and ends the stream; other (custom) types change no lane;</li>
 *   <li>a lane's text never grows beyond {@code textMaxBytes} UTF-8 bytes and an anchor never holds more than
 *       {@code eventsMax} events (INVALID).</li>
 * </ul>
 * Pure functions; it never touches a store or a cache.
 */
final class StreamRules {
  static final String OPEN = "stream.open";
  static final String DELTA = "stream.delta";
  static final String SNAPSHOT = "stream.snapshot";
  static final String CLOSE = "stream.close";
  static final String ERROR = "stream.error";
  static final String CANCEL = "stream.cancel";
  static final String FINISH = "stream.finish";
  /** A chunk of the older generation ({@code /message/send} with a {@code stream_no}): {"payload": Base64}. */
  static final String CHUNK = "stream.chunk";

  private final int textMaxBytes;
  private final long eventsMax;

  StreamRules(int textMaxBytes, long eventsMax) {
    this.textMaxBytes = textMaxBytes;
    this.eventsMax = eventsMax;
  }

  /** The summary after {@code e} (its seq already the next one) is accepted at server time {@code now}. */
  StreamSummary apply(StreamSummary cur, StreamEvent e, boolean force, long now) {
    if (cur.finished()) {
      throw conflict("the stream of this anchor is finished (event " + cur.lastSeq() + "); no event is accepted");
    }
    if (cur.eventCount() >= eventsMax) {
      throw JindouException.invalid("the stream already holds " + cur.eventCount() + " events, the limit");
    }
    List<StreamLane> lanes = new ArrayList<>(cur.lanes());
    List<String> chunks = cur.chunks();
    String type = e.eventType();
    boolean finished = false;
    if (CHUNK.equals(type)) {
      chunks = new ArrayList<>(chunks);
      chunks.add(chunk(e, chunks));
    }
    if (FINISH.equals(type)) {
      finished = true;
      for (int i = 0; i < lanes.size(); i++) {
        StreamLane l = lanes.get(i);
        if (l.running()) {
          lanes.set(i, new StreamLane(l.key(), StreamLane.CLOSED, e.msgEventSeq(), l.text(), l.snapshot(), 0, ""));
        }
      }
    } else if (isLaneType(type)) {
      StreamLane before = cur.lane(e.eventKey());
      StreamLane after = lane(before, e, force);
      int at = lanes.indexOf(before);
      if (at < 0) {
        lanes.add(after);
      } else {
        lanes.set(at, after);
      }
    }
    return new StreamSummary(cur.fromUid(), cur.messageId(), e.msgEventSeq(), cur.eventCount() + 1,
        finished, now, lanes, chunks);
  }

  /** A chunk's Base64 payload, refused when the chunks would hold more than {@code textMaxBytes}. */
  private String chunk(StreamEvent e, List<String> chunks) {
    JsonObject p = object(e.payload());
    String b64 = p == null || !(p.getValue("payload") instanceof String s) ? "" : s;
    long total = b64.length();
    for (String c : chunks) {
      total += c.length();
    }
    if (total > textMaxBytes) {
      throw JindouException.invalid("the stream's chunks would hold more than " + textMaxBytes
          + " bytes (stream_text_max_bytes)");
    }
    return b64;
  }

  /** The text a chunk adds to its lane: the {@code content} of its JSON payload, if it has one. */
  private static String chunkText(StreamEvent e) {
    JsonObject p = object(e.payload());
    if (p == null || !(p.getValue("payload") instanceof String b64)) {
      return "";
    }
    try {
      JsonObject content = object(new String(java.util.Base64.getDecoder().decode(b64), StandardCharsets.UTF_8));
      return content != null && content.getValue("content") instanceof String c ? c : "";
    } catch (IllegalArgumentException notBase64) {
      return "";
    }
  }

  /** The status the answer reports for {@code e}'s lane in {@code s}. */
  static String status(StreamSummary s, String eventKey) {
    if (s.finished()) {
      return StreamLane.CLOSED;
    }
    StreamLane l = s.lane(eventKey);
    return l == null ? StreamLane.OPEN : l.status();
  }

  static boolean isLaneType(String type) {
    return switch (type) {
      case OPEN, DELTA, SNAPSHOT, CLOSE, ERROR, CANCEL, CHUNK -> true;
      default -> false;
    };
  }

  private StreamLane lane(StreamLane l, StreamEvent e, boolean force) {
    long seq = e.msgEventSeq();
    String key = e.eventKey();
    String type = e.eventType();
    if (OPEN.equals(type)) {
      if (l != null && l.running() && !force) {
        throw conflict("lane '" + key + "' of this stream is already open; send force to take it over");
      }
      LaneText text = l == null || force ? LaneText.EMPTY : l.text();
      return new StreamLane(key, StreamLane.OPEN, seq, text, l == null || force ? null : l.snapshot(), 0, "");
    }
    if (l != null && !l.running()) {
      throw conflict("lane '" + key + "' of this stream has ended (" + l.status() + "); no " + type + " is accepted");
    }
    LaneText text = l == null ? LaneText.EMPTY : l.text();
    String snapshot = l == null ? null : l.snapshot();
    JsonObject p = object(e.payload());
    switch (type) {
      case CHUNK -> {
        return new StreamLane(key, StreamLane.OPEN, seq, grown(text.append(chunkText(e)), key), snapshot, 0, "");
      }
      case DELTA -> {
        if (e.visibleToAll() && p != null && "text".equals(p.getValue("kind")) && p.getValue("delta") != null) {
          text = grown(text.append(string(p.getValue("delta"))), key);
        }
        return new StreamLane(key, StreamLane.OPEN, seq, text, snapshot, 0, "");
      }
      case SNAPSHOT -> {
        if (p != null && "text".equals(p.getValue("kind")) && p.getValue("text") != null) {
          text = e.visibleToAll() ? grown(LaneText.of(string(p.getValue("text"))), key) : text;
        } else {
          snapshot = e.payload();
        }
        return new StreamLane(key, StreamLane.OPEN, seq, text, snapshot, 0, "");
      }
      case CLOSE -> {
        text = finalText(p, text, e, key);
        int reason = p == null ? 0 : (int) Math.max(0, Math.min(255, number(p.getValue("end_reason"))));
        return new StreamLane(key, StreamLane.CLOSED, seq, text, snapshot, reason, "");
      }
      case ERROR -> {
        text = finalText(p, text, e, key);
        String why = p == null || p.getValue("error") == null ? "" : string(p.getValue("error"));
        return new StreamLane(key, StreamLane.ERROR, seq, text, snapshot, 2, why);
      }
      default -> { // CANCEL
        return new StreamLane(key, StreamLane.CANCELLED, seq, text, snapshot, 3, "");
      }
    }
  }

  /** A terminal event's {@code snapshot} (text form or a plain string) replaces the lane's text. */
  private LaneText finalText(JsonObject p, LaneText text, StreamEvent e, String key) {
    if (p == null || !e.visibleToAll()) {
      return text;
    }
    Object snap = p.getValue("snapshot");
    if (snap instanceof String s) {
      return grown(LaneText.of(s), key);
    }
    if (snap instanceof JsonObject o && "text".equals(o.getValue("kind")) && o.getValue("text") != null) {
      return grown(LaneText.of(string(o.getValue("text"))), key);
    }
    return text;
  }

  private LaneText grown(LaneText text, String key) {
    if (text.utf8Length() > textMaxBytes) {
      throw JindouException.invalid("lane '" + key + "' would hold more than " + textMaxBytes
          + " bytes of text (stream_text_max_bytes)");
    }
    return text;
  }

  private static JsonObject object(String json) {
    if (json == null || json.isEmpty() || json.charAt(0) != '{') {
      return null;
    }
    try {
      return new JsonObject(json);
    } catch (DecodeException e) {
      return null;
    }
  }

  private static String string(Object v) {
    return v instanceof String s ? s : String.valueOf(v);
  }

  private static long number(Object v) {
    return v instanceof Number n ? n.longValue() : 0;
  }

  private static JindouException conflict(String message) {
    return new JindouException(JindouException.Kind.CONFLICT, Reason.UNKNOWN, message);
  }
}
