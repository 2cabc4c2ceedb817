package io.jindou.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A plain HTTP client for tests: real requests over loopback, JSON in and out. */
public final class Http {
  /** A response: status and raw body, with JSON views. */
  public record Res(int status, String body) {
    public JsonObject json() {
      return new JsonObject(body);
    }

    public JsonArray array() {
      return new JsonArray(body);
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  private final int port;
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  public Http(int port) {
    this.port = port;
  }

  public Res post(String path, Object json) {
    return raw(path, json instanceof String s ? s : json.toString());
  }

  public Res raw(String path, String body) {
    return rawBytes(path, body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  public Res rawBytes(String path, byte[] body) {
    try {
      return postAsync(path, body).get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public CompletableFuture<Res> postAsync(String path, byte[] body) {
    HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    return client.sendAsync(req, HttpResponse.BodyHandlers.ofString()).thenApply(r -> new Res(r.statusCode(), r.body()));
  }

  public Res get(String pathAndQuery) {
    HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
        .timeout(Duration.ofSeconds(30)).GET().build();
    try {
      HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
      return new Res(r.statusCode(), r.body());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
