package io.jindou.app.datasource;

import io.jindou.access.net.BoundedPost;
import io.jindou.model.ChannelInfo;
import io.jindou.model.ChannelKey;
import io.jindou.model.JindouException;
import io.jindou.store.Datasource;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.PromiseInternal;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * A business server's datasource over HTTP, exactly as WuKongIM asks it (server {@code internal/server/
 * datasource.go}, docs "Datasource"), so an endpoint written for WuKongIM works unchanged: one {@code POST} to the
 * configured URL per question, body {@code {"cmd":"<cmd>","data":{…}}}, only HTTP 200 counts, and the body is the
 * answer — {@code getSubscribers}, {@code getBlacklist} and {@code getWhitelist} with
 * {@code data {"channel_id","channel_type"}} answer a JSON array of uids ({@code null} = none),
 * {@code getSystemUIDs} with {@code data {}} an array of uids, {@code getChannelInfo} an object
 * {@code {"large","ban","disband"}} (0/1; {@code null} or {@code {}} = none).
 *
 * <p>Bounded: at most {@code maxInflight} questions wait at a time (more fail at once), each fails after
 * {@code timeoutMs} (the request is reset), an answer over {@code responseMaxBytes} is refused. Every failure is an
 * UNAVAILABLE {@link JindouException} naming the command and why, and at most one warning line per 10 s is logged
 * (with the count of the others). Futures complete on the caller's context. It caches nothing.
 */
public final class HttpDatasource implements Datasource {
  private static final Logger LOG = Logger.getLogger(HttpDatasource.class.getName());
  private static final long WARN_EVERY_MS = 10_000;

  /** Where and how to ask: the URL and the bounds (README {@code datasource_*}). */
  public record Options(String url, int timeoutMs, int maxInflight, int responseMaxBytes, boolean channelInfo) {
  }

  private final Vertx vertx;
  private final Options options;
  private final BoundedPost post;
  private final RequestOptions target;
  private final AtomicLong lastWarned = new AtomicLong();
  private final AtomicLong unwarned = new AtomicLong();

  /** @throws IllegalArgumentException if the URL is not an absolute http or https URL */
  public HttpDatasource(Vertx vertx, Options options) {
    URI uri;
    try {
      uri = URI.create(options.url());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("datasource_url is not a URL: " + options.url());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
      throw new IllegalArgumentException("datasource_url must be an http:// or https:// URL, got " + options.url());
    }
    this.vertx = vertx;
    this.options = options;
    boolean tls = scheme.equals("https");
    this.post = new BoundedPost(vertx, options.url(), options.timeoutMs(), options.maxInflight(),
        options.maxInflight(), "datasource_max_inflight", "datasource_response_max_bytes");
    String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    this.target = new RequestOptions().setMethod(HttpMethod.POST).setHost(uri.getHost())
        .setPort(uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80).setSsl(tls).setURI(path)
        .putHeader("content-type", "application/json");
  }

  @Override
  public boolean enabled() {
    return true;
  }

  @Override
  public boolean channelInfo() {
    return options.channelInfo();
  }

  @Override
  public Future<List<String>> subscribers(ChannelKey channel) {
    return uids("getSubscribers", channelData(channel));
  }

  @Override
  public Future<List<String>> blacklist(ChannelKey channel) {
    return uids("getBlacklist", channelData(channel));
  }

  @Override
  public Future<List<String>> whitelist(ChannelKey channel) {
    return uids("getWhitelist", channelData(channel));
  }

  @Override
  public Future<ChannelInfo> channelInfo(ChannelKey channel) {
    return call("getChannelInfo", channelData(channel)).map(body -> {
      Object v = parse("getChannelInfo", body);
      if (v == null) {
        return null;
      }
      if (!(v instanceof JsonObject o)) {
        throw bad("getChannelInfo", "an object {\"large\",\"ban\",\"disband\"} or null");
      }
      if (o.isEmpty()) {
        return null;
      }
      return new ChannelInfo(flag(o, "ban"), flag(o, "disband"), false, false, flag(o, "large"));
    });
  }

  @Override
  public Future<List<String>> systemUids() {
    return uids("getSystemUIDs", new JsonObject());
  }

  private static JsonObject channelData(ChannelKey channel) {
    return new JsonObject().put("channel_id", channel.id()).put("channel_type", channel.type());
  }

  private Future<List<String>> uids(String cmd, JsonObject data) {
    return call(cmd, data).map(body -> {
      Object v = parse(cmd, body);
      if (v == null) {
        return List.of();
      }
      if (!(v instanceof JsonArray a)) {
        throw bad(cmd, "a JSON array of uids or null");
      }
      List<String> out = new ArrayList<>(a.size());
      for (Object u : a) {
        if (!(u instanceof String s)) {
          throw bad(cmd, "a JSON array of uids (strings) or null");
        }
        if (!s.isBlank()) {
          out.add(s);
        }
      }
      return out;
    });
  }

  private static boolean flag(JsonObject o, String field) {
    Object v = o.getValue(field);
    return v instanceof Boolean b ? b : v instanceof Number n && n.intValue() == 1;
  }

  private Object parse(String cmd, Buffer body) {
    if (body.length() == 0) {
      return null;
    }
    try {
      Object v = Json.decodeValue(body);
      if (v instanceof java.util.Map<?, ?> m) {
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> map = (java.util.Map<String, Object>) m;
        return new JsonObject(map);
      }
      if (v instanceof java.util.List<?> l) {
        return new JsonArray(new ArrayList<>(l));
      }
      return v;
    } catch (DecodeException e) {
      throw bad(cmd, "JSON");
    }
  }

  private JindouException bad(String cmd, String expected) {
    return failed(cmd, "the answer is not " + expected);
  }

  /** One question: POST {@code {"cmd","data"}}, the body of a 200 answer, within the bounds. */
  private Future<Buffer> call(String cmd, JsonObject data) {
    ContextInternal ctx = (ContextInternal) vertx.getOrCreateContext();
    PromiseInternal<Buffer> result = ctx.promise();
    post.post(target, new JsonObject().put("cmd", cmd).put("data", data).toBuffer(), true,
        options.responseMaxBytes()).onComplete(ar -> {
          if (ar.succeeded()) {
            result.complete(ar.result());
          } else {
            JindouException e = failed(cmd, ar.cause().getMessage());
            warn(e.getMessage());
            result.fail(e);
          }
        });
    return result.future();
  }

  private JindouException failed(String cmd, String why) {
    return JindouException.unavailable("datasource " + options.url() + " cmd " + cmd + ": " + why);
  }

  /** One warning line per {@value #WARN_EVERY_MS} ms at most, with how many failures it did not report. */
  private void warn(String what) {
    long now = System.currentTimeMillis();
    long last = lastWarned.get();
    if (now - last >= WARN_EVERY_MS && lastWarned.compareAndSet(last, now)) {
      long others = unwarned.getAndSet(0);
      LOG.warning(what + (others > 0 ? " (and " + others + " other datasource failures since the last warning)"
          : ""));
    } else {
      unwarned.incrementAndGet();
    }
  }

  /** Closes the connections to the business server. */
  public Future<Void> close() {
    return post.close();
  }
}
