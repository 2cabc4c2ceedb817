package io.jindou.app;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The node's configuration: the defaults in {@code conf/jindou.json} (packaged in the jar), overlaid by an
 * optional {@code --conf FILE}, overlaid by environment variables {@code JINDOU_<KEY>} (the key upper-cased).
 * Every key must exist in the defaults, and every value must have the default's type; anything else is a
 * startup error with a one-line message. It never reads configuration after startup.
 */
public final class Config {
  private final JsonObject values;

  private Config(JsonObject values) {
    this.values = values;
  }

  /** Loads defaults, then {@code confFile} (may be null), then the environment. */
  public static Config load(Path confFile, Map<String, String> env) {
    JsonObject defaults = defaults();
    JsonObject merged = defaults.copy();
    if (confFile != null) {
      JsonObject file;
      try {
        file = new JsonObject(Files.readString(confFile));
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read config file " + confFile + ": " + e.getMessage());
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("config file " + confFile + " is not a JSON object: " + e.getMessage());
      }
      for (String key : file.fieldNames()) {
        merged.put(key, typed(defaults, key, file.getValue(key), "config file " + confFile));
      }
    }
    for (String key : defaults.fieldNames()) {
      String v = env.get("JINDOU_" + key.toUpperCase(Locale.ROOT));
      if (v != null) {
        merged.put(key, typed(defaults, key, v, "environment variable JINDOU_" + key.toUpperCase(Locale.ROOT)));
      }
    }
    Config c = new Config(merged);
    c.validate();
    return c;
  }

  /** Defaults plus explicit overrides (tests and tools). */
  public static Config of(Map<String, Object> overrides) {
    JsonObject defaults = defaults();
    JsonObject merged = defaults.copy();
    overrides.forEach((k, v) -> merged.put(k, typed(defaults, k, v, "override")));
    Config c = new Config(merged);
    c.validate();
    return c;
  }

  static JsonObject defaults() {
    try (InputStream in = Config.class.getResourceAsStream("/conf/jindou.json")) {
      if (in == null) {
        throw new IllegalStateException("conf/jindou.json is missing from the classpath");
      }
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the default configuration: " + e.getMessage());
    }
  }

  private static Object typed(JsonObject defaults, String key, Object value, String source) {
    Object d = defaults.getValue(key);
    if (d == null && !defaults.containsKey(key)) {
      throw new IllegalArgumentException(source + ": unknown configuration key '" + key + "'");
    }
    String text = String.valueOf(value).trim();
    try {
      if (d instanceof Number) {
        return value instanceof Number n ? n.longValue() : Long.parseLong(text);
      }
      if (d instanceof Boolean) {
        if (value instanceof Boolean b) {
          return b;
        }
        if (text.equalsIgnoreCase("true") || text.equals("1") || text.equalsIgnoreCase("on")) {
          return true;
        }
        if (text.equalsIgnoreCase("false") || text.equals("0") || text.equalsIgnoreCase("off")) {
          return false;
        }
        throw new NumberFormatException();
      }
      return text;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(source + ": '" + key + "' must be "
          + (d instanceof Boolean ? "true or false" : "an integer") + ", got '" + value + "'");
    }
  }

