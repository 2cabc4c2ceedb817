package io.jindou.app;

import io.jindou.access.eventbus.BridgeServer;
import io.jindou.access.gateway.GatewayConfig;
import io.jindou.access.web.WebConfig;
import io.jindou.app.datasource.HttpDatasource;
import io.jindou.store.redis.RedisStore;
import io.jindou.store.rocksdb.RocksDbConfig;
import io.jindou.usecase.Limits;
import io.vertx.core.net.KeyCertOptions;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The node's configuration as one typed record per module, built once from the validated {@link Config} at
 * start-up: the only place where a configuration key is spelled outside {@code conf/jindou.json} and the range
 * checks. The composition root reads these records and hands each module its own; no module ever sees a key
 * name or the whole configuration.
 */
record Settings(Node node, Owners owners, Limits limits, SendRate sendRate, Http http, GatewayConfig gateway,
    Guards guards, Events events, Storage storage, PendingAcks pendingAcks, Cluster cluster, Web web,
    Datasource datasource, Webhook webhook, BeforeSend beforeSend, int syncChannelsMax, Ops ops, Streams streams) {

  /**
   * Operations: whether {@code GET /metrics} and the meters behind it are on, the log format ({@code text} or
   * {@code json}) and whether every HTTP request is logged.
   */
  record Ops(boolean metricsEnabled, String logFormat, boolean accessLog) {
  }

  /**
   * This process: its id, threads and transport, and what {@code /route} tells clients. {@code gatewayLoops}:
   * event loops of the client connections' own (0 = none: they share the node's loops), and the Java priority of
   * their threads; {@code schedulerSliceUs}: the scheduler slice asked for the send path's threads (0 = the
   * kernel's). {@code deliveryBacklogMax}: deliveries queued for the connections above which the channel owners
   * hold new writes.
   */
  record Node(int nodeId, int eventLoops, int gatewayLoops, int gatewayPriority, long schedulerSliceUs,
      boolean nativeTransport, String advertiseHost, int tcpPort, int wsPort, long deliveryBacklogMax) {
  }

  /**
   * Channel owners: shards per node, the ring, the caches, the routing of requests to an owner, and the most
   * subscribers (and uids per list) of one channel; how long a sender may recall and edit its messages; the
   * retention policy (days, messages kept per channel; 0 = off) and how often each shard applies it.
   */
  record Owners(int shards, int ringVirtualNodes, int channelCacheMax, int policyCacheMax, boolean personWhitelist,
      int sendTimeoutMs, int retries, int subscribersMax, long revokeWindowSeconds, long editWindowSeconds,
      long retentionDays, long retentionMaxMessages, long retentionIntervalSeconds) {

    /** The channel cache of one shard (the node's bound split over the shards, at least 16). */
    int channelCachePerShard() {
      return Math.max(16, channelCacheMax / shards);
    }
  }

  /** The per-uid send rate of the send use case (0 = off). */
  record SendRate(int perSecond, int burst) {
  }

  /**
   * The HTTP listeners as configured ({@link HttpListeners} decides where they bind): the API's host ("" = decided
   * by the token rule) and port, the admin listener's (port 0 = none), instances per listener, the manager token,
   * the request deadline, whether the admin endpoints may be open without a token ({@code insecure}), h2c, and
   * the TLS key material (null = plain HTTP).
   */
  record Http(String host, int port, String adminHost, int adminPort, int instances, String managerToken,
      int requestTimeoutSeconds, boolean insecure, boolean cleartextHttp2, KeyCertOptions tls) {
  }

  /**
   * The connection guards of the gateway and the HTTP port: connections per client address (0 = no cap), and
   * the slow-down of failed CONNECTs per address (the delay at most half the auth timeout, so that a delayed
   * CONNECT can still complete).
   */
  record Guards(int maxConnectionsPerIp, int authFailThreshold, long authFailDelayMaxMs, long authFailWindowMs,
      int authFailIpsMax) {
  }

  /** Event-bus events and the TCP bridge ({@code bridge.port()} 0 = off). */
  record Events(boolean enabled, int offlineUidsMax, BridgeServer.Options bridge) {
  }

  /** The backend ({@code rocksdb} or {@code redis}) and each backend's own settings. */
  record Storage(String kind, RocksDbConfig rocksdb, String redisUrl, boolean redisCluster, RedisStore.Limits redis) {
  }

  /** The pending command-sync acknowledgements: at most this many users (one node), each kept this long. */
  record PendingAcks(int maxUsers, Duration ttl) {
  }

  /**
   * The browser pages, and whether the chat demo runs ({@code demo_enabled} as {@link Config#demoEnabled} says, except
   * that {@code auto} never turns it on when an HTTP listener is open to other hosts: the demo API hands out user
   * tokens without the manager token).
   */
  record Web(WebConfig pages, boolean demoEnabled) {
  }

  /**
   * Cluster mode (Hazelcast + the shared Redis). {@code expectedMembers}: how many members the cluster should
   * have (0 = as many as the member list names); a node owns channels only while it sees a majority of them.
   * {@code drain}: on a graceful stop, how long a node out of the ring keeps serving before it closes.
   */
  record Cluster(boolean enabled, String configFile, String host, int port, String members, int heartbeatTimeoutSeconds,
      Duration resolveTimeout, int expectedMembers, Duration drain) {
  }

  /**
   * A business server's datasource ({@code datasource_*}): where and how to ask (empty URL: none), and how long
   * an answer is used before it is asked again.
   */
  record Datasource(HttpDatasource.Options http, Duration cache) {
    boolean enabled() {
      return !http.url().isEmpty();
    }
  }

  /**
   * Webhooks ({@code webhook_*}): where events are posted (empty URL: none, and nothing is written for them), which
   * events (empty set = all), the signing secret (empty = unsigned), and the bounds of the durable outbox and its
   * dispatcher.
   */
  record Webhook(String url, java.util.Set<String> events, String secret, int timeoutMs, int batchMax,
      Duration retryMaxAge, int backoffMaxMs, int maxInflight, long outboxMax, int offlineCompressThreshold,
      Duration retention) {
    boolean enabled() {
      return !url.isEmpty();
    }
  }

  /**
   * The before-send hook ({@code webhook_before_send_*}; empty URL: none): its time limit, whether a send goes on
   * when the hook cannot answer, and whether system senders are asked too.
   */
  record BeforeSend(String url, int timeoutMs, boolean allowOnError, boolean system) {
    boolean enabled() {
      return !url.isEmpty();
    }
  }

  /**
   * Stream messages: the largest merged text of a lane, the most events per anchor, the idle timeout (0 = none), how
   * long a finished stream's events are kept (0 = forever).
   */
  record Streams(int textMaxBytes, long eventsMax, long idleTimeoutMs, long retentionMs) {
  }

  static Settings of(Config c) {
    int nodeId = c.integer("node_id");
    int payloadMax = c.integer("payload_max_bytes");
    Http http = new Http(c.str("http_host"), c.integer("http_port"), c.str("admin_host"), c.integer("admin_port"),
        c.perCore("http_instances"), c.str("manager_token"), c.integer("http_request_timeout_seconds"),
        c.bool("insecure_http"), c.bool("http2_cleartext"),
        c.bool("http_tls") ? HttpListeners.tls(c.str("tls_cert_file"), c.str("tls_key_file")) : null);
    return new Settings(
        new Node(nodeId, c.perCore("event_loops"), c.integer("gateway_event_loops") < 0 ? 0
            : c.perCore("gateway_event_loops"), c.integer("gateway_thread_priority"), c.lng("scheduler_slice_us"),
            c.bool("native_transport"),
            c.str("advertise_host"),
            c.integer("tcp_port"), c.integer("ws_port"), c.lng("delivery_backlog_max")),
        new Owners(c.perCore("shards"), c.integer("ring_virtual_nodes"), c.integer("channel_cache_max"),
            c.integer("policy_cache_max"), c.bool("person_whitelist"), c.integer("owner_send_timeout_ms"),
            c.integer("owner_retries"), c.integer("channel_subscribers_max"),
            c.integer("message_revoke_window_seconds"), c.integer("message_edit_window_seconds"),
            c.integer("retention_days"), c.integer("retention_max_messages"),
            c.integer("retention_interval_seconds")),
        new Limits(c.integer("id_max_length"), payloadMax, c.integer("response_max_bytes"),
            c.integer("sendbatch_max_uids"), c.integer("sendbatch_inflight_max"), c.integer("request_uids_max")),
        new SendRate(c.integer("rate_send_per_uid"), c.integer("rate_send_burst_per_uid")),
        http,
        new GatewayConfig(nodeId, c.str("gateway_host"), c.integer("tcp_port"), c.integer("ws_port"),
            c.bool("token_auth"), payloadMax / 3 * 4 + 64 * 1024, c.integer("idle_timeout_seconds"),
            c.integer("auth_timeout_ms"), c.integer("recv_retry_interval_ms"), c.integer("recv_retry_max"),
            c.integer("recv_unacked_max"), c.integer("outbound_queue_bytes"),
            budget(c.lng("outbound_total_bytes"), 4), budget(c.lng("recv_unacked_total"), 1024),
            c.integer("kick_close_delay_ms"),
            c.integer("rate_packets_per_conn"), c.integer("rate_packets_burst_per_conn"),
            c.integer("max_connections"), c.bool("events"), c.integer("preauth_frame_max_bytes"),
            c.integer("frame_deadline_ms"), c.bool("refuse_noencrypt_send"),
            c.bool("gateway_tls") ? HttpListeners.tls(c.str("tls_cert_file"), c.str("tls_key_file")) : null),
        new Guards(c.integer("max_connections_per_ip"), c.integer("auth_fail_threshold"),
            Math.min(c.integer("auth_fail_delay_max_ms"), c.integer("auth_timeout_ms") / 2),
            c.integer("auth_fail_window_ms"), c.integer("auth_fail_ips_max")),
        new Events(c.bool("events"), c.integer("event_offline_uids_max"), new BridgeServer.Options(
            c.str("bridge_host"), c.integer("bridge_port"), c.str("bridge_secret"), c.integer("bridge_frame_max_bytes"),
            c.integer("preauth_frame_max_bytes"), c.integer("bridge_idle_timeout_seconds"),
            c.integer("bridge_registrations_max"), c.integer("bridge_inflight_max"),
            c.integer("bridge_outbound_queue_bytes"))),
        new Storage(c.storeKind(),
            new RocksDbConfig(Path.of(c.str("data_dir")), c.integer("store_max_batch"),
                c.integer("store_heads_cache_max"), c.integer("store_rows_cache_max"),
                c.integer("last_message_cache_max"), c.integer("conversation_cache_rows_max")),
            c.str("redis_url"), c.str("redis_type").equals("cluster"),
            new RedisStore.Limits(c.integer("store_max_batch"), c.integer("redis_request_timeout_ms"),
                c.integer("redis_reconnect_delay_ms"), c.integer("redis_mutate_attempts"))),
        new PendingAcks(c.integer("pending_acks_max_users"), Duration.ofSeconds(c.integer("pending_acks_ttl_seconds"))),
        new Cluster(c.bool("cluster"), c.str("cluster_config"), c.str("cluster_host"), c.integer("cluster_port"),
            c.str("cluster_members"), c.integer("cluster_heartbeat_timeout_seconds"),
            Duration.ofSeconds(c.integer("cluster_resolve_timeout_seconds")), c.integer("cluster_expected_members"),
            Duration.ofSeconds(c.integer("cluster_drain_seconds"))),
        new Web(new WebConfig(c.integer("ws_port"), c.str("advertise_host")), c.demoEnabled()
            && !(c.str("demo_enabled").equalsIgnoreCase("auto") && HttpListeners.exposed(http))),
        new Datasource(new HttpDatasource.Options(c.str("datasource_url"), c.integer("datasource_timeout_ms"),
            c.integer("datasource_max_inflight"), c.integer("datasource_response_max_bytes"),
            c.bool("datasource_channel_info")), Duration.ofSeconds(c.integer("datasource_cache_seconds"))),
        new Webhook(c.str("webhook_url"), events(c.str("webhook_events")), c.str("webhook_secret"),
            c.integer("webhook_timeout_ms"), c.integer("webhook_batch_max"),
            Duration.ofSeconds(c.integer("webhook_retry_max_age_seconds")), c.integer("webhook_retry_backoff_max_ms"),
            c.integer("webhook_max_inflight"), c.integer("webhook_outbox_max"),
            c.integer("webhook_offline_compress_threshold"),
            Duration.ofSeconds(c.integer("webhook_retention_seconds"))),
        new BeforeSend(c.str("webhook_before_send_url"), c.integer("webhook_before_send_timeout_ms"),
            c.str("webhook_before_send_on_error").equals("allow"), c.bool("webhook_before_send_system")),
        c.integer("sync_channels_max"),
        new Ops(c.bool("metrics_enabled"), c.str("log_format"), c.bool("http_access_log")),
        new Streams(c.integer("stream_text_max_bytes"), c.integer("stream_events_max"),
            c.integer("stream_idle_timeout_ms"), c.integer("stream_event_retention_seconds") * 1000L));
  }

  /**
   * A node-wide memory budget: the configured value, or for 0 the JVM's maximum heap divided by {@code heapDivisor}
   * ({@code outbound_total_bytes}: a quarter of the heap in bytes; {@code recv_unacked_total}: one message per KiB).
   */
  private static long budget(long configured, long heapDivisor) {
    return configured > 0 ? configured : Math.max(1, Runtime.getRuntime().maxMemory() / heapDivisor);
  }

  /** Every webhook event name {@code webhook_events} may list (empty = all of them). */
  static final java.util.List<String> WEBHOOK_EVENTS = java.util.List.of("msg.notify", "msg.offline",
      "user.onlinestatus", "msg.stream", "msg.extra");

  /** The comma-separated event names, trimmed; empty = all of {@link #WEBHOOK_EVENTS}. */
  private static java.util.Set<String> events(String list) {
    java.util.Set<String> out = new java.util.LinkedHashSet<>();
    for (String e : list.split(",")) {
      if (!e.isBlank()) {
        out.add(e.trim());
      }
    }
    return out.isEmpty() ? java.util.Set.copyOf(WEBHOOK_EVENTS) : java.util.Set.copyOf(out);
  }
}
