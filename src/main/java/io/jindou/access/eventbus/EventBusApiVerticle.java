package io.jindou.access.eventbus;

import io.jindou.access.json.Body;
import io.jindou.access.json.Errors;
import io.jindou.access.json.JsonApi;
import io.jindou.cluster.Addresses;
import io.jindou.model.MessageChange;
import io.jindou.model.JindouException;
import io.jindou.usecase.UseCases;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * The event-bus API: request/reply addresses {@code jindou.api.*} (README) whose JSON bodies and replies are
 * exactly those of the HTTP endpoints, because both edges run the same {@link JsonApi} operation (parse → use
 * case → render); other services in the cluster — or behind the TCP bridge — talk to Jindou without HTTP. A
 * reply is a JSON value ({@code {"status":200}} for an operation without an answer). A failure is a
 * {@code ReplyException} whose failure code is the HTTP status and whose message is the HTTP error body
 * ({@code {"msg","status"[,"reason"]}}), both from {@link Errors}. It holds no logic of its own and never goes
 * through HTTP.
 */
public final class EventBusApiVerticle extends VerticleBase {
  private static final Logger LOG = Logger.getLogger(EventBusApiVerticle.class.getName());

  private final UseCases useCases;
  private final List<MessageConsumer<Object>> consumers = new ArrayList<>();

  public EventBusApiVerticle(UseCases useCases) {
    this.useCases = useCases;
  }

  /** Address → the operation that serves it (the same one as the HTTP endpoint named in the README). */
  static Map<String, Function<Body, Future<?>>> operations(JsonApi api) {
    return Map.ofEntries(
        Map.entry(Addresses.API_MESSAGE_SEND, api::send),
        Map.entry(Addresses.API_MESSAGE_SENDBATCH, api::sendBatch),
        Map.entry(Addresses.API_MESSAGE_SYNC, api::messageSync),
        Map.entry(Addresses.API_MESSAGE_EVENT, api::event),
        Map.entry(Addresses.API_MESSAGE_EVENTSYNC, api::eventSync),
        Map.entry(Addresses.API_CHANNEL_CREATE, api::channelCreate),
        Map.entry(Addresses.API_CHANNEL_INFO, api::channelInfo),
        Map.entry(Addresses.API_CHANNEL_DELETE, api::channelDelete),
        Map.entry(Addresses.API_CHANNEL_SUBSCRIBERS_ADD, api::subscriberAdd),
        Map.entry(Addresses.API_CHANNEL_SUBSCRIBERS_REMOVE, api::subscriberRemove),
        Map.entry(Addresses.API_CONVERSATION_SYNC, api::conversationSyncArray),
        Map.entry(Addresses.API_USER_TOKEN, api::token),
        Map.entry(Addresses.API_MESSAGE_REVOKE, b -> api.changeMessage(MessageChange.Op.REVOKE, b)),
        Map.entry(Addresses.API_MESSAGE_EDIT, b -> api.changeMessage(MessageChange.Op.EDIT, b)),
        Map.entry(Addresses.API_MESSAGE_DELETE, b -> api.changeMessage(MessageChange.Op.DELETE, b)),
        Map.entry(Addresses.API_MESSAGE_REACTION, b -> api.changeMessage(MessageChange.Op.REACTION_ADD, b)),
        Map.entry(Addresses.API_MESSAGE_EXTRA_SYNC, api::extraSync),
        Map.entry(Addresses.API_MESSAGE_READED, api::readed));
  }

  @Override
  public Future<?> start() {
    List<Future<Void>> ready = new ArrayList<>();
    operations(new JsonApi(useCases)).forEach((address, op) -> {
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
        m.reply(ar.result() == null ? new JsonObject().put("status", 200) : ar.result());
        return;
      }
      Throwable t = ar.cause();
      if (!(t instanceof JindouException)) {
        LOG.warning("event-bus API call failed: " + t);
      }
      m.fail(Errors.status(t), Errors.body(t).encode());
    });
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
