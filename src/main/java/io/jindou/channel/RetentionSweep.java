package io.jindou.channel;

import io.jindou.model.ChannelKey;
import io.jindou.model.MessageChange;
import io.jindou.store.MessageStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

/**
 * Retention of the channels on disk, in memory or not: on each tick it reads one slice of the store's channels
 * ({@link MessageStore#channelsWithMessages}, at most {@code sliceSize}) and asks the owner of each one this node owns,
 * one at a time, to apply the policy ({@link MessageChange.Op#RETAIN}); the next tick goes on from there, and a pass
 * over every channel starts again when one ends. Its impact on sends is bounded: one channel at a time, a slice per
 * tick, and an owner trims a channel it does not hold without loading it. It never overlaps itself, runs only while
 * the node sees a majority, and decides nothing about the cut (the owner's {@code RetentionTask} does).
 */
public final class RetentionSweep {
  private static final Logger LOG = Logger.getLogger(RetentionSweep.class.getName());
  private final MessageStore messages;
  private final ChannelService owners;
  private final int sliceSize;
  private final BooleanSupplier majority;
  private String cursor = "";
  private boolean running;
  private long passCleared;

  public RetentionSweep(MessageStore messages, ChannelService owners, int sliceSize, BooleanSupplier majority) {
    this.messages = messages;
    this.owners = owners;
    this.sliceSize = sliceSize;
    this.majority = majority;
  }

  /** Ticks every {@code intervalMs} on a context of {@code vertx}; returns the timer id. */
  public long start(Vertx vertx, long intervalMs) {
    return vertx.setPeriodic(intervalMs, t -> tick());
  }

  /** Visits the next slice (nothing when the last tick's slice is still going or the node is cut off). */
  public void tick() {
    if (running || !majority.getAsBoolean()) {
      return;
    }
    running = true;
    messages.channelsWithMessages(cursor, sliceSize).compose(slice -> visit(slice.channels(), 0).map(v -> {
      cursor = slice.next();
      if (cursor.isEmpty() && passCleared > 0) {
        LOG.info("retention pass over the stored channels done: " + passCleared + " channels cleared");
        passCleared = 0;
      }
      return v;
    })).onComplete(ar -> {
      running = false;
      if (ar.failed()) {
        LOG.warning("retention sweep failed (" + ar.cause().getMessage() + "); the next tick goes on");
      }
    });
  }

  private Future<Void> visit(List<ChannelKey> channels, int i) {
    if (i >= channels.size()) {
      return Future.succeededFuture();
    }
    ChannelKey ch = channels.get(i);
    if (!owners.ownedHere(ch)) {
      return visit(channels, i + 1);
    }
    return owners.change(new MessageChange(MessageChange.Op.RETAIN, ch, 0, 0, null, true, null, null))
        .map(r -> {
          passCleared += r.changed() ? 1 : 0;
          return r;
        })
        .recover(e -> {
          LOG.warning("retention of channel " + ch.id() + " (type " + ch.type() + ") failed: " + e.getMessage());
          return Future.succeededFuture();
        }).compose(r -> visit(channels, i + 1));
  }
}
