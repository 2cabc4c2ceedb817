/**
 * The event-bus edge for other services in the cluster (or behind the TCP bridge): the {@code jindou.api.*}
 * request/reply API over the same JSON operations as HTTP, the at-most-once {@code jindou.event.*} events, and
 * the allow-listed TCP bridge. Never holds business rules and never goes through the HTTP edge.
 */
package io.jindou.access.eventbus;
