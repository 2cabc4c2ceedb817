package io.jindou.store.redis;

import io.jindou.model.ChannelKey;
import io.jindou.store.MessagePlan;
import io.jindou.store.MessageStore.Appended;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One write lane per source channel (a channel and its command log share one): at most one script of a
 * channel is in flight from this process, later writes wait in call order, and consecutive waiting appends
 * are coalesced into the next script call (group commit, at most {@code maxBatch} plans). This is what keeps
 * "sequences in the order calls are made" true even when a script must be re-sent after {@code NOSCRIPT} or a
 * reconnect, since nothing of the same channel can overtake it. Lanes of different channels run in parallel
 * and pipeline on the one connection. It never decides outcomes and never retries a failed write: a failed
 * batch fails every call in it.
 */
final class ChannelLanes {

  /** Writes one coalesced batch of plans of one source channel (one script call). */
  interface AppendWriter {
    Future<List<Appended>> write(ChannelKey source, List<MessagePlan> plans);
  }

  private sealed interface Job permits AppendJob, TaskJob {
  }

  private record AppendJob(List<MessagePlan> plans, Promise<List<Appended>> promise) implements Job {
  }

  private record TaskJob<T>(Supplier<Future<T>> task, Promise<T> promise) implements Job {
    Future<T> start() {
      Future<T> f;
      try {
        f = task.get();
      } catch (RuntimeException e) {
        f = Future.failedFuture(e);
      }
      f.onComplete(ar -> {
        if (ar.succeeded()) {
          promise.tryComplete(ar.result());
        } else {
          promise.tryFail(ar.cause());
        }
      });
      return f;
    }
  }

  private final Context home;
  private final int maxBatch;
  private final AppendWriter writer;
  /** A lane is present while busy: its queue holds the calls waiting behind the running one. */
  private final Map<ChannelKey, ArrayDeque<Job>> lanes = new HashMap<>(); // guarded by this

  ChannelLanes(Context home, int maxBatch, AppendWriter writer) {
    this.home = home;
    this.maxBatch = maxBatch;
    this.writer = writer;
  }

  Future<List<Appended>> append(ChannelKey source, List<MessagePlan> plans) {
    Promise<List<Appended>> p = Promise.promise();
    submit(source, new AppendJob(plans, p));
    return p.future();
  }

  /** Runs {@code task} alone in the channel's lane, after every write submitted before it. */
  <T> Future<T> run(ChannelKey source, Supplier<Future<T>> task) {
    Promise<T> p = Promise.promise();
    submit(source, new TaskJob<>(task, p));
    return p.future();
  }

  private void submit(ChannelKey source, Job job) {
    boolean idle;
    synchronized (this) {
      ArrayDeque<Job> queue = lanes.get(source);
      idle = queue == null;
      if (idle) {
        queue = new ArrayDeque<>();
        lanes.put(source, queue);
      }
      queue.add(job);
    }
    if (idle) {
      next(source);
    }
  }

  private void next(ChannelKey source) {
    List<Job> batch = new ArrayList<>();
    synchronized (this) {
      ArrayDeque<Job> queue = lanes.get(source);
      if (queue.isEmpty()) {
        lanes.remove(source);
        return;
      }
      Job first = queue.poll();
      batch.add(first);
      if (first instanceof AppendJob a) {
        int n = a.plans().size();
        while (queue.peek() instanceof AppendJob b && n + b.plans().size() <= maxBatch) {
          queue.poll();
          batch.add(b);
          n += b.plans().size();
        }
      }
    }
    // hop before the next batch: a synchronously failing write must not recurse through a long queue
    execute(source, batch).onComplete(ar -> home.runOnContext(v -> next(source)));
  }

  private Future<?> execute(ChannelKey source, List<Job> batch) {
    if (batch.get(0) instanceof TaskJob<?> task) {
      return task.start();
    }
    List<MessagePlan> plans = new ArrayList<>();
    for (Job j : batch) {
      plans.addAll(((AppendJob) j).plans());
    }
    Future<List<Appended>> f;
    try {
      f = writer.write(source, plans);
    } catch (RuntimeException e) {
      f = Future.failedFuture(e);
    }
    return f.onComplete(ar -> {
      int at = 0;
      for (Job j : batch) {
        AppendJob a = (AppendJob) j;
        if (ar.succeeded()) {
          a.promise().tryComplete(List.copyOf(ar.result().subList(at, at + a.plans().size())));
        } else {
          a.promise().tryFail(ar.cause());
        }
        at += a.plans().size();
      }
    });
  }
}