  private void validate() {
    range("node_id", 0, 1023);
    range("http_port", 0, 65535);
    range("admin_port", 0, 65535);
    range("tcp_port", 0, 65535);
    range("ws_port", 0, 65535);
    range("event_loops", 0, 256);
    range("gateway_event_loops", -1, 256);
    range("gateway_thread_priority", 1, 10);
    range("scheduler_slice_us", 0, 100_000);
    range("delivery_backlog_max", 1, 1L << 40);
    range("shards", 0, 256);
    range("channel_cache_max", 16, 100_000_000);
    range("http_instances", 0, 256);
    range("payload_max_bytes", 1, 64 * 1024 * 1024);
    range("id_max_length", 1, 4096);
    range("owner_send_timeout_ms", 100, 600_000);
    range("owner_retries", 0, 100);
    range("store_max_batch", 1, 100_000);
    range("ring_virtual_nodes", 1, 4096);
    range("idle_timeout_seconds", 1, 86_400);
    range("auth_timeout_ms", 100, 600_000);
    range("recv_retry_interval_ms", 100, 3_600_000);
    range("recv_retry_max", 0, 100);
    range("recv_unacked_max", 1, 1_000_000);
    range("outbound_queue_bytes", 1024, 1 << 30);
    range("outbound_total_bytes", 0, 1L << 50);
    range("recv_unacked_total", 0, 1L << 40);
    range("kick_close_delay_ms", 0, 60_000);
    range("rate_send_per_uid", 0, 1_000_000);
    range("rate_send_burst_per_uid", 0, 10_000_000);
    range("rate_packets_per_conn", 0, 1_000_000);
    range("rate_packets_burst_per_conn", 0, 10_000_000);
    range("http_request_timeout_seconds", 1, 3600);
    range("response_max_bytes", 64 * 1024, 1L << 30);
    range("sendbatch_max_uids", 1, 1_000_000);
    range("sendbatch_inflight_max", 1, 100_000);
    range("channel_subscribers_max", 1, 100_000_000);
    range("message_revoke_window_seconds", 0, 315_360_000);
    range("message_edit_window_seconds", 0, 315_360_000);
    range("retention_days", 0, 36_500);
    range("retention_max_messages", 0, 1_000_000_000);
    range("retention_interval_seconds", 1, 86_400);
    range("request_uids_max", 1, 10_000_000);
    range("max_connections", 1, 10_000_000);
    range("max_connections_per_ip", 0, 10_000_000);
    range("preauth_frame_max_bytes", 256, 1 << 20);
    range("frame_deadline_ms", 100, 3_600_000);
    range("auth_fail_threshold", 0, 1_000_000);
    range("auth_fail_delay_max_ms", 0, 600_000);
    range("auth_fail_window_ms", 1000, 86_400_000);
    range("auth_fail_ips_max", 16, 10_000_000);
    range("cluster_port", 1, 65535);
    range("bridge_port", 0, 65535);
    range("bridge_frame_max_bytes", 1024, 64 << 20);
    range("bridge_idle_timeout_seconds", 1, 86_400);
    range("bridge_registrations_max", 1, 10_000);
    range("bridge_inflight_max", 1, 100_000);
    range("bridge_outbound_queue_bytes", 64 << 10, 1 << 30);
    bridgeSecurity();
    range("event_offline_uids_max", 0, 10_000_000);
    range("cluster_heartbeat_timeout_seconds", 2, 600);
    range("cluster_resolve_timeout_seconds", 0, 3600);
    range("cluster_expected_members", 0, 1000);
    range("cluster_drain_seconds", 0, 300);
    range("policy_cache_max", 16, 100_000_000);
    range("store_heads_cache_max", 16, 100_000_000);
    range("store_rows_cache_max", 16, 100_000_000);
    range("last_message_cache_max", 16, 100_000_000);
    range("conversation_cache_rows_max", 16, 100_000_000);
    range("redis_request_timeout_ms", 100, 600_000);
    range("redis_reconnect_delay_ms", 0, 600_000);
    range("redis_mutate_attempts", 1, 10_000);
    range("pending_acks_max_users", 16, 100_000_000);
    range("pending_acks_ttl_seconds", 1, 30 * 86_400);
    range("sync_channels_max", 1, 100_000);
    range("stream_text_max_bytes", 1024, 64 << 20);
    range("stream_events_max", 1, 100_000_000);
    range("stream_idle_timeout_ms", 0, 7 * 86_400_000);
    range("stream_event_retention_seconds", 0, 3650 * 86_400);
    range("datasource_timeout_ms", 100, 600_000);
    range("datasource_cache_seconds", 1, 86_400);
    range("datasource_max_inflight", 1, 100_000);
    range("datasource_response_max_bytes", 1024, 1 << 30);
    String ds = str("datasource_url");
    if (!ds.isEmpty() && !ds.startsWith("http://") && !ds.startsWith("https://")) {
      throw new IllegalArgumentException("'datasource_url' must be an http:// or https:// URL (or empty), got '" + ds
          + "'");
    }
    range("webhook_timeout_ms", 100, 600_000);
    range("webhook_batch_max", 1, 10_000);
    range("webhook_retry_max_age_seconds", 1, 30 * 86_400);
    range("webhook_retry_backoff_max_ms", 10, 3_600_000);
    range("webhook_max_inflight", 1, 1_000);
    range("webhook_outbox_max", 1, 1_000_000_000);
    range("webhook_offline_compress_threshold", 0, 10_000_000);
    range("webhook_retention_seconds", 0, 365 * 86_400);
    String wh = str("webhook_url");
    if (!wh.isEmpty() && !wh.startsWith("http://") && !wh.startsWith("https://")) {
      throw new IllegalArgumentException("'webhook_url' must be an http:// or https:// URL (or empty), got '" + wh
          + "'");
    }
    range("webhook_before_send_timeout_ms", 10, 60_000);
    String before = str("webhook_before_send_url");
    if (!before.isEmpty() && !before.startsWith("http://") && !before.startsWith("https://")) {
      throw new IllegalArgumentException("'webhook_before_send_url' must be an http:// or https:// URL (or empty), "
          + "got '" + before + "'");
    }
    if (!List.of("allow", "reject").contains(str("webhook_before_send_on_error"))) {
      throw new IllegalArgumentException("'webhook_before_send_on_error' must be allow or reject, got '"
          + str("webhook_before_send_on_error") + "'");
    }
    for (String event : str("webhook_events").split(",")) {
      if (!event.isBlank() && !Settings.WEBHOOK_EVENTS.contains(event.trim())) {
        throw new IllegalArgumentException("'webhook_events' lists unknown event '" + event.trim()
            + "' (known: " + String.join(", ", Settings.WEBHOOK_EVENTS) + ")");
      }
    }
    if (!List.of("text", "json").contains(str("log_format"))) {
      throw new IllegalArgumentException("'log_format' must be text or json, got '" + str("log_format") + "'");
    }
    if (!List.of("standalone", "cluster").contains(str("redis_type"))) {
      throw new IllegalArgumentException("'redis_type' must be standalone or cluster, got '" + str("redis_type") + "'");
    }
    if (!List.of("auto", "rocksdb", "redis").contains(str("store"))) {
      throw new IllegalArgumentException("'store' must be auto, rocksdb or redis, got '" + str("store") + "'");
    }
    if (bool("cluster") && str("store").equals("rocksdb")) {
      throw new IllegalArgumentException("cluster mode needs the shared Redis store: RocksDB keeps its data inside one "
          + "node; set store=redis (JINDOU_STORE=redis) and redis_url (JINDOU_REDIS_URL)");
    }
    if (integer("admin_port") != 0 && integer("admin_port") == integer("http_port")) {
      throw new IllegalArgumentException("'admin_port' must differ from 'http_port' (0 = the admin endpoints on "
          + "http_port), got " + integer("admin_port"));
    }
    if ((bool("http_tls") || bool("gateway_tls")) && (str("tls_cert_file").isEmpty() || str("tls_key_file").isEmpty())) {
      throw new IllegalArgumentException("'http_tls' and 'gateway_tls' need 'tls_cert_file' and 'tls_key_file' (PEM "
          + "certificate chain and private key)");
    }
    if (!List.of("auto", "true", "false", "on", "off").contains(str("demo_enabled").toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException("'demo_enabled' must be auto, true or false, got '" + str("demo_enabled")
          + "'");
    }
    if (str("data_dir").isEmpty()) {
      throw new IllegalArgumentException("data_dir must not be empty");
    }
  }

  /**
   * A bridge without a secret lets any process that reaches it read every message payload and send as anyone:
   * it is refused unless it listens on loopback only and {@code bridge_insecure_loopback} says so explicitly.
   */
  private void bridgeSecurity() {
    if (integer("bridge_port") == 0 || !str("bridge_secret").isEmpty()) {
      return;
    }
    String host = str("bridge_host");
    if (!bool("bridge_insecure_loopback")) {
      throw new IllegalArgumentException("the event-bus bridge (bridge_port " + integer("bridge_port") + ") needs "
          + "bridge_secret: without it any process that reaches " + host + ":" + integer("bridge_port") + " can read "
          + "every message and send as anyone (on a loopback bridge_host, bridge_insecure_loopback=true allows it)");
    }
    if (!isLoopback(host)) {
      throw new IllegalArgumentException("bridge_insecure_loopback allows a bridge without bridge_secret only on a "
          + "loopback bridge_host, not on '" + host + "'");
    }
  }

  private static boolean isLoopback(String host) {
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (!host.matches("[0-9.]+|[0-9a-fA-F:]+")) {
      return false; // only literals: a name could resolve elsewhere later
    }
    try {
      return java.net.InetAddress.getByName(host).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  private void range(String key, long min, long max) {
    long v = values.getLong(key);
    if (v < min || v > max) {
      throw new IllegalArgumentException("'" + key + "' must be between " + min + " and " + max + ", got " + v);
    }
  }

  /** The storage backend: the configured one, or for {@code auto} RocksDB alone and Redis in cluster mode. */
  String storeKind() {
    String s = str("store");
    return s.equals("auto") ? (bool("cluster") ? "redis" : "rocksdb") : s;
  }

  /** The configuration as one typed record per module (built and checked once, at start-up). */
  Settings settings() {
    return Settings.of(this);
  }

  int integer(String key) {
    return values.getLong(key).intValue();
  }

  long lng(String key) {
    return values.getLong(key);
  }

  String str(String key) {
    return values.getString(key);
  }

  boolean bool(String key) {
    return values.getBoolean(key);
  }

  /**
   * Whether the chat demo's token endpoint and demo API run: {@code demo_enabled} true/on or false/off, and for
   * {@code auto} only when no {@code manager_token} is set (a server with a manager token protects its API, and
   * a demo that hands out user tokens would undo that unless someone asks for it).
   */
  public boolean demoEnabled() {
    String v = str("demo_enabled").toLowerCase(Locale.ROOT);
    return v.equals("auto") ? str("manager_token").isEmpty() : v.equals("true") || v.equals("on");
  }

  /** Shard or instance count: the configured value, or one per core when 0. */
  int perCore(String key) {
    int v = integer(key);
    return v > 0 ? v : Math.max(1, Runtime.getRuntime().availableProcessors());
  }

  @Override
  public String toString() {
    return values.encode();
  }
}
