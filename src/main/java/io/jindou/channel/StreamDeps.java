package io.jindou.channel;

import io.jindou.store.StreamStore;

/**
 * What an owner needs for stream messages: the event store, who hears of stored events, the most UTF-8 bytes a
 * lane's merged text may hold ({@code stream_text_max_bytes}), the most events per anchor
 * ({@code stream_events_max}), how many anchor summaries a shard keeps cached, and how long an open stream may
 * stay silent before the owner ends it with end reason 1, timeout ({@code stream_idle_timeout_ms}, 0 = never), and how
 * long a finished stream's events stay readable by eventsync ({@code stream_event_retention_seconds}, 0 = forever).
 */
public record StreamDeps(StreamStore store, StreamListener listener, int textMaxBytes, long eventsMax,
    int cacheMax, long idleTimeoutMs, long retentionMs) {

  public static final int TEXT_MAX_BYTES = 1 << 20;
  public static final long EVENTS_MAX = 100_000;
  public static final int CACHE_MAX = 10_000;

  public StreamDeps {
    if (textMaxBytes < 1 || eventsMax < 1 || cacheMax < 1 || idleTimeoutMs < 0 || retentionMs < 0) {
      throw new IllegalArgumentException("bad stream limits: text " + textMaxBytes + ", events " + eventsMax
          + ", cache " + cacheMax + ", idle " + idleTimeoutMs);
    }
  }

  /** No stream store: every event is refused as unavailable (tests that do not stream). */
  public static StreamDeps none() {
    return new StreamDeps(null, StreamListener.NONE, TEXT_MAX_BYTES, EVENTS_MAX, CACHE_MAX, 0, 0);
  }
}
