package io.jindou.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A business server's WuKongIM datasource endpoint for tests, on a real HTTP port: it takes WuKongIM's
 * {@code POST {"cmd","data":{"channel_id","channel_type"}}} and answers from what the test set — a JSON body per
 * command and channel ({@code "<cmd> <channel_type>:<channel_id>"}, or just the command for
 * {@code getSystemUIDs}), an HTTP status, or a delay before answering (a slow or hung business server). Every
 * request is recorded. Unset questions get {@code null} (what WuKongIM's own stub answers: nothing).
 */
public final class DatasourceServer implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;
  private final Map<String, String> answers = new ConcurrentHashMap<>();
  private final Map<String, Integer> statuses = new ConcurrentHashMap<>();
  private final Map<String, Long> delaysMs = new ConcurrentHashMap<>();
  /** Every request body received, oldest first. */
  public final List<JsonObject> requests = new CopyOnWriteArrayList<>();

  public DatasourceServer() throws Exception {
    server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      JsonObject r = body.length() == 0 ? new JsonObject() : body.toJsonObject();
      requests.add(r);
      String key = key(r);
      Runnable answer = () -> req.response().setStatusCode(statuses.getOrDefault(key, 200))
          .putHeader("content-type", "application/json").end(answers.getOrDefault(key, "null"));
      long delay = delaysMs.getOrDefault(key, 0L);
      if (delay > 0) {
        vertx.setTimer(delay, t -> answer.run());
      } else {
        answer.run();
      }
    })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static String key(JsonObject r) {
    String cmd = r.getString("cmd", "");
    JsonObject data = r.getJsonObject("data");
    if (data == null || !data.containsKey("channel_id")) {
      return cmd;
    }
    return cmd + " " + data.getValue("channel_type") + ":" + data.getString("channel_id");
  }

  public String url() {
    return "http://127.0.0.1:" + server.actualPort() + "/v1/datasource";
  }

  /** What {@code cmd} answers for the channel (null channel: for {@code getSystemUIDs}), as raw JSON. */
  public DatasourceServer answer(String cmd, String channelId, int channelType, String json) {
    answers.put(channelId == null ? cmd : cmd + " " + channelType + ":" + channelId, json);
    return this;
  }

  /** The HTTP status {@code cmd} answers with for the channel. */
  public DatasourceServer status(String cmd, String channelId, int channelType, int status) {
    statuses.put(cmd + " " + channelType + ":" + channelId, status);
    return this;
  }

  /** How long {@code cmd} takes to answer for the channel. */
  public DatasourceServer delay(String cmd, String channelId, int channelType, long ms) {
    delaysMs.put(cmd + " " + channelType + ":" + channelId, ms);
    return this;
  }

  /** How many requests asked {@code cmd} about the channel. */
  public long asked(String cmd, String channelId, int channelType) {
    return requests.stream().filter(r -> cmd.equals(r.getString("cmd")) && r.getJsonObject("data") != null
        && channelId.equals(r.getJsonObject("data").getString("channel_id"))
        && Integer.valueOf(channelType).equals(r.getJsonObject("data").getInteger("channel_type"))).count();
  }

  @Override
  public void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
