package io.jindou.access.webhook;

import io.jindou.usecase.Webhooks;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Logger;

/**
 * The node's webhook dispatcher (one instance, on one event loop, so its state needs no locks): it forms events
 * from the outbox, keeps a bounded window of pending events (at most {@code windowMax} and about
 * {@value #WINDOW_BYTES_MAX} body bytes, read from the store), and
 * posts them through a {@link WebhookPoster} with at most {@code maxInflight} requests in flight. Events of one
 * lane go one at a time in seq order (a channel's events in commit order); a failed post is retried after an
 * exponential backoff from 100 ms up to {@code backoffMaxMs} with jitter, carrying the same
 * {@code X-Jindou-Event-Id}, until the event is older than {@code retryMaxAgeMs}: then it becomes a dead letter.
 * Deliveries are recorded in batches of up to {@value #RECORD_BATCH} (one store write each), so a lane never waits
 * for a write. It logs one line when the receiver starts failing and one when it recovers, never one per post. It
 * runs beside the send path and never waits on it nor makes it wait.
 */
public final class WebhookDispatcher extends VerticleBase {
  private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class.getName());
  /** Deliveries recorded in one store write at most (more wait for the next tick or the next batch). */
  static final int RECORD_BATCH = 32;
  private static final long TICK_MS = 50;
  private static final long RELOAD_MS = 5_000;
  /** Body bytes held in the window at most (beyond it, events stay in the store until there is room). */
  static final long WINDOW_BYTES_MAX = 64L << 20;
  private static final long HOUSEKEEPING_MS = 1_000;
  private static final long STATUS_FLUSH_MS = 200;
  /** The retention trim runs every this many housekeeping ticks (30 s). */
  private static final int TRIM_EVERY_TICKS = 30;

  /**
   * The receiver and the bounds (README {@code webhook_*}); {@code startDelayMs}: how long after the start the first
   * post waits (in a cluster, until a node that took this node's events over while it was gone has let go).
   */
  public record Options(String url, String secret, int timeoutMs, int maxInflight, int backoffMaxMs,
      long retryMaxAgeMs, int windowMax, int batchMax, long startDelayMs) {
  }

  private static final class Slot {
    final Webhooks.Event event;
    int attempts;
    long notBefore;
    /** Being posted, or being moved to the dead letters. */
    boolean busy;
    /** Posted with success; the delivery is not yet recorded. */
    boolean delivered;

    Slot(Webhooks.Event event) {
      this.event = event;
    }
  }

  private final Webhooks webhooks;
  private final StatusBuffer statuses;
  private final Options options;
  private final TreeMap<Long, Slot> window = new TreeMap<>();
  private WebhookPoster poster;
  /** Delivered slots whose delivery is not yet recorded (at most the window). */
  private final List<Slot> toRecord = new ArrayList<>();
  private boolean recording;
  private long tick;
  private long housekeeping;
  private long statusFlush;
  private long housekeepingTicks;
  private boolean forming;
  private boolean loading;
  private boolean failing;
  private long lastFullLoad;
  private int inflight;
  private long windowBytes;
  /** Events were sealed and not taken into the window: {@link #load} reads them. */
  private boolean fresh;
  /** Events recorded as delivered or dead while a read of pending events was in flight (at most the window). */
  private final Set<Long> settledDuringLoad = new HashSet<>();
  /** Every pending event with a seq up to this one is in the window or done with. */
  private long loadedThrough;

  /** {@code statuses}: the connection changes to post as {@code user.onlinestatus}. */
  public WebhookDispatcher(Webhooks webhooks, StatusBuffer statuses, Options options) {
    this.webhooks = webhooks;
    this.statuses = statuses;
    this.options = options;
  }

  @Override
  public Future<?> start() {
    poster = new WebhookPoster(vertx, options);
    tick = vertx.setPeriodic(Math.max(1, options.startDelayMs()), TICK_MS, t -> tick());
    housekeeping = vertx.setPeriodic(HOUSEKEEPING_MS, t -> {
      webhooks.checkCap();
      if (++housekeepingTicks % TRIM_EVERY_TICKS == 0) {
        webhooks.trim();
      }
    });
    statusFlush = vertx.setPeriodic(STATUS_FLUSH_MS, t -> {
      List<byte[]> held = statuses.drain(options.batchMax());
      if (!held.isEmpty()) {
        webhooks.onlineStatus(held).onSuccess(es -> {
          if (!es.isEmpty()) {
            sealed(es);
          }
        });
      }
    });
    LOG.info("webhooks: posting to " + options.url() + " (" + options.maxInflight() + " in flight, timeout "
        + options.timeoutMs() + " ms, dead letters after " + options.retryMaxAgeMs() / 1000 + " s"
        + (options.secret().isEmpty() ? ", unsigned)" : ", signed)"));
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(tick);
    vertx.cancelTimer(housekeeping);
    vertx.cancelTimer(statusFlush);
    record(); // best effort: what is not recorded is posted again after the restart, with the same ids
    return poster.close();
  }

  private void tick() {
    record();
    if (!forming) {
      forming = true;
      webhooks.form().onComplete(ar -> {
        forming = false;
        if (ar.succeeded()) {
          if (!ar.result().isEmpty()) {
            sealed(ar.result());
          }
          // a whole batch was read (whether or not it made events): form again without waiting for the timer
          if (webhooks.behind()) {
            vertx.runOnContext(v -> tick());
          }
        }
      });
    }
    load();
    dispatch();
  }

  /**
   * Events just sealed go into the window as they are, without being read back, when they directly follow what
   * the window has seen and there is room; the others are read from the store by {@link #load}.
   */
  private void sealed(List<Webhooks.Event> events) {
    int taken = 0;
    if (!loading && events.get(0).seq() - 1 <= loadedThrough) {
      for (Webhooks.Event e : events) {
        if (window.size() >= options.windowMax() || windowBytes >= WINDOW_BYTES_MAX) {
          break;
        }
        hold(e);
        loadedThrough = Math.max(loadedThrough, e.seq());
        taken++;
      }
    }
    if (taken < events.size()) {
      fresh = true;
      load();
    }
    dispatch();
  }

  private void hold(Webhooks.Event e) {
    if (window.putIfAbsent(e.seq(), new Slot(e)) == null) {
      windowBytes += e.body().length;
    }
  }

  /**
   * Tops the window up from the store: the events after {@link #loadedThrough} when some were sealed and not
   * taken, and from seq 0 every {@value #RELOAD_MS} ms (so redelivered events are found).
   */
  private void load() {
    if (loading || window.size() >= options.windowMax() || windowBytes >= WINDOW_BYTES_MAX) {
      return;
    }
    long now = System.currentTimeMillis();
    boolean full = now - lastFullLoad > RELOAD_MS;
    if (!full && !fresh) {
      return;
    }
    fresh = false;
    long after = full ? 0 : loadedThrough;
    if (full) {
      lastFullLoad = now;
    }
    loading = true;
    settledDuringLoad.clear();
    int room = options.windowMax() - window.size();
    webhooks.pending(after, room, WINDOW_BYTES_MAX - windowBytes).onComplete(ar -> {
      loading = false;
      if (ar.succeeded()) {
        List<Webhooks.Event> got = ar.result();
        for (Webhooks.Event e : got) {
          if (!settledDuringLoad.contains(e.seq())) {
            hold(e);
          }
        }
        settledDuringLoad.clear();
        if (!got.isEmpty()) {
          // every pending event up to the last one read is now held (the read is in seq order, from `after`)
          loadedThrough = Math.max(loadedThrough, got.get(got.size() - 1).seq());
          fresh |= got.size() >= room; // the read was cut short: more may wait
        }
        dispatch();
      } else {
        fresh = true;
      }
    });
  }

  /** Starts every post allowed now: the first event of each lane, when due, within the in-flight bound. */
  private void dispatch() {
    long now = System.currentTimeMillis();
    Set<String> lanes = new HashSet<>();
    for (Map.Entry<Long, Slot> en : window.entrySet()) {
      if (inflight >= options.maxInflight()) {
        return;
      }
      Slot s = en.getValue();
      if (s.delivered) {
        continue; // delivered, being recorded: the lane's next event may go
      }
      if (!lanes.add(s.event.lane()) || s.busy || s.notBefore > now) {
        continue; // a later event of a lane waits for the earlier one
      }
      post(s);
    }
  }

  private void post(Slot s) {
    s.busy = true;
    inflight++;
    webhooks.figures().inflight.incrementAndGet();
    poster.post(s.event).onComplete(ar -> {
      inflight--;
      webhooks.figures().inflight.decrementAndGet();
      if (ar.succeeded()) {
        succeeded(s);
      } else {
        failed(s, ar.cause().getMessage());
      }
      dispatch();
    });
  }

  /**
   * Delivered: the lane goes on with its next event at once, and the delivery is recorded with others in one
   * write ({@link #record}); until then the slot stays in the window so that a reload does not post it again.
   */
  private void succeeded(Slot s) {
    webhooks.figures().delivered.incrementAndGet();
    if (failing) {
      failing = false;
      LOG.info("webhooks: " + options.url() + " answers again");
    }
    s.busy = false;
    s.delivered = true;
    toRecord.add(s);
    if (toRecord.size() >= RECORD_BATCH) {
      record();
    }
  }

  /**
   * Records the deliveries not yet recorded in one store write; the window makes room for them once it is durable.
   * A failed write is tried again on the next tick (the events were delivered: they are not posted again unless
   * the node stops first, and then they go again with the same id).
   */
  private void record() {
    if (recording || toRecord.isEmpty()) {
      return;
    }
    recording = true;
    List<Slot> batch = new ArrayList<>(toRecord);
    toRecord.clear();
    webhooks.delivered(batch.stream().map(x -> x.event.seq()).toList()).onComplete(ar -> {
      recording = false;
      if (ar.succeeded()) {
        batch.forEach(this::forget);
        load();
      } else {
        toRecord.addAll(0, batch);
      }
    });
  }

  private void failed(Slot s, String why) {
    webhooks.figures().failures.incrementAndGet();
    webhooks.figures().lastError = why;
    if (!failing) {
      failing = true;
      LOG.warning("webhooks: posting to " + options.url() + " fails (" + why + "); retrying with backoff");
    }
    long now = System.currentTimeMillis();
    s.attempts++;
    if (now - s.event.createdMs() > options.retryMaxAgeMs()) {
      webhooks.dead(s.event.seq()).onComplete(ar -> {
        if (ar.succeeded()) {
          forget(s);
          LOG.warning("webhooks: event " + s.event.id() + " (" + s.event.name() + ", seq " + s.event.seq()
              + ") moved to the dead letters after " + s.attempts + " attempts: " + why);
        } else {
          s.busy = false;
        }
      });
      return;
    }
    s.notBefore = now + backoff(s.attempts);
    s.busy = false;
  }

  private void forget(Slot s) {
    if (window.remove(s.event.seq()) != null) {
      windowBytes -= s.event.body().length;
    }
    if (loading) {
      settledDuringLoad.add(s.event.seq()); // the read in flight may still see it pending: not to be held again
    }
  }

  /** 100 ms doubling per attempt up to the maximum, then a random half of it taken off (jitter). */
  private long backoff(int attempts) {
    long full = Math.min(options.backoffMaxMs(), 100L << Math.min(attempts - 1, 20));
    return full / 2 + ThreadLocalRandom.current().nextLong(full / 2 + 1);
  }
}
