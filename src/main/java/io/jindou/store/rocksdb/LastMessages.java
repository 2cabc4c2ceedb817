package io.jindou.store.rocksdb;

import io.jindou.model.ChannelKey;
import io.jindou.model.Message;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last durable message of recently used channels, kept in memory so that a conversation list of a
 * thousand channels needs no thousand index seeks. The writer offers every committed message after its
 * batch is durable; readers offer what they read from disk. A newer sequence always wins (and for one sequence,
 * the newer change: a higher extra_version), so a slow reader can never put an older message or state back. Each
 * channel has one {@link Slot} that a reader may keep (the conversation-row cache does) for as long as the
 * {@link #generation} is unchanged. Bounded: past {@code max} channels it starts over, under a new generation.
 * Thread-safe.
 */
final class LastMessages {
  /** One channel's last message (null: none known yet). */
  static final class Slot {
    private volatile Message last;

    Message get() {
      return last;
    }

    /** Forgets the last message (it was deleted): readers read the channel's end from the store again. */
    synchronized void clear() {
      last = null;
    }

    synchronized void offer(Message m) {
      Message old = last;
      if (old == null || m.messageSeq() > old.messageSeq()
          || (m.messageSeq() == old.messageSeq() && m.extra().version() >= old.extra().version())) {
        last = m;
      }
    }
  }

  private final ConcurrentHashMap<ChannelKey, Slot> slots = new ConcurrentHashMap<>();
  private final int max;
  private volatile long generation;

  LastMessages(int max) {
    this.max = max;
  }

  Message get(ChannelKey ch) {
    Slot s = slots.get(ch);
    return s == null ? null : s.get();
  }

  /** The channel's slot, created empty when absent; valid while {@link #generation} is unchanged. */
  Slot slot(ChannelKey ch) {
    Slot s = slots.get(ch);
    if (s != null) {
      return s;
    }
    if (slots.size() >= max) {
      startOver();
    }
    return slots.computeIfAbsent(ch, k -> new Slot());
  }

  /** Forgets the channel's last message when it is at or below {@code upToSeq} (deleted). */
  void clear(ChannelKey ch, long upToSeq) {
    Slot s = slots.get(ch);
    if (s != null && s.get() != null && s.get().messageSeq() <= upToSeq) {
      s.clear();
    }
  }

  void offer(Message m) {
    slot(m.channel()).offer(m);
  }

  /** Changes whenever the slots start over: a slot taken under another generation may be stale. */
  long generation() {
    return generation;
  }

  private synchronized void startOver() {
    if (slots.size() >= max) {
      generation++;
      slots.clear();
    }
  }
}
