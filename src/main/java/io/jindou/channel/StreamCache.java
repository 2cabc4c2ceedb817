package io.jindou.channel;

import io.jindou.model.StreamSummary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * The stream summaries one owner shard keeps in memory, by anchor, each with what the owner needs to decide its next
 * checkpoint ({@link Tip}): least recently used dropped while it holds more
 * than {@code max} of them or about {@code maxBytes} bytes of text (a dropped one is read again when next needed, so
 * the bound costs reads, never correctness). Owner-loop only; it never reads a store and never decides anything.
 *
 * @param <K> the anchor key
 */
final class StreamCache<K> {
  /**
   * An anchor's summary after its last event handed to the store, when its last checkpoint was written (server ms;
   * 0: unknown, so the next event writes one) and how many events and payload bytes were stored since.
   */
  record Tip(StreamSummary summary, long checkpointAt, int sinceEvents, long sinceBytes) {
    /** A summary just read from the store: the next event checkpoints. */
    static Tip loaded(StreamSummary s) {
      return new Tip(s, 0, 0, 0);
    }
  }

  private final int max;
  private final long maxBytes;
  private final Map<K, Tip> map = new LinkedHashMap<>(256, 0.75f, true);
  private long bytes;

  StreamCache(int max, long maxBytes) {
    this.max = max;
    this.maxBytes = maxBytes;
  }

  Tip get(K k) {
    return map.get(k);
  }

  void put(K k, Tip t) {
    remove(k);
    map.put(k, t);
    bytes += weight(t.summary());
    var it = map.entrySet().iterator();
    while ((map.size() > max || bytes > maxBytes) && map.size() > 1 && it.hasNext()) {
      bytes -= weight(it.next().getValue().summary());
      it.remove();
    }
  }

  void remove(K k) {
    Tip old = map.remove(k);
    if (old != null) {
      bytes -= weight(old.summary());
    }
  }

  /** The cached anchors whose summary passes {@code test}. */
  List<K> matching(BiPredicate<K, StreamSummary> test) {
    return map.entrySet().stream().filter(e -> test.test(e.getKey(), e.getValue().summary()))
        .map(Map.Entry::getKey).toList();
  }

  /** About how many bytes a summary holds: its texts and chunks, two bytes a char, plus a fixed part. */
  private static long weight(StreamSummary s) {
    long w = 256;
    for (var l : s.lanes()) {
      w += 64 + 2L * (l.text().length() + (l.snapshot() == null ? 0 : l.snapshot().length()));
    }
    for (String c : s.chunks()) {
      w += 16 + 2L * c.length();
    }
    return w;
  }
}
