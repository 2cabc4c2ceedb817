package io.jindou.store.redis;

import java.util.List;

/**
 * Every Lua script of the adapter, with the keys (all under one channel's hash tag, so each is valid on
 * Redis Cluster) and arguments it takes. Writing scripts do all their checks before their first write where
 * a check can fail, because Redis does not roll a script back. Numbers that are only copied (message ids,
 * cursors) stay strings; sequences come from {@code INCR} and are formatted with {@code %d}, so Lua's doubles
 * never reach the exponent form. It holds text only and never talks to Redis. The scripts of message changes
 * are in {@link ChangeScripts}, those of the webhook log in {@link WebhookScripts}.
 */
final class Scripts {

  /**
   * Helpers shared by the scripts that change conversation rows (see {@link ConversationIndex}). {@code fill}
   * turns a row template ({@link RedisConversationStore#template}: five comma-separated cursors, each '0',
   * 'h' = the channel head or 'c' = the command-log head) into a row, reading each head at most once.
   */
  private static final String ROW_HELPERS = """
      local function touch(ixq, uid)
        local v = redis.call('HINCRBY', ixq, '#', 1)
        redis.call('HSET', ixq, 'u:' .. uid, v)
      end
      local function pending(ixq, conv)
        local all = redis.call('HGETALL', ixq)
        local out = {}
        for j = 1, #all, 2 do
          if all[j] ~= '#' then
            local uid = string.sub(all[j], 3)
            out[#out + 1] = uid
            out[#out + 1] = all[j + 1]
            out[#out + 1] = redis.call('HEXISTS', conv, uid)
          end
        end
        return out
      end
      local function fill(template, headKey, commandHeadKey)
        local heads = {}
        return (string.gsub(template, '[hc]', function(x)
          if not heads[x] then heads[x] = redis.call('GET', x == 'h' and headKey or commandHeadKey) or '0' end
          return heads[x]
        end))
      end
      """;

  /**
   * Appends a batch of drafts of one source channel (both its logs) atomically, each with its plan's effects,
   * applied in order and only when the draft is stored. KEYS 1-5: ordinary log head, msg, ids, idem, cmn;
   * 6-10: the command log's; 11 conv; 12 outbox; 13 the webhook outbox list. ARGV, per draft: log ('m'/'c'),
   * idempotency field ('' = not keyed), client_msg_no, message_id, bytes, the number n of effects, then n
   * triples (kind, uid, argument):
   * 's' = the uid's row, if any, gets the draft's seq as its own last seq; 'o' = the uid's row is created from
   * the template in the argument where absent; 'f' = the same, only when the draft got seq 1; 'w' = a webhook
   * outbox entry ("m:seq" or "c:seq") is pushed on KEYS 13.
   * Returns {pending outbox, results}; a result is {1, seq} (stored) or {0, seq, original bytes} (key seen).
   */
  static final Script APPEND = Script.of("append", ROW_HELPERS + """
      local results = {}
      local i = 1
      while i <= #ARGV do
        local k = (ARGV[i] == 'c') and 5 or 0
        local field = ARGV[i + 1]
        local first, last = i + 6, i + 5 + 3 * tonumber(ARGV[i + 5])
        local earlier = false
        if field ~= '' then earlier = redis.call('HGET', KEYS[k + 4], field) end
        if earlier then
          results[#results + 1] = {0, tonumber(earlier), redis.call('HGET', KEYS[k + 2], earlier)}
        else
          local seq = redis.call('INCR', KEYS[k + 1])
          local s = string.format('%d', seq)
          redis.call('HSET', KEYS[k + 2], s, ARGV[i + 4])
          redis.call('HSET', KEYS[k + 3], ARGV[i + 3], s)
          if field ~= '' then
            redis.call('HSET', KEYS[k + 4], field, s)
            local seqs = redis.call('HGET', KEYS[k + 5], ARGV[i + 2])
            redis.call('HSET', KEYS[k + 5], ARGV[i + 2], seqs and (seqs .. ',' .. s) or s)
          end
          for e = first, last, 3 do
            local kind, uid = ARGV[e], ARGV[e + 1]
            if kind == 'w' then
              redis.call('RPUSH', KEYS[13], ((k == 5) and 'c:' or 'm:') .. s)
            elseif kind == 's' then
              local own = redis.call('HGET', KEYS[11], uid)
              if own then
                local j, d, r, _, c = string.match(own, '^([^,]*),([^,]*),([^,]*),([^,]*),([^,]*)$')
                if j then
                  redis.call('HSET', KEYS[11], uid, j .. ',' .. d .. ',' .. r .. ',' .. s .. ',' .. c)
                end
              end
            elseif (kind == 'o' or seq == 1) and redis.call('HEXISTS', KEYS[11], uid) == 0 then
              redis.call('HSET', KEYS[11], uid, fill(ARGV[e + 2], KEYS[1], KEYS[6]))
              touch(KEYS[12], uid)
            end
          end
          results[#results + 1] = {1, seq}
        end
        i = last + 1
      end
      return {pending(KEYS[12], KEYS[11]), results}
      """);

