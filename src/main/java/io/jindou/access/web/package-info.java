/**
 * The browser edge: the chat demo ({@code /demo/}) and the manager console ({@code /manager/}) served from the jar,
 * the security headers they are served with, the demo's narrow token-authenticated API ({@code /demo/api/*}) and
 * the console's admin-only read endpoints ({@code /manager/api/*}). Like the other edges it parses, calls a use
 * case (through {@link io.jindou.access.json.JsonApi} where the operation is a documented JSON one, or the typed
 * use case: {@link io.jindou.usecase.DemoAccess} for demo tokens and groups) and renders: it holds no business
 * rules and no state beyond the immutable page bytes. It never serves a file by a path the client chose (only the
 * listed assets, looked up by exact name), never hands the manager token to a page, and never lets a demo
 * credential act for another uid.
 */
package io.jindou.access.web;
