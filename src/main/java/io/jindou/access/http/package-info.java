/**
 * The HTTP API edge: routes, request validation, JSON shapes and error mapping (spec http-api). Adapts HTTP
 * to the domain services; never holds business rules or state.
 */
package io.jindou.access.http;