  /**
   * Writes flags and subscribers of one channel and creates or removes the rows its plan names.
   * KEYS 1 info, 2 subs, 3 head, 4 command-log head, 5 conv, 6 outbox.
   * ARGV 1 flags, 2 reset ('1'/'0'), 3 the row template of joining members ('' = none), 4 leaving members lose
   * their rows ('1'/'0'), 5 number of added uids, then the added, then the removed uids. A joining member is
   * one added that was not a subscriber before (before the reset, for a reset); a leaving one was and is not
   * any more. Returns the pending outbox.
   */
  static final Script CHANNEL_UPDATE = Script.of("channel-update", ROW_HELPERS + """
      redis.call('SET', KEYS[1], ARGV[1])
      local reset, leave, nAdd = ARGV[2] == '1', ARGV[4] == '1', tonumber(ARGV[5])
      local row = ARGV[3] ~= '' and fill(ARGV[3], KEYS[3], KEYS[4])
      local before = {}
      if reset then
        for _, uid in ipairs(redis.call('SMEMBERS', KEYS[2])) do before[uid] = true end
        redis.call('DEL', KEYS[2])
        if leave then
          local kept = {}
          for j = 6, 5 + nAdd do kept[ARGV[j]] = true end
          for uid in pairs(before) do
            if not kept[uid] and redis.call('HDEL', KEYS[5], uid) == 1 then touch(KEYS[6], uid) end
          end
        end
      end
      for j = 6, 5 + nAdd do
        local uid = ARGV[j]
        local was
        if reset then was = before[uid] else was = redis.call('SISMEMBER', KEYS[2], uid) == 1 end
        redis.call('SADD', KEYS[2], uid)
        before[uid] = true
        if row and not was then
          redis.call('HSET', KEYS[5], uid, row)
          touch(KEYS[6], uid)
        end
      end
      for j = 6 + nAdd, #ARGV do
        local uid = ARGV[j]
        if redis.call('SREM', KEYS[2], uid) == 1 and leave and redis.call('HDEL', KEYS[5], uid) == 1 then
          touch(KEYS[6], uid)
        end
      end
      return pending(KEYS[6], KEYS[5])
      """);

  /** KEYS 1 info, 2 subs. Returns {flags or nil, members}. */
  static final Script CHANNEL_LOAD = Script.of("channel-load", """
      return {redis.call('GET', KEYS[1]), redis.call('SMEMBERS', KEYS[2])}
      """);

  /**
   * KEYS 1 one list (black or white set); ARGV 1 reset ('1'/'0'), 2 number of added uids, then the added, then
   * the removed uids.
   */
  static final Script LIST_UPDATE = Script.of("list-update", """
      if ARGV[1] == '1' then redis.call('DEL', KEYS[1]) end
      local nAdd = tonumber(ARGV[2])
      for j = 3, 2 + nAdd do redis.call('SADD', KEYS[1], ARGV[j]) end
      for j = 3 + nAdd, #ARGV do redis.call('SREM', KEYS[1], ARGV[j]) end
      return 0
      """);

