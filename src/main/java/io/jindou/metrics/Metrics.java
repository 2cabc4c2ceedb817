package io.jindou.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The one place a node's metrics live: a Prometheus registry with the meters every layer records into, built
 * once at start, so recording is a lookup in a fixed array and an atomic add (no allocation, no map lookup, no
 * label string built per message). {@link #OFF} records nothing ({@code metrics_enabled=false}). Names are
 * {@code jindou_*} with base units (seconds, bytes); labels take values from small fixed sets only — a stage,
 * a result, a WuKongIM reason code, a protocol, a loop or shard index — never a uid or a channel. It never
 * decides anything and never blocks; {@link #scrape()} renders the text format for {@code GET /metrics}.
 */
public final class Metrics {

  /** The stages of a send, each a latency histogram {@code jindou_send_stage_seconds{stage}}. */
  public enum Stage {
    /** From the use case accepting the request to the channel owner taking it (may cross nodes). */
    ACCEPT_TO_OWNER,
    /** On the owner: waiting for the channel's turn, its state and the policy facts, until the store is asked. */
    OWNER_QUEUE,
    /** The store's durable append (the group commit and its fsync, or the Redis script). */
    STORE_COMMIT,
    /** Locating the recipients' nodes and handing each node its batch. */
    FANOUT,
    /** A TCP connection's pending packets: from the first one queued to the socket write. */
    SOCKET_WRITE,
    /** From the use case accepting the request to the RECV written for a recipient's device. */
    END_TO_END;

    final String label = name().toLowerCase(java.util.Locale.ROOT);
  }

  /** How a send ended, the {@code result} label of {@code jindou_sends_total}. */
  public enum SendResult {
    STORED, DUPLICATE, REFUSED, FAILED;

    final String label = name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Off: every call returns at once. */
  public static final Metrics OFF = new Metrics(null);

  private static final int REASONS = 64; // WuKongIM reason codes are below 64; others count as "other"
  private static final Duration[] BUCKETS = {Duration.ofNanos(50_000), Duration.ofNanos(100_000),
      Duration.ofNanos(250_000), Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofNanos(2_500_000),
      Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
      Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
      Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};
  /** Epoch microseconds at nanoTime 0 (this JVM): wall-clock time from the monotonic clock, without a syscall. */
  private static final long EPOCH_OFFSET_NANOS = System.currentTimeMillis() * 1_000_000L - System.nanoTime();

  private final PrometheusMeterRegistry registry;
  private final Timer[] stages;
  private final AtomicReferenceArray<Counter> sends;
  private final Counter deliveries;
  private final Counter rateLimitedSends;
  private final Counter rateLimitedPackets;
  private final DistributionSummary batchJobs;
  private final Timer recvAcks;
  private final List<Runnable> refreshers = new CopyOnWriteArrayList<>();
  private final List<AutoCloseable> closeables = new CopyOnWriteArrayList<>();

  private Metrics(PrometheusMeterRegistry registry) {
    this.registry = registry;
    if (registry == null) {
      stages = null;
      sends = null;
      deliveries = rateLimitedSends = rateLimitedPackets = null;
      batchJobs = null;
      recvAcks = null;
      return;
    }
    stages = new Timer[Stage.values().length];
    for (Stage s : Stage.values()) {
      stages[s.ordinal()] = Timer.builder("jindou.send.stage").description("latency of one stage of a send")
          .tag("stage", s.label).serviceLevelObjectives(BUCKETS).register(registry);
    }
    sends = new AtomicReferenceArray<>(SendResult.values().length * (REASONS + 1));
    deliveries = Counter.builder("jindou.deliveries").description("RECV packets written to devices (first tries)")
        .register(registry);
    rateLimitedSends = Counter.builder("jindou.rate.limited").description("requests refused by a rate limit")
        .tag("scope", "send").register(registry);
    rateLimitedPackets = Counter.builder("jindou.rate.limited").description("requests refused by a rate limit")
        .tag("scope", "packets").register(registry);
    batchJobs = DistributionSummary.builder("jindou.store.batch.jobs")
        .description("jobs per group commit (RocksDB write batch)")
        .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024).register(registry);
    recvAcks = Timer.builder("jindou.recvack").description("from a RECV written to its RECVACK (last try)")
        .serviceLevelObjectives(BUCKETS).register(registry);
    new JvmMemoryMetrics().bindTo(registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    closeables.add(gc);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  /** Metrics with a Prometheus registry; every meter carries {@code node="<nodeId>"}. */
  public static Metrics prometheus(int nodeId) {
    PrometheusMeterRegistry r = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    r.config().commonTags("node", Integer.toString(nodeId));
    return new Metrics(r);
  }

  public boolean enabled() {
    return registry != null;
  }

  /** Now, in epoch microseconds (comparable across the nodes of a cluster to the precision of their clocks). */
  public static long wallMicros() {
    return (System.nanoTime() + EPOCH_OFFSET_NANOS) / 1000;
  }

  /** Records {@code nanos} for a stage. */
  public void stage(Stage stage, long nanos) {
    if (stages != null) {
      stages[stage.ordinal()].record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    }
  }

  /** Records the time since {@code startMicros} ({@link #wallMicros()}; 0 = unknown, nothing recorded). */
  public void stageSince(Stage stage, long startMicros) {
    if (stages != null && startMicros > 0) {
      stages[stage.ordinal()].record(Math.max(0, wallMicros() - startMicros), TimeUnit.MICROSECONDS);
    }
  }

  /** Counts one send by result and WuKongIM reason ({@code jindou_sends_total{result,reason}}). */
  public void send(SendResult result, int reason) {
    if (sends == null) {
      return;
    }
    int r = reason >= 0 && reason < REASONS ? reason : REASONS;
    int i = result.ordinal() * (REASONS + 1) + r;
    Counter c = sends.get(i);
    if (c == null) {
      c = Counter.builder("jindou.sends").description("sends by result and WuKongIM reason code")
          .tags("result", result.label, "reason", r == REASONS ? "other" : Integer.toString(r)).register(registry);
      sends.set(i, c);
    }
    c.increment();
  }

  /** Counts RECVs written to devices (first tries; retries are {@code jindou_recv_retries_total}). */
  public void delivered() {
    if (deliveries != null) {
      deliveries.increment();
    }
  }

  /** Counts a refusal by the per-uid send rate ({@code send}) or the per-connection packet rate. */
  public void rateLimited(boolean send) {
    if (deliveries != null) {
      (send ? rateLimitedSends : rateLimitedPackets).increment();
    }
  }

  /** Records how long a device took to acknowledge a RECV (milliseconds, from its last sending). */
  public void recvAck(long millis) {
    if (recvAcks != null) {
      recvAcks.record(Math.max(0, millis), TimeUnit.MILLISECONDS);
    }
  }

  /** Records the number of jobs in one group commit. */
  public void batch(int jobs) {
    if (batchJobs != null) {
      batchJobs.record(jobs);
    }
  }

  /** Registers a gauge read at scrape time ({@code tags}: name, value pairs from a fixed set). */
  public <T> void gauge(String name, String description, T obj, ToDoubleFunction<T> value, String... tags) {
    if (registry != null) {
      Gauge.builder(name, obj, value).description(description).tags(tags).register(registry);
    }
  }

  /** Registers a counter whose total another component keeps (a monotonic long). */
  public <T> void counter(String name, String description, T obj, ToDoubleFunction<T> total) {
    if (registry != null) {
      FunctionCounter.builder(name, obj, total).description(description).register(registry);
    }
  }

  /**
   * Registers a gauge whose label values are known only at scrape time (connections by protocol and version):
   * {@code rows} answers label values → value; rows that vanish are dropped. The label keys are fixed.
   */
  public void multiGauge(String name, String description, String[] keys, Supplier<Map<List<String>, Number>> rows) {
    if (registry == null) {
      return;
    }
    MultiGauge g = MultiGauge.builder(name).description(description).register(registry);
    refreshers.add(() -> g.register(rows.get().entrySet().stream().map(e -> {
      Tags t = Tags.empty();
      for (int i = 0; i < keys.length; i++) {
        t = t.and(keys[i], e.getKey().get(i));
      }
      return MultiGauge.Row.of(t, e.getValue());
    }).toList(), true));
  }

  /** The Prometheus text exposition of every meter (empty when off). */
  public String scrape() {
    if (registry == null) {
      return "";
    }
    refreshers.forEach(Runnable::run);
    return registry.scrape();
  }

  /** Releases what the JVM meters hold (GC notification listeners). */
  public void close() {
    for (AutoCloseable c : closeables) {
      try {
        c.close();
      } catch (Exception e) {
        // nothing left to release
      }
    }
    if (registry != null) {
      registry.close();
    }
  }
}
