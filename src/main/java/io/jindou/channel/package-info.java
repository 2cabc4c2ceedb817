/**
 * Channel domain: ownership (one owner shard per channel on the ring), sequencing, idempotency through the
 * store, send policy, person-channel ids and message ids. Never adapts protocols and never names a store
 * adapter.
 */
package io.jindou.channel;
