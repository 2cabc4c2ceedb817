package io.jindou.access.web;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.regex.Pattern;

/**
 * Serves the page files under {@code /demo/}, {@code /manager/} and {@code /common/}: GET and HEAD only, exact
 * asset names only ({@link WebAssets}), with a content type, an ETag (a matching {@code If-None-Match} gets 304),
 * {@code Cache-Control: no-cache} (files have no hashed names, so the browser revalidates every load, cheaply)
 * and the security headers. A raw path with a dot segment, a percent sign, a backslash, an empty segment or any
 * character outside {@code [A-Za-z0-9._/-]} is refused before the lookup (it could only be an attack or a typo;
 * the lookup would miss it anyway). Everything else under those prefixes is 404: there is no directory listing.
 */
final class StaticPages {
  private static final Pattern SAFE = Pattern.compile("/[A-Za-z0-9._/-]*");

  private final WebAssets assets;
  private final SecurityHeaders headers;

  StaticPages(WebAssets assets, SecurityHeaders headers) {
    this.assets = assets;
    this.headers = headers;
  }

  void handle(RoutingContext rc) {
    String path = rc.request().path();
    if (path.startsWith("/manager/api/")) {
      rc.next(); // the console's admin endpoints sit behind the manager-token check
      return;
    }
    HttpServerResponse r = rc.response();
    SecurityHeaders.common(r);
    if (path.equals("/demo") || path.equals("/manager")) {
      r.setStatusCode(301).putHeader("Location", path + "/").putHeader("Cache-Control", "no-cache").end();
      return;
    }
    HttpMethod m = rc.request().method();
    if (m != HttpMethod.GET && m != HttpMethod.HEAD) {
      r.setStatusCode(405).putHeader("Allow", "GET, HEAD");
      text(r, "method not allowed");
      return;
    }
    if (!safe(path)) {
      r.setStatusCode(400);
      text(r, "bad path");
      return;
    }
    WebAssets.Asset a = assets.find(path);
    if (a == null) {
      r.setStatusCode(404);
      text(r, "not found");
      return;
    }
    r.putHeader("Content-Type", a.contentType()).putHeader("ETag", a.etag()).putHeader("Cache-Control", "no-cache");
    if (a.isHtml()) {
      String host = rc.request().authority() == null ? null : rc.request().authority().host();
      r.putHeader("Content-Security-Policy", headers.policy(path, host));
    }
    String match = rc.request().getHeader("If-None-Match");
    if (match != null && match.contains(a.etag())) {
      r.setStatusCode(304).end();
    } else if (m == HttpMethod.HEAD) {
      r.putHeader("Content-Length", Integer.toString(a.bytes().length)).end();
    } else {
      r.end(io.vertx.core.buffer.Buffer.buffer(a.bytes()));
    }
  }

  /** A plain absolute path: no dot segments, no escapes, no backslashes, no empty segments. */
  static boolean safe(String rawPath) {
    return rawPath != null && SAFE.matcher(rawPath).matches() && !rawPath.contains("//")
        && !rawPath.contains("/./") && !rawPath.contains("/../") && !rawPath.endsWith("/.")
        && !rawPath.endsWith("/..");
  }

  private static void text(HttpServerResponse r, String body) {
    r.putHeader("Content-Type", "text/plain; charset=utf-8").putHeader("Cache-Control", "no-store")
        .putHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'").end(body);
  }
}
