package io.jindou.channel;

import io.jindou.model.ChannelKey;
import io.jindou.store.MessageStore;
import io.vertx.core.Future;
import java.util.List;
import java.util.function.Function;

/**
 * A pass over every channel the store holds messages of, for work that must reach channels no index names (an
 * erasure reaching groups a user left): slice by slice ({@link MessageStore#channelsWithMessages}), one channel at a
 * time, so the work is bounded however many channels there are. It reads only the list of channels; what is done
 * to each is the caller's, and it never holds a channel itself.
 */
public final class StoredChannels {
  /** Channels read per slice. */
  static final int SLICE = 256;
  private final MessageStore messages;

  public StoredChannels(MessageStore messages) {
    this.messages = messages;
  }

  /**
   * Calls {@code visit} for each stored channel in turn (the next once the last one's future completed, failed or
   * not) and completes with how many visits answered {@code true}.
   */
  public Future<Long> forEach(Function<ChannelKey, Future<Boolean>> visit) {
    return slice("", visit, 0);
  }

  private Future<Long> slice(String cursor, Function<ChannelKey, Future<Boolean>> visit, long done) {
    return messages.channelsWithMessages(cursor, SLICE).compose(s -> each(s.channels(), 0, visit, done)
        .compose(n -> s.next().isEmpty() ? Future.succeededFuture(n) : slice(s.next(), visit, n)));
  }

  private Future<Long> each(List<ChannelKey> channels, int i, Function<ChannelKey, Future<Boolean>> visit,
      long done) {
    if (i >= channels.size()) {
      return Future.succeededFuture(done);
    }
    Future<Boolean> one;
    try {
      one = visit.apply(channels.get(i));
    } catch (RuntimeException e) {
      one = Future.failedFuture(e);
    }
    return one.otherwise(false).compose(yes -> each(channels, i + 1, visit, done + (yes ? 1 : 0)));
  }
}
