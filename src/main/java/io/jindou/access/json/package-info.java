/**
 * The WuKongIM JSON shapes shared by the HTTP API, the event-bus API and the browser edge (which adds the manager
 * console's reads, {@link io.jindou.access.json.ConsoleJson}): the typed, validating body reader, request parsers
 * (JSON → typed use-case request), answer renderers (typed result → JSON, streamed where the answer is large) and
 * the one error mapping (kind → HTTP status, {@code {"msg","status"[,"reason"]}}). It knows JSON types and field
 * names, never business rules, limits or transports.
 */
package io.jindou.access.json;
