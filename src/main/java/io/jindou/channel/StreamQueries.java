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
 * of messages (what sync shows of them). A summary is the stored checkpoint with the text deltas and chunks stored
 * after it applied by the same {@link StreamRules} the owner uses (so the owner and every reader see one state). Reads
 * go straight to the store (no owner hop: a read needs no ordering). It never writes and never resolves person ids
 * (callers pass the storage key).
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
    return stored(ch, clientMsgNo).map(this::shown);
  }

  /** How many events after a checkpoint one read takes (the owner checkpoints more often than that). */
  static final int TAIL_READ = 256;
  /** The rules as they replay stored events: those passed every limit when they were accepted. */
  private static final StreamRules REPLAY = new StreamRules(Integer.MAX_VALUE, Long.MAX_VALUE);

  /** The anchor's current summary as stored (not adjusted for the idle timeout), or null when it has no event. */
  Future<StreamSummary> stored(ChannelKey ch, String clientMsgNo) {
    return store.summary(ch, clientMsgNo).compose(cp -> cp == null ? Future.succeededFuture(null)
        : current(ch, clientMsgNo, cp));
  }

  /** {@code cp} with the events stored after it applied (none after a finish). */
  private Future<StreamSummary> current(ChannelKey ch, String clientMsgNo, StreamSummary cp) {
    if (cp.finished()) {
      return Future.succeededFuture(cp);
    }
    return store.read(ch, clientMsgNo, cp.lastSeq(), TAIL_READ).compose(es -> {
      StreamSummary s = cp;
      for (StreamEvent e : es) {
        if (e.msgEventSeq() != s.lastSeq() + 1) {
          return Future.succeededFuture(s);
        }
        try {
          s = REPLAY.apply(s, e, false, cp.updatedAt());
        } catch (io.jindou.model.JindouException notReplayable) {
          return Future.succeededFuture(s); // only deltas and chunks follow a checkpoint; never expected
        }
      }
      return es.size() < TAIL_READ ? Future.succeededFuture(s) : current(ch, clientMsgNo, s);
    });
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
    return store.summaries(ch, anchors.stream().map(Message::clientMsgNo).toList()).compose(ss -> {
      List<Future<StreamSummary>> current = new ArrayList<>(ss.size());
      for (int i = 0; i < anchors.size(); i++) {
        current.add(ss.get(i) == null ? Future.succeededFuture(null) : current(ch, anchors.get(i).clientMsgNo(),
            ss.get(i)));
      }
      return Future.all(current).map(all -> {
        Map<String, StreamSummary> out = new HashMap<>();
        for (int i = 0; i < anchors.size(); i++) {
          Message m = anchors.get(i);
          StreamSummary s = all.resultAt(i);
          out.put(m.clientMsgNo(), s != null ? shown(s) : StreamSummary.empty(m.fromUid(), m.messageId()));
        }
        return out;
      });
    });
  }
}
