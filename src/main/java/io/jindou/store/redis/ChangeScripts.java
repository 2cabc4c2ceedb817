package io.jindou.store.redis;

/**
 * The Lua scripts of changes to stored messages: a change with its extra version ({@code MutationPlan}), a read
 * receipt, clearing a prefix of a log and reading the changes after a version. Each takes one channel's keys (one
 * hash tag), checks before it writes, and is preloaded with {@link Scripts#ALL}. It holds text only and never talks to
 * Redis; the conventions are those of {@link Scripts}.
 */
final class ChangeScripts {

  /**
   * One message change ({@code MutationPlan}): KEYS 1 msg, 2 extra head, 3 change index; ARGV 1 seq, 2 expected
   * extra version of the message (0 = never changed), 3 the new extra version, 4 the new bytes. Checks first, then
   * writes the bytes, the head and the message's index score together, and, when KEYS 4 (a webhook outbox list of the
   * channel) is given, pushes "x:seq:version" on it. Returns 1 applied, 0 stale (the head or the message moved), 2
   * missing.
   */
  static final Script MUTATE = Script.of("mutate", """
      if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 2 end
      local head = tonumber(redis.call('GET', KEYS[2]) or '0')
      local cur = tonumber(redis.call('ZSCORE', KEYS[3], ARGV[1]) or '0')
      if head + 1 ~= tonumber(ARGV[3]) or cur ~= tonumber(ARGV[2]) then return 0 end
      redis.call('HSET', KEYS[1], ARGV[1], ARGV[4])
      redis.call('SET', KEYS[2], ARGV[3])
      redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1])
      if KEYS[4] then
        redis.call('RPUSH', KEYS[4], 'x:' .. ARGV[1] .. ':' .. ARGV[3])
      end
      return 1
      """);

  /**
   * One read receipt ({@code ReceiptPlan}): KEYS 1 msg, 2 extra head, 3 change index, 4 receipt cursors; ARGV 1 uid,
   * 2 expected cursor, 3 new cursor, then per change: seq, expected extra version, new extra version, new bytes
   * (consecutive versions from the head + 1). Every check first, then every write; when KEYS 5 (a webhook outbox list
   * of the channel) is given, each change pushes "x:seq:version" on it. Returns 1 applied, 0 stale, 2 missing.
   */
  static final Script RECEIPT = Script.of("receipt", """
      if tonumber(redis.call('HGET', KEYS[4], ARGV[1]) or '0') ~= tonumber(ARGV[2]) then return 0 end
      local head = tonumber(redis.call('GET', KEYS[2]) or '0')
      for i = 4, #ARGV, 4 do
        if redis.call('HEXISTS', KEYS[1], ARGV[i]) == 0 then return 2 end
        local cur = tonumber(redis.call('ZSCORE', KEYS[3], ARGV[i]) or '0')
        if cur ~= tonumber(ARGV[i + 1]) or (i == 4 and head + 1 ~= tonumber(ARGV[i + 2])) then return 0 end
      end
      for i = 4, #ARGV, 4 do
        redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 3])
        redis.call('SET', KEYS[2], ARGV[i + 2])
        redis.call('ZADD', KEYS[3], ARGV[i + 2], ARGV[i])
        if KEYS[5] then
          redis.call('RPUSH', KEYS[5], 'x:' .. ARGV[i] .. ':' .. ARGV[i + 2])
        end
      end
      redis.call('HSET', KEYS[4], ARGV[1], ARGV[3])
      return 1
      """);

  /**
   * One step of clearing a channel's history: KEYS 1 msg, 2 cleared mark; ARGV 1 up to seq, 2 the most messages
   * this step deletes. Deletes from the mark + 1 on and moves the mark. Returns the mark after the step.
   */
  static final Script CLEAR = Script.of("clear", """
      local from = tonumber(redis.call('GET', KEYS[2]) or '0') + 1
      local to = math.min(tonumber(ARGV[1]), from + tonumber(ARGV[2]) - 1)
      for seq = from, to do redis.call('HDEL', KEYS[1], string.format('%d', seq)) end
      if to >= from then redis.call('SET', KEYS[2], string.format('%d', to)) end
      return math.max(to, from - 1)
      """);

  /**
   * The messages changed after an extra version, by that version: KEYS 1 change index, 2 msg; ARGV 1 the version
   * (exclusive), 2 limit, 3 byte budget (as {@link Scripts#RANGE}). Returns {seq, bytes, ...}.
   */
  static final Script CHANGED = Script.of("changed", """
      local seqs = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. ARGV[1], '+inf', 'LIMIT', 0, tonumber(ARGV[2]))
      local out = {}
      local bytes, budget = 0, tonumber(ARGV[3])
      for _, seq in ipairs(seqs) do
        if bytes >= budget then break end
        local v = redis.call('HGET', KEYS[2], seq)
        if v then
          out[#out + 1] = tonumber(seq)
          out[#out + 1] = v
          bytes = bytes + #v
        end
      end
      return out
      """);

  /** Loaded on every new connection so that EVALSHA normally finds them. */
  private ChangeScripts() {
  }
}
