package io.jindou.access.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The API operations by path, as the route groups declare them: registered on an HTTP router when there is
 * one, and always kept by path so another edge (the event-bus API) calls exactly the same validation and
 * domain path. It holds no logic of its own.
 */
public final class Endpoints {
  private final Router router;
  private final Map<String, Function<Body, Future<?>>> posts = new HashMap<>();
  private final Map<String, Function<JsonArray, Future<?>>> arrays = new HashMap<>();

  /** {@code router} may be null (operations are then only collected). */
  public Endpoints(Router router) {
    this.router = router;
  }

  public void post(String path, Function<Body, Future<?>> handler) {
    posts.put(path, handler);
    if (router != null) {
      Api.post(router, path, handler);
    }
  }

  public void postArray(String path, Function<JsonArray, Future<?>> handler) {
    arrays.put(path, handler);
    if (router != null) {
      Api.postArray(router, path, handler);
    }
  }

  public void get(String path, Function<RoutingContext, Future<?>> handler) {
    if (router != null) {
      Api.get(router, path, handler);
    }
  }

  Router router() {
    return router;
  }

  /** The JSON-array POST operation at {@code path}, or null. */
  public Function<JsonArray, Future<?>> arrayOperation(String path) {
    return arrays.get(path);
  }

  /** The JSON-object POST operation at {@code path}, or null. */
  public Function<Body, Future<?>> operation(String path) {
    return posts.get(path);
  }
}
