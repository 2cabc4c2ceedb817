package io.jindou.store.redis;

/**
 * The Lua scripts of the webhook log ({@link RedisWebhookStore}): sealing events, consuming a channel's outbox,
 * settling, reading and removing events. It holds text only and never talks to Redis; the conventions are those of
 * {@link Scripts}.
 */
final class WebhookScripts {

  /** KEYS 1 seq, 2 ev, 3 all, 4 q; ARGV event bytes. Stores each as pending under a new seq; returns the seqs. */
  static final Script WEBHOOK_SEAL = Script.of("webhook-seal", """
      local out = {}
      for j = 1, #ARGV do
        local s = redis.call('INCR', KEYS[1])
        redis.call('HSET', KEYS[2], s, ARGV[j])
        redis.call('ZADD', KEYS[3], s, s)
        redis.call('ZADD', KEYS[4], s, s)
        out[#out + 1] = s
      end
      return out
      """);

  /** KEYS 1 one channel's webhook outbox list; ARGV 1 entries to drop from its head. Returns the length left. */
  static final Script WEBHOOK_CONSUME = Script.of("webhook-consume", """
      redis.call('LTRIM', KEYS[1], tonumber(ARGV[1]), -1)
      return redis.call('LLEN', KEYS[1])
      """);

  /** KEYS 1 ev, 2 q, 3 dead; ARGV 1 state ('p' pending, 'd' dead, 'x' delivered), 2.. seqs; returns how many moved. */
  static final Script WEBHOOK_SETTLE = Script.of("webhook-settle", """
      local n = 0
      for j = 2, #ARGV do
        local s = ARGV[j]
        if redis.call('HEXISTS', KEYS[1], s) == 1 then
          redis.call('ZREM', KEYS[2], s)
          redis.call('ZREM', KEYS[3], s)
          if ARGV[1] == 'p' then redis.call('ZADD', KEYS[2], s, s) end
          if ARGV[1] == 'd' then redis.call('ZADD', KEYS[3], s, s) end
          n = n + 1
        end
      end
      return n
      """);

  /**
   * KEYS 1 the index to read (all, q or dead), 2 ev, 3 q, 4 dead; ARGV 1 after seq, 2 limit, 3 byte budget (events
   * are taken while the bytes taken so far are below it). Returns {seq, bytes, state ('p'/'d'/'x'), ...} ascending.
   */
  static final Script WEBHOOK_EVENTS = Script.of("webhook-events", """
      local seqs = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. ARGV[1], '+inf', 'LIMIT', 0, tonumber(ARGV[2]))
      local out = {}
      local used, budget = 0, tonumber(ARGV[3])
      for _, s in ipairs(seqs) do
        if used >= budget then break end
        local b = redis.call('HGET', KEYS[2], s)
        if b then
          used = used + #b
          local st = 'x'
          if redis.call('ZSCORE', KEYS[3], s) then st = 'p' elseif redis.call('ZSCORE', KEYS[4], s) then st = 'd' end
          out[#out + 1] = s
          out[#out + 1] = b
          out[#out + 1] = st
        end
      end
      return out
      """);

  /** KEYS 1 ev, 2 all, 3 q, 4 dead; ARGV seqs. Forgets those events. */
  static final Script WEBHOOK_REMOVE = Script.of("webhook-remove", """
      for j = 1, #ARGV do
        redis.call('HDEL', KEYS[1], ARGV[j])
        redis.call('ZREM', KEYS[2], ARGV[j])
        redis.call('ZREM', KEYS[3], ARGV[j])
        redis.call('ZREM', KEYS[4], ARGV[j])
      end
      return 0
      """);

  private WebhookScripts() {
  }
}
