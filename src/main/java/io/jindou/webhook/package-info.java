/**
 * Webhook domain: which events a stored message yields ({@code msg.notify} for every one, {@code msg.offline} for
 * the recipients with no session), forming them from the durable outbox into the event log, the outbox cap, and
 * retention. Bodies are written by the edge's {@link io.jindou.webhook.WebhookOutbox.Bodies} (the JSON shapes are
 * the edges' job), posting is the edge's too. Never adapts a protocol and never names a store adapter.
 */
package io.jindou.webhook;
