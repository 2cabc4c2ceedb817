/**
 * The metrics port: {@link io.jindou.metrics.Metrics} is what every layer records into (the stages of a send,
 * counters, gauges), with Micrometer and its Prometheus registry behind it, and {@link io.jindou.metrics.LoopLag}
 * measures how late each event loop runs its timers. Names are {@code jindou_*} in base units, labels come from
 * small fixed sets (never a uid or a channel). It depends on no other Jindou package and decides nothing.
 */
package io.jindou.metrics;
