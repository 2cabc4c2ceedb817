package io.jindou.access.web;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The documented HTTP API operations, called by path with a JSON body (the same validation and domain path as
 * an HTTP request to that path, without the HTTP hop or the manager-token check). The HTTP verticle supplies
 * them; the demo API calls them on behalf of a user it has authenticated, never with a body the browser chose
 * unfiltered. A result is a JSON value, a {@link io.vertx.core.buffer.Buffer} holding encoded JSON, or null
 * for {@code {"status":200}}; a failure is the domain exception the API maps.
 */
public interface ApiCalls {

  /** {@code POST path} with a JSON object body; fails if {@code path} has no such operation. */
  Future<?> post(String path, JsonObject body);

  /** {@code POST path} with a JSON array body ({@code /user/onlinestatus}). */
  Future<?> postArray(String path, JsonArray body);
}
