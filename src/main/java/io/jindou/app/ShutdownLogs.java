package io.jindou.app;

import java.util.logging.LogManager;

/**
 * The JVM's log manager, except that it keeps its handlers through JVM shutdown: the JDK's own shutdown hook
 * resets the log manager, racing the node's hook that drains and stops, whose lifecycle lines (draining,
 * stopped) would otherwise be lost. Installed by {@link Main} through {@code java.util.logging.manager} before
 * anything logs. It changes nothing else: every other reset (reading the configuration) goes through.
 */
public final class ShutdownLogs extends LogManager {

  @Override
  public void reset() {
    boolean fromJdkHook = StackWalker.getInstance().walk(frames -> frames.anyMatch(
        f -> f.getClassName().equals("java.util.logging.LogManager$Cleaner")));
    if (!fromJdkHook) {
      super.reset();
    }
  }
}
