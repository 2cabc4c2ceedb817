/**
 * The Redis storage adapter for cluster mode: {@link io.jindou.store.redis.RedisStore} and the four port
 * implementations, the key layout, the Lua scripts, the dedicated connection and the per-channel write lanes.
 * It owns how data is laid out and made atomic in Redis; it does not own policy, fan-out or ownership (the
 * channel owner decides; this package only guarantees that concurrent owners cannot corrupt a log).
 */
package io.jindou.store.redis;