  /** KEYS 1 blacklist, 2 whitelist. Returns {black members, white members}. */
  static final Script LISTS_LOAD = Script.of("lists-load", """
      return {redis.call('SMEMBERS', KEYS[1]), redis.call('SMEMBERS', KEYS[2])}
      """);

  /** KEYS 1 head, 2 conv; ARGV 1 uid. Returns {row or nil, head}. */
  static final Script ROW_HEAD = Script.of("row-head", """
      return {redis.call('HGET', KEYS[2], ARGV[1]), redis.call('GET', KEYS[1]) or '0'}
      """);

  /**
   * Compare-and-set of one row against the row and head the caller computed from.
   * KEYS 1 head, 2 conv, 3 outbox; ARGV 1 uid, 2 expected row ('' = none), 3 expected head, 4 new row.
   * Returns {1, pending outbox} when stored, {0, current row or nil, current head} when either moved.
   */
  static final Script ROW_CAS = Script.of("row-cas", ROW_HELPERS + """
      local cur = redis.call('HGET', KEYS[2], ARGV[1])
      local head = redis.call('GET', KEYS[1]) or '0'
      if (cur or '') ~= ARGV[2] or head ~= ARGV[3] then return {0, cur, head} end
      redis.call('HSET', KEYS[2], ARGV[1], ARGV[4])
      if not cur then touch(KEYS[3], ARGV[1]) end
      return {1, pending(KEYS[3], KEYS[2])}
      """);

  /** KEYS 1 outbox; ARGV 1 uid, 2 version. Forgets the entry only if no newer change was recorded since. */
  static final Script OUTBOX_DONE = Script.of("outbox-done", """
      if redis.call('HGET', KEYS[1], 'u:' .. ARGV[1]) == ARGV[2] then redis.call('HDEL', KEYS[1], 'u:' .. ARGV[1]) end
      return 0
      """);

  /**
   * A contiguous range of one log, clamped to its head and above its cleared mark (so a cleared prefix costs no
   * lookups). KEYS 1 head, 2 msg, 3 cleared mark. ARGV 1 direction ('f' = forward
   * from start, 'b' = backward from start or the head), 2 start, 3 end (exclusive, 0 = none), 4 limit, 5 byte
   * budget: messages are taken in reading order (backward: newest first) while the bytes taken so far are below
   * it, so the one that reaches it is the last taken. Returns {seq, bytes, seq, bytes, ...} ascending.
   */
  static final Script RANGE = Script.of("range", """
      local head = tonumber(redis.call('GET', KEYS[1]) or '0')
      local s, e, limit, budget = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
      local first = tonumber(redis.call('GET', KEYS[3]) or '0') + 1
      local lo, hi, step
      if ARGV[1] == 'f' then
        lo = math.max(s, first)
        hi = head
        if e > 0 then hi = math.min(hi, e - 1) end
        hi = math.min(hi, lo + limit - 1)
        step = 1
      else
        hi = head
        if s > 0 then hi = math.min(hi, s) end
        lo = math.max(e + 1, first, hi - limit + 1)
        lo, hi, step = hi, lo, -1
      end
      local taken = {}
      local bytes = 0
      for seq = lo, hi, step do
        if bytes >= budget then break end
        local v = redis.call('HGET', KEYS[2], string.format('%d', seq))
        if v then
          taken[#taken + 1] = seq
          taken[#taken + 1] = v
          bytes = bytes + #v
        end
      end
      if step == 1 then return taken end
      local out = {}
      for j = #taken - 1, 1, -2 do
        out[#out + 1] = taken[j]
        out[#out + 1] = taken[j + 1]
      end
      return out
      """);

