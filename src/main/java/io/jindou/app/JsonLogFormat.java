package io.jindou.app;

import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * {@code log_format=json}: every log record becomes one JSON object on one line, for log shippers —
 * {@code time} (ISO-8601 UTC), {@code level}, {@code logger}, {@code node} (the node id), {@code message} and
 * {@code fields}: the structured values a record carries (a {@code Map} as its only parameter, as the HTTP
 * access log gives), plus {@code error} and {@code stack} when it has an exception (escaped, so still one line).
 * It formats; it never decides what is logged or at which level.
 */
final class JsonLogFormat extends Formatter {
  private final int node;

  JsonLogFormat(int node) {
    this.node = node;
  }

  /** Puts this format on every handler of the root logger (a console handler when there is none). */
  static void install(int node) {
    Logger root = Logger.getLogger("");
    if (root.getHandlers().length == 0) {
      root.addHandler(new ConsoleHandler());
    }
    for (Handler h : root.getHandlers()) {
      h.setFormatter(new JsonLogFormat(node));
    }
  }

  @Override
  public String format(LogRecord r) {
    JsonObject fields = new JsonObject();
    Object[] params = r.getParameters();
    if (params != null && params.length == 1 && params[0] instanceof Map<?, ?> m) {
      m.forEach((k, v) -> fields.put(String.valueOf(k), v));
    }
    if (r.getThrown() != null) {
      StringWriter stack = new StringWriter();
      r.getThrown().printStackTrace(new PrintWriter(stack));
      fields.put("error", r.getThrown().toString()).put("stack", stack.toString());
    }
    return line(r.getInstant().toString(), r.getLevel().getName(), r.getLoggerName(), formatMessage(r), fields);
  }

  /** One record as a line (also for the lifecycle line written after the log handlers are gone). */
  String line(String time, String level, String logger, String message, JsonObject fields) {
    return new JsonObject().put("time", time).put("level", level).put("logger", logger == null ? "" : logger)
        .put("node", node).put("message", message).put("fields", fields).encode() + System.lineSeparator();
  }
}
