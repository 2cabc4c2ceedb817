/**
 * The WuKongIM JSON shapes shared by the HTTP API and the event-bus API: the typed, validating body reader,
 * request parsers (JSON → typed use-case request), answer renderers (typed result → JSON, streamed where the
 * answer is large) and the one error mapping (kind → HTTP status, {@code {"msg","status"[,"reason"]}}). It knows
 * JSON types and field names, never business rules, limits or transports.
 */
package io.jindou.access.json;
