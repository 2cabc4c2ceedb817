/**
 * The HTTP API edge (spec http-api): the listener and its guards (body limit, manager token, slow clients), the
 * route table binding each path to its {@link io.jindou.access.json.JsonApi} operation, query-string reading for
 * the GET endpoints, the {@code /connz} and {@code /varz} views, health and {@code /route}, and writing answers
 * and errors ({@link io.jindou.access.json.Errors}). Adapts HTTP to the use cases; never holds business rules or
 * state.
 */
package io.jindou.access.http;
