/**
 * Channel domain: ownership (one owner shard per channel on the ring), sequencing, idempotency through the
 * store, send policy, person-channel ids and message ids, and what an owner holds of a channel — stored state plus
 * a datasource's answers ({@code DatasourceAnswers}), its recipients and its cache; the changes of stored messages
 * (recall, edit, delete, reactions, read receipts, erasure: {@code ChangeRules} decides, {@code ChangeFlow} applies,
 * each with the channel's next {@code extra_version}) and retention ({@code RetentionTask}); and stream messages:
 * the lane rules ({@code StreamRules}) and the owner's ordered, durable event path ({@code StreamFlow}). Never
 * adapts protocols and never names a store adapter.
 */
package io.jindou.channel;
