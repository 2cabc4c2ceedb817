/**
 * The webhook edge: posts the node's webhook events to the business server's {@code webhook_url} exactly as
 * WuKongIM does (spec http-api §1.10: {@code POST {url}?event=<name>}, JSON bodies, only HTTP 200 is success),
 * signed when a secret is set, with bounded in-flight posts, retries with backoff and jitter, and dead letters
 * after the maximum age. It writes the JSON bodies ({@link io.jindou.access.webhook.WebhookBodies}) and calls the
 * {@code usecase.Webhooks} operations; it never touches a store and never slows a send.
 */
package io.jindou.access.webhook;
