package io.jindou.channel;

import io.jindou.model.ChannelKey;
import io.jindou.model.Message;
import io.jindou.model.StreamEvent;
import io.jindou.model.StreamSummary;
import io.jindou.store.StreamStore;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Read side of stream messages: an anchor's summary and event log, and the summaries of the anchors among a page
 * of messages (what sync shows of them). Reads go straight to the store (no owner hop: a read needs no ordering).
 * It never writes and never resolves person ids (callers pass the storage key).
 */
public final class StreamQueries {
  private final StreamStore store;
  private final long idleTimeoutMs;

  /** {@code idleTimeoutMs}: a stream silent this long reads as timed out (0 = never). */
  public StreamQueries(StreamStore store, long idleTimeoutMs) {
    this.store = store;
    this.idleTimeoutMs = idleTimeoutMs;
  }

  public StreamQueries(StreamStore store) {
    this(store, 0);
  }

  public Future<StreamSummary> summary(ChannelKey ch, String clientMsgNo) {
    return store.summary(ch, clientMsgNo).map(this::shown);
  }

  /** A stream idle for the timeout is shown ended with end reason 1 even before its owner writes the timeout. */
  private StreamSummary shown(StreamSummary s) {
    return s != null && idleTimeoutMs > 0 && s.idleSince(System.currentTimeMillis() - idleTimeoutMs) ? s.timedOut()
        : s;
  }

  /** The events after {@code afterSeq}, ascending, at most {@code limit} and about {@code maxBytes} stored. */
  public Future<List<StreamEvent>> events(ChannelKey ch, String clientMsgNo, long afterSeq, int limit,
      long maxBytes) {
    return store.read(ch, clientMsgNo, afterSeq, limit, maxBytes);
  }

  /**
   * The summaries of the stream anchors among {@code messages} (all of channel {@code ch}), by client_msg_no; an
   * anchor no event touched yet maps to an empty summary. One store read for the whole page.
   */
  public Future<Map<String, StreamSummary>> of(ChannelKey ch, List<Message> messages) {
    List<Message> anchors = new ArrayList<>();
    for (Message m : messages) {
      // a recalled or deleted anchor shows nothing of its stream, as it shows no payload
      if (m.streamAnchor() && m.clientMsgNo() != null && !m.clientMsgNo().isEmpty() && !m.extra().revoked()
          && !m.extra().deleted()) {
        anchors.add(m);
      }
    }
    if (anchors.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return store.summaries(ch, anchors.stream().map(Message::clientMsgNo).toList()).map(ss -> {
      Map<String, StreamSummary> out = new HashMap<>();
      for (int i = 0; i < anchors.size(); i++) {
        Message m = anchors.get(i);
        out.put(m.clientMsgNo(), ss.get(i) != null ? shown(ss.get(i)) : StreamSummary.empty(m.fromUid(),
            m.messageId()));
      }
      return out;
    });
  }
}
