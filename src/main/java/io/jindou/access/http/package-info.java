/**
 * The HTTP API edge (spec http-api): the listeners ({@link io.jindou.access.http.Listener}: the API port, and with
 * {@code admin_port} a second one for the admin endpoints, the public port then serving only the client
 * endpoints) and their guards (body limit, manager token, request deadlines against slow clients, JSON answers for
 * what the HTTP layer refuses), the route table binding each path to its
 * {@link io.jindou.access.json.JsonApi} operation, query-string reading for the GET endpoints, the {@code /connz}
 * and {@code /varz} views, health and {@code /route}, and writing answers and errors
 * ({@link io.jindou.access.json.Errors}). Adapts HTTP to the use cases; never holds business rules or state.
 */
package io.jindou.access.http;
