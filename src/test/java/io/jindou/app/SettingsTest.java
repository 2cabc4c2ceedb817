package io.jindou.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.access.web.WebConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The typed configuration: every key lands in its module's record, the file and environment overlays keep their
 * precedence, and a bad value stops the start with a one-line message naming the key.
 */
class SettingsTest {

  @Test
  void keysReachTheirModulesRecords() {
    Settings s = Config.of(Map.of("store_max_batch", 77, "redis_request_timeout_ms", 1234,
        "redis_mutate_attempts", 5, "store_heads_cache_max", 111, "store_rows_cache_max", 222,
        "last_message_cache_max", 333, "conversation_cache_rows_max", 444, "pending_acks_ttl_seconds", 60,
        "pending_acks_max_users", 50, "policy_cache_max", 99)).settings();
    assertEquals(77, s.storage().rocksdb().maxBatch());
    assertEquals(77, s.storage().redis().maxBatch(), "Redis batches honour store_max_batch too");
    assertEquals(1234, s.storage().redis().requestTimeoutMs());
    assertEquals(5, s.storage().redis().maxMutateAttempts());
    assertEquals(111, s.storage().rocksdb().headsCacheMax());
    assertEquals(222, s.storage().rocksdb().rowsCacheMax());
    assertEquals(333, s.storage().rocksdb().lastMessagesMax());
    assertEquals(444, s.storage().rocksdb().conversationCacheRows());
    assertEquals(Duration.ofSeconds(60), s.pendingAcks().ttl());
    assertEquals(50, s.pendingAcks().maxUsers());
    assertEquals(99, s.owners().policyCacheMax());
  }

