package io.jindou.webhook;

import io.jindou.model.ChannelKey;
import io.jindou.model.Message;
import io.jindou.model.StreamEvent;
import io.jindou.model.StreamPost;
import io.jindou.store.MessageStore;
import io.jindou.store.StreamStore;
import io.jindou.store.WebhookStore.Entry;
import io.jindou.store.WebhookStore.Event;
import io.jindou.store.WebhookStore.State;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code msg.stream} and {@code msg.extra} events of a round of outbox entries, for {@link WebhookOutbox}: STREAM
 * entries become the stored stream events they name (read from the anchor's event log, with the anchor message when
 * it is stored), CHANGE entries the changed messages in their current state (one item per message per round: several
 * changes of one message in a round show its latest state once, as {@code /message/extra/sync} would). Items are
 * batched per channel, in outbox (commit) order, at most {@code batchMax} items and about
 * {@link WebhookOutbox#NOTIFY_PAYLOAD_MAX} payload bytes per event; the lane of each event is its channel's
 * ({@code stream:} / {@code extra:} and the channel), so one channel's events are posted in commit order while other
 * channels go in parallel. Entries whose event or message is gone (retention, erasure) or whose event is not enabled
 * form nothing. It never posts, never writes a body and never writes to a store.
 */
final class FactEvents {
  private final MessageStore messages;
  private final StreamStore streams;
  private final Set<String> enabled;
  private final int batchMax;

  FactEvents(MessageStore messages, StreamStore streams, Set<String> enabled, int batchMax) {
    this.messages = messages;
    this.streams = streams;
    this.enabled = enabled;
    this.batchMax = Math.max(1, batchMax);
  }

  private record AnchorKey(ChannelKey channel, String clientMsgNo) {
  }

  /** The events of the STREAM and CHANGE entries among {@code entries} (others are ignored). */
  Future<List<Event>> form(List<Entry> entries, WebhookOutbox.Bodies bodies) {
    Map<AnchorKey, List<Long>> anchors = new LinkedHashMap<>();
    Map<ChannelKey, List<Long>> changed = new LinkedHashMap<>();
    for (Entry e : entries) {
      if (e.kind() == Entry.Kind.STREAM && enabled.contains(WebhookOutbox.STREAM)) {
        anchors.computeIfAbsent(new AnchorKey(e.channel(), e.anchor()), k -> new ArrayList<>()).add(e.seq());
      } else if (e.kind() == Entry.Kind.CHANGE && enabled.contains(WebhookOutbox.EXTRA)) {
        changed.computeIfAbsent(e.channel(), k -> new ArrayList<>()).add(e.seq());
      }
    }
    if (anchors.isEmpty() && changed.isEmpty()) {
      return Future.succeededFuture(new ArrayList<>());
    }
    Map<AnchorKey, Future<List<StreamEvent>>> events = new HashMap<>();
    Map<AnchorKey, Future<List<Message>>> anchorMessages = new HashMap<>();
    anchors.forEach((a, seqs) -> {
      events.put(a, read(a, seqs));
      anchorMessages.put(a, messages.getByClientMsgNo(a.channel(), a.clientMsgNo()));
    });
    Map<ChannelKey, Future<List<Message>>> current = new HashMap<>();
    changed.forEach((ch, seqs) -> current.put(ch, messages.getBySeqs(ch, seqs.stream().distinct().toList())));
    List<Future<?>> all = new ArrayList<>(events.values());
    all.addAll(anchorMessages.values());
    all.addAll(current.values());
    return Future.all(all).map(v -> events(entries, events, anchorMessages, current, bodies));
  }

  /**
   * The anchor's events with these seqs (and maybe others between): one read of the range when it is dense (entries
   * of one anchor are nearly always consecutive), else one read per seq. No byte budget: an event the budget cut off
   * would be consumed without its post; the round holds at most {@code batchMax} entries, each event bounded by the
   * stream limits.
   */
  private Future<List<StreamEvent>> read(AnchorKey a, List<Long> seqs) {
    long min = seqs.stream().mapToLong(Long::longValue).min().orElseThrow();
    long max = seqs.stream().mapToLong(Long::longValue).max().orElseThrow();
    if (max - min + 1 <= 2L * seqs.size()) {
      return streams.read(a.channel(), a.clientMsgNo(), min - 1, (int) (max - min + 1), Long.MAX_VALUE);
    }
    List<Future<List<StreamEvent>>> each = new ArrayList<>();
    for (long s : seqs) {
      each.add(streams.read(a.channel(), a.clientMsgNo(), s - 1, 1, Long.MAX_VALUE));
    }
    return Future.all(each).map(v -> each.stream().flatMap(f -> f.result().stream()).toList());
  }

  private List<Event> events(List<Entry> entries, Map<AnchorKey, Future<List<StreamEvent>>> events,
      Map<AnchorKey, Future<List<Message>>> anchorMessages, Map<ChannelKey, Future<List<Message>>> current,
      WebhookOutbox.Bodies bodies) {
    Map<ChannelKey, List<StreamPost>> posts = new LinkedHashMap<>();
    Map<ChannelKey, LinkedHashMap<Long, Message>> changes = new LinkedHashMap<>();
    Map<AnchorKey, Map<Long, StreamEvent>> bySeq = new HashMap<>();
    events.forEach((a, f) -> {
      Map<Long, StreamEvent> m = new HashMap<>();
      for (StreamEvent e : f.result()) {
        m.put(e.msgEventSeq(), e);
      }
      bySeq.put(a, m);
    });
    Map<ChannelKey, Map<Long, Message>> messagesBySeq = new HashMap<>();
    current.forEach((ch, f) -> {
      Map<Long, Message> m = new HashMap<>();
      for (Message msg : f.result()) {
        m.put(msg.messageSeq(), msg);
      }
      messagesBySeq.put(ch, m);
    });
    for (Entry e : entries) {
      if (e.kind() == Entry.Kind.STREAM) {
        AnchorKey a = new AnchorKey(e.channel(), e.anchor());
        StreamEvent ev = bySeq.getOrDefault(a, Map.of()).get(e.seq());
        if (ev != null) {
          List<Message> ms = anchorMessages.get(a).result();
          posts.computeIfAbsent(e.channel(), k -> new ArrayList<>()).add(new StreamPost(e.channel(), e.anchor(),
              ms == null || ms.isEmpty() ? null : ms.get(0), ev));
        }
      } else if (e.kind() == Entry.Kind.CHANGE) {
        Message m = messagesBySeq.getOrDefault(e.channel(), Map.of()).get(e.seq());
        if (m != null) {
          LinkedHashMap<Long, Message> ofChannel = changes.computeIfAbsent(e.channel(), k -> new LinkedHashMap<>());
          ofChannel.remove(m.messageSeq()); // its latest change's place: items go by extra_version
          ofChannel.put(m.messageSeq(), m);
        }
      }
    }
    long now = System.currentTimeMillis();
    List<Event> out = new ArrayList<>();
    posts.forEach((ch, ps) -> {
      for (List<StreamPost> part : split(ps, p -> p.event().payload().length())) {
        out.add(new Event(0, EventIds.next(), WebhookOutbox.STREAM, "stream:" + ch.source().routingKey(), now,
            bodies.stream(part), State.PENDING));
      }
    });
    changes.forEach((ch, ms) -> {
      for (List<Message> part : split(new ArrayList<>(ms.values()), m -> m.payload().length)) {
        out.add(new Event(0, EventIds.next(), WebhookOutbox.EXTRA, "extra:" + ch.source().routingKey(), now,
            bodies.extra(part), State.PENDING));
      }
    });
    return out;
  }

  /** Consecutive parts of at most {@code batchMax} items and about the payload budget each. */
  private <T> List<List<T>> split(List<T> items, java.util.function.ToLongFunction<T> size) {
    List<List<T>> out = new ArrayList<>();
    List<T> part = new ArrayList<>();
    long bytes = 0;
    for (T t : items) {
      long n = size.applyAsLong(t);
      if (!part.isEmpty() && (part.size() >= batchMax || bytes + n > WebhookOutbox.NOTIFY_PAYLOAD_MAX)) {
        out.add(part);
        part = new ArrayList<>();
        bytes = 0;
      }
      part.add(t);
      bytes += n;
    }
    if (!part.isEmpty()) {
      out.add(part);
    }
    return out;
  }
}
