/**
 * Channel domain: ownership (one owner shard per channel on the ring), sequencing, idempotency through the store, send
 * policy, person-channel ids and message ids, and what an owner holds of a channel — stored state plus a datasource's
 * answers ({@code DatasourceAnswers}), its recipients and its cache; and stream messages: the lane rules ({@code
 * StreamRules}) and the owner's ordered, durable event path ({@code StreamFlow}). Never adapts protocols and never
 * names a store adapter.
 */
package io.jindou.channel;
