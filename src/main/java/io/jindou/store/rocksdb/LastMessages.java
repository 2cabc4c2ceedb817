package io.jindou.store.rocksdb;

import io.jindou.model.ChannelKey;
import io.jindou.model.Message;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last durable message of recently used channels, kept in memory so that a conversation list of a
 * thousand channels needs no thousand index seeks. The writer offers every committed message after its
 * batch is durable; readers offer what they read from disk. A newer sequence always wins, so a slow reader
 * can never put an older message back. Bounded: past {@code max} channels it starts over. Thread-safe.
 */
final class LastMessages {
  private final Map<ChannelKey, Message> last = new ConcurrentHashMap<>();
  private final int max;

  LastMessages(int max) {
    this.max = max;
  }

  Message get(ChannelKey ch) {
    return last.get(ch);
  }

  void offer(Message m) {
    if (last.size() >= max) {
      last.clear();
    }
    last.merge(m.channel(), m, (old, neu) -> neu.messageSeq() >= old.messageSeq() ? neu : old);
  }
}
