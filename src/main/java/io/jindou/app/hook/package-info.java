/**
 * The HTTP adapter of the {@link io.jindou.usecase.SendHook} port: a business server's before-send hook
 * ({@code webhook_before_send_url}). It lives beside the composition root, which alone chooses it, because adapting
 * an outbound protocol is not the use cases' business.
 */
package io.jindou.app.hook;
