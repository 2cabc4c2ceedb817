package io.jindou.access.eventbus;

import io.jindou.access.json.Body;
import io.jindou.access.json.Errors;
import io.jindou.cluster.Addresses;
import io.jindou.access.http.Endpoints;
import io.jindou.access.http.HttpApiVerticle;
import io.jindou.model.JindouException;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * The event-bus API: request/reply addresses {@code jindou.api.*} whose JSON bodies and replies are exactly
 * those of the HTTP endpoints, served by the same operations (validation and owner path), so other services
 * in the cluster — or behind the TCP bridge — talk to Jindou without HTTP. A failure is a
 * {@code ReplyException} whose failure code is the HTTP status and whose message is the HTTP error body
 * ({@code {"msg","status"[,"reason"]}}). It holds no logic of its own.
 */
public final class EventBusApiVerticle extends VerticleBase {
  private static final Logger LOG = Logger.getLogger(EventBusApiVerticle.class.getName());

  /** Address → the HTTP path whose operation serves it. */
  public static final Map<String, String> ADDRESSES = Map.ofEntries(
      Map.entry(Addresses.API_MESSAGE_SEND, "/message/send"),
      Map.entry(Addresses.API_MESSAGE_SENDBATCH, "/message/sendbatch"),
      Map.entry(Addresses.API_MESSAGE_SYNC, "/channel/messagesync"),
      Map.entry(Addresses.API_CHANNEL_CREATE, "/channel"),
      Map.entry(Addresses.API_CHANNEL_INFO, "/channel/info"),
      Map.entry(Addresses.API_CHANNEL_DELETE, "/channel/delete"),
      Map.entry(Addresses.API_CHANNEL_SUBSCRIBERS_ADD, "/channel/subscriber_add"),
      Map.entry(Addresses.API_CHANNEL_SUBSCRIBERS_REMOVE, "/channel/subscriber_remove"),
      Map.entry(Addresses.API_CONVERSATION_SYNC, "/conversation/sync"),
      Map.entry(Addresses.API_USER_TOKEN, "/user/token"));

  private final HttpApiVerticle.Deps deps;
  private final List<MessageConsumer<Object>> consumers = new ArrayList<>();

  public EventBusApiVerticle(HttpApiVerticle.Deps deps) {
    this.deps = deps;
  }

  @Override
  public Future<?> start() {
    Endpoints ops = new Endpoints(null);
    HttpApiVerticle.register(deps, ops);
    List<Future<Void>> ready = new ArrayList<>();
    ADDRESSES.forEach((address, path) -> {
      Function<Body, Future<?>> op = ops.operation(path);
      if (op == null) {
        throw new IllegalStateException("no operation for " + path);
      }
      MessageConsumer<Object> c = vertx.eventBus().consumer(address, m -> handle(m, op));
      consumers.add(c);
      ready.add(c.completion());
    });
    return Future.all(ready);
  }

  private static void handle(Message<Object> m, Function<Body, Future<?>> op) {
    Future<?> result;
    try {
      result = op.apply(new Body(body(m.body())));
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result.onComplete(ar -> {
      if (ar.succeeded()) {
        m.reply(reply(ar.result()));
        return;
      }
      Throwable t = ar.cause();
      if (!(t instanceof JindouException)) {
        LOG.warning("event-bus API call failed: " + t);
      }
      m.fail(Errors.status(t), Errors.body(t).encode());
    });
  }

  /**
   * The reply for an operation's result: {@code {"status":200}} for none, and a JSON value for an answer the
   * operation already encoded (a {@link Buffer}, as HTTP sends it), so consumers always get JSON, never bytes.
   */
  static Object reply(Object result) {
    if (result == null) {
      return new JsonObject().put("status", 200);
    }
    if (result instanceof Buffer b) {
      Object v = Json.decodeValue(b);
      if (v instanceof Map<?, ?> map) {
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = (Map<String, Object>) map;
        return new JsonObject(fields);
      }
      return v instanceof List<?> list ? new JsonArray(new ArrayList<>(list)) : v;
    }
    return result;
  }

  /** Accepts a JsonObject, or JSON text / bytes holding one. */
  static JsonObject body(Object b) {
    if (b instanceof JsonObject o) {
      return o;
    }
    String text = b instanceof String s ? s : b instanceof Buffer buf ? buf.toString() : null;
    if (text == null) {
      throw JindouException.invalid("the message body must be a JSON object");
    }
    try {
      return new JsonObject(text);
    } catch (RuntimeException e) {
      throw JindouException.invalid("the message body must be a JSON object: " + e.getMessage());
    }
  }

  @Override
  public Future<?> stop() {
    List<Future<Void>> all = new ArrayList<>();
    consumers.forEach(c -> all.add(c.unregister()));
    return Future.all(all);
  }
}
