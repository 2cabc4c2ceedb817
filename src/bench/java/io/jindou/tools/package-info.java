/**
 * Load tools and benchmarks, built from {@code src/bench/java} into {@code target/jindou-bench.jar} (with
 * HdrHistogram) and run next to the server jar by {@code bench/*.sh}: {@link io.jindou.tools.LoadTool} (HTTP send
 * and conversation sync), {@link io.jindou.tools.FanoutLoad} (fan-out to SDK-like clients, idle connections) and
 * {@link io.jindou.tools.Suite} (WuKongIM's stress shapes and the reliability check), plus
 * {@link io.jindou.tools.WkAsyncClient}, the one WKProto client of the repository, which the tests use too.
 *
 * <p>Not part of the server: nothing in {@code src/main} depends on this package and {@code jindou.jar} holds none
 * of it (checked at every {@code mvn package}). The tools only talk to the URLs and ports they are given, over the
 * public HTTP API and WKProto, and stop by themselves.
 */
package io.jindou.tools;
