package io.jindou.tools;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every load tool reads from its command line and the machine: {@code --name value} options over a map of
 * defaults (an unknown option prints the usage and exits with 2), and the CPU time a server process has used so far
 * (from {@code /proc/<pid>/stat}). It never measures anything itself.
 */
final class ToolArgs {
  private ToolArgs() {
  }

  /**
   * The defaults with {@code args[from..]} applied; exits with status 2 after printing {@code usage} (or, if it is
   * empty, the known options) when an option is not one of the defaults' names.
   */
  static Map<String, String> parse(String[] args, int from, Map<String, String> defaults, String usage) {
    Map<String, String> o = new LinkedHashMap<>(defaults);
    for (int i = from; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--") || !o.containsKey(args[i].substring(2))) {
        System.err.println("unknown option " + args[i]);
        System.err.println(usage.isEmpty() ? "options: --" + String.join(" N, --", o.keySet()) + " N" : usage);
        System.exit(2);
      }
      o.put(args[i].substring(2), args[i + 1]);
    }
    return o;
  }

  /**
   * The process's user + system CPU time in ms from /proc/&lt;pid&gt;/stat (clock ticks of 10 ms, the Linux default),
   * or -1 for pid 0 or an unreadable stat.
   */
  static long cpuMs(String pid) {
    if (pid == null || "0".equals(pid)) {
      return -1;
    }
    try {
      String stat = Files.readString(Path.of("/proc", pid, "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
    } catch (java.io.IOException | RuntimeException e) {
      return -1;
    }
  }
}