  /**
   * The sizes of a log's newest messages, for a byte budget spread over several logs ({@code latest}). KEYS 1
   * head, 2 msg. ARGV 1 floor (seq above it), 2 count, 3 byte budget (stops once the sizes reach it). Returns
   * {seq, size, seq, size, ...} newest first; missing sequences are left out.
   */
  static final Script SIZES = Script.of("sizes", """
      local head = tonumber(redis.call('GET', KEYS[1]) or '0')
      local floor, count, budget = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
      local lo = math.max(floor + 1, 1, head - count + 1)
      local out = {}
      local bytes = 0
      for seq = head, lo, -1 do
        if bytes >= budget then break end
        local n = redis.call('HSTRLEN', KEYS[2], string.format('%d', seq))
        if n > 0 then
          out[#out + 1] = seq
          out[#out + 1] = n
          bytes = bytes + n
        end
      end
      return out
      """);

  /** KEYS 1 ids, 2 msg; ARGV message ids. Returns {seq, bytes, ...} in the order asked, missing left out. */
  static final Script BY_IDS = Script.of("by-ids", """
      local out = {}
      for i = 1, #ARGV do
        local seq = redis.call('HGET', KEYS[1], ARGV[i])
        local v = seq and redis.call('HGET', KEYS[2], seq)
        if v then
          out[#out + 1] = tonumber(seq)
          out[#out + 1] = v
        end
      end
      return out
      """);

  /** KEYS 1 cmn, 2 msg; ARGV 1 client_msg_no. Returns {seq, bytes, ...} of every sender's message. */
  static final Script BY_CLIENT_MSG_NO = Script.of("by-client-msg-no", """
      local out = {}
      local seqs = redis.call('HGET', KEYS[1], ARGV[1])
      if seqs then
        for seq in string.gmatch(seqs, '[^,]+') do
          local v = redis.call('HGET', KEYS[2], seq)
          if v then
            out[#out + 1] = tonumber(seq)
            out[#out + 1] = v
          end
        end
      end
      return out
      """);

  /**
   * Appends one stream event (see {@code store.StreamStore}). KEYS 1 the anchor's events (hash seq → bytes),
   * 2 its event ids (hash id → seq), 3 its summary (string), 4 its head (string). ARGV 1 event_id, 2 seq,
   * 3 event bytes, 4 summary bytes ('' = no checkpoint: the
   * summary stays), 5 retainUntil ms ('0' = keep: else the events and ids expire then), 6 the client_msg_no. KEYS 5,
   * when given, is a webhook outbox list of the channel: a stored event pushes "s:seq:client_msg_no" on it. Returns {1,
   * seq} stored, {0, seq, original bytes} for a known event_id,
   * {2, head} when the head is not seq - 1 (nothing written).
   */
  static final Script EVENT_APPEND = Script.of("event-append", """
      local earlier = redis.call('HGET', KEYS[2], ARGV[1])
      if earlier then
        return {0, tonumber(earlier), redis.call('HGET', KEYS[1], earlier)}
      end
      local head = tonumber(redis.call('GET', KEYS[4]) or '0')
      if head + 1 ~= tonumber(ARGV[2]) then
        return {2, head}
      end
      redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
      redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
      if ARGV[4] ~= '' then
        redis.call('SET', KEYS[3], ARGV[4])
      end
      redis.call('SET', KEYS[4], ARGV[2])
      if KEYS[5] then
        redis.call('RPUSH', KEYS[5], 's:' .. ARGV[2] .. ':' .. ARGV[6])
      end
      if ARGV[5] ~= '0' then
        redis.call('PEXPIREAT', KEYS[1], ARGV[5])
        redis.call('PEXPIREAT', KEYS[2], ARGV[5])
      end
      return {1, tonumber(ARGV[2])}
      """);

  static final List<Script> ALL = List.of(APPEND, EVENT_APPEND, CHANNEL_UPDATE, CHANNEL_LOAD, ROW_HEAD,
      ROW_CAS, OUTBOX_DONE, LIST_UPDATE, LISTS_LOAD, RANGE, SIZES, BY_IDS, BY_CLIENT_MSG_NO, ChangeScripts.MUTATE,
      ChangeScripts.CHANGED, ChangeScripts.RECEIPT, ChangeScripts.CLEAR);

  private Scripts() {
  }
}