  @Test
  void theWebhookKeysReachTheirRecordAndBadValuesStopTheStart() {
    Settings s = Config.of(Map.ofEntries(Map.entry("webhook_url", "http://biz:8090/hook"),
        Map.entry("webhook_events", " msg.notify, msg.offline"), Map.entry("webhook_secret", "s3"),
        Map.entry("webhook_timeout_ms", 700), Map.entry("webhook_batch_max", 7),
        Map.entry("webhook_retry_max_age_seconds", 60), Map.entry("webhook_retry_backoff_max_ms", 900),
        Map.entry("webhook_max_inflight", 3), Map.entry("webhook_outbox_max", 5000),
        Map.entry("webhook_offline_compress_threshold", 20), Map.entry("webhook_retention_seconds", 10))).settings();
    assertEquals(new Settings.Webhook("http://biz:8090/hook", java.util.Set.of("msg.notify", "msg.offline"), "s3", 700,
        7, Duration.ofSeconds(60), 900, 3, 5000, 20, Duration.ofSeconds(10)), s.webhook());
    assertTrue(s.webhook().enabled());
    Settings none = Config.of(Map.of()).settings();
    assertFalse(none.webhook().enabled());
    assertEquals(java.util.Set.of("msg.notify", "msg.offline", "user.onlinestatus", "msg.stream", "msg.extra"),
        none.webhook().events(), "empty = all, the stream and change events included");
    assertEquals(java.util.Set.of("msg.stream", "msg.extra"), Config.of(Map.of("webhook_events",
        "msg.stream,msg.extra")).settings().webhook().events());
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> Config.of(Map.of("webhook_events", "msg.notify,msg.streams")));
    assertTrue(unknown.getMessage().contains("unknown event 'msg.streams' (known: msg.notify, msg.offline, "
        + "user.onlinestatus, msg.stream, msg.extra)"), unknown.getMessage());
    IllegalArgumentException url = assertThrows(IllegalArgumentException.class,
        () -> Config.of(Map.of("webhook_url", "biz:8090")));
    assertTrue(url.getMessage().contains("'webhook_url' must be an http:// or https:// URL"), url.getMessage());
    assertFalse(none.beforeSend().enabled());
    assertEquals(new Settings.BeforeSend("", 1000, true, false), none.beforeSend());
    assertEquals(new Settings.BeforeSend("http://biz/b", 300, false, true), Config.of(Map.of("webhook_before_send_url",
        "http://biz/b", "webhook_before_send_timeout_ms", 300, "webhook_before_send_on_error", "reject",
        "webhook_before_send_system", true)).settings().beforeSend());
    IllegalArgumentException policy = assertThrows(IllegalArgumentException.class,
        () -> Config.of(Map.of("webhook_before_send_on_error", "maybe")));
    assertTrue(policy.getMessage().contains("must be allow or reject"), policy.getMessage());
  }

  @Test
  void theDatasourceKeysReachTheirRecordAndABadUrlStopsTheStart() {
    Settings s = Config.of(Map.of("datasource_url", "http://biz:8090/v1/datasource", "datasource_timeout_ms", 700,
        "datasource_max_inflight", 9, "datasource_response_max_bytes", 2048, "datasource_channel_info", true,
        "datasource_cache_seconds", 5, "sync_channels_max", 42, "stream_idle_timeout_ms", 1500)).settings();
    assertEquals(new Settings.Streams(1 << 20, 100_000, 1500, 604_800_000L), s.streams());
    assertEquals(new io.jindou.app.datasource.HttpDatasource.Options("http://biz:8090/v1/datasource", 700, 9, 2048,
        true), s.datasource().http());
    assertEquals(Duration.ofSeconds(5), s.datasource().cache());
    assertTrue(s.datasource().enabled());
    assertEquals(42, s.syncChannelsMax());
    Settings none = Config.of(Map.of()).settings();
    assertFalse(none.datasource().enabled());
    assertEquals(Duration.ofSeconds(60), none.datasource().cache());
    assertEquals(1000, none.syncChannelsMax());
    assertEquals(new Settings.Streams(1 << 20, 100_000, 300_000, 604_800_000L), none.streams());
    IllegalArgumentException url = assertThrows(IllegalArgumentException.class,
        () -> Config.of(Map.of("datasource_url", "biz:8090")));
    assertTrue(url.getMessage().contains("'datasource_url' must be an http:// or https:// URL"), url.getMessage());
  }

  @Test
  void theDemoSwitchAndThePagesReachTheWebRecord() {
    Settings s = Config.of(Map.of("manager_token", "m", "demo_enabled", "true", "ws_port", 5299,
        "advertise_host", "im.example")).settings();
    assertTrue(s.web().demoEnabled());
    assertEquals(new WebConfig(5299, "im.example"), s.web().pages());
    assertFalse(Config.of(Map.of("manager_token", "m")).settings().web().demoEnabled(), "auto: off with a token");
    assertTrue(Config.of(Map.of()).settings().web().demoEnabled(), "auto: on without one");
  }

  @Test
  void defaultsAreTheDocumentedOnes() {
    Settings s = Config.of(Map.of()).settings();
    assertEquals(1024, s.storage().redis().maxBatch());
    assertEquals(10_000, s.storage().redis().requestTimeoutMs());
    assertEquals(Duration.ofHours(1), s.pendingAcks().ttl());
    assertEquals("rocksdb", s.storage().kind());
    assertEquals(Math.max(16, 200_000 / s.owners().shards()), s.owners().channelCachePerShard());
    assertEquals(s.node().eventLoops(), Math.max(1, Runtime.getRuntime().availableProcessors()));
  }

  @Test
  void environmentWinsOverTheFileWhichWinsOverDefaults(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("j.json");
    Files.writeString(file, "{\"store_max_batch\": 10, \"owner_retries\": 7}");
    Settings s = Config.load(file, Map.of("JINDOU_STORE_MAX_BATCH", "20")).settings();
    assertEquals(20, s.storage().rocksdb().maxBatch());
    assertEquals(7, s.owners().retries());
    assertEquals(120, s.owners().revokeWindowSeconds(), "message_revoke_window_seconds default");
    assertEquals(86_400, s.owners().editWindowSeconds(), "message_edit_window_seconds default");
    assertEquals(0, s.owners().retentionDays(), "retention is off by default");
    assertEquals(0, s.owners().retentionMaxMessages());
    assertEquals(60, s.owners().retentionIntervalSeconds());
    Settings w = Config.load(file, Map.of("JINDOU_MESSAGE_REVOKE_WINDOW_SECONDS", "5")).settings();
    assertEquals(5, w.owners().revokeWindowSeconds());
  }

  @Test
  void badValuesStopTheStartNamingTheKey() {
    IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
        () -> Config.of(Map.of("redis_mutate_attempts", 0)));
    assertTrue(range.getMessage().contains("'redis_mutate_attempts' must be between 1 and"), range.getMessage());
    IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
        () -> Config.load(null, Map.of("JINDOU_PENDING_ACKS_TTL_SECONDS", "soon")));
    assertTrue(type.getMessage().contains("'pending_acks_ttl_seconds' must be an integer"), type.getMessage());
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> Config.of(Map.of("store_max_batchh", 1)));
    assertTrue(unknown.getMessage().contains("unknown configuration key 'store_max_batchh'"), unknown.getMessage());
  }
}
