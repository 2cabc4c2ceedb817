package io.jindou.access.web;

import io.vertx.core.http.HttpServerResponse;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The headers every response of the browser edge carries, and the Content-Security-Policy of each page. The
 * policy allows scripts, styles and fetches from this origin only (no inline script or style, no eval, no
 * plugins, no framing, no form posts, no {@code <base>}); the demo may also open a WebSocket to this node's
 * WebSocket port, on the host the browser used and on {@code advertise_host}. A host that does not look like a
 * host name or an IP address is never copied into a header.
 */
final class SecurityHeaders {
  private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9.-]{1,253}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
  private static final String BASE = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
      + " base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private final int wsPort;
  private final String advertiseHost;

  SecurityHeaders(int wsPort, String advertiseHost) {
    this.wsPort = wsPort;
    this.advertiseHost = advertiseHost == null ? "" : advertiseHost;
  }

  /** Headers for every answer: no MIME sniffing, no referrer, no framing, no caching unless the caller says so. */
  static void common(HttpServerResponse r) {
    r.putHeader("X-Content-Type-Options", "nosniff");
    r.putHeader("Referrer-Policy", "no-referrer");
    r.putHeader("X-Frame-Options", "DENY");
    r.putHeader("Cross-Origin-Opener-Policy", "same-origin");
    r.putHeader("Cross-Origin-Resource-Policy", "same-origin");
  }

  /** The policy of the page at {@code path}, for a browser that reached this node as {@code requestHost}. */
  String policy(String path, String requestHost) {
    if (!path.startsWith("/demo/")) {
      return BASE + "; connect-src 'self'";
    }
    Set<String> sockets = new LinkedHashSet<>();
    for (String host : new String[] {requestHost, advertiseHost}) {
      String h = hostSource(host);
      if (h != null) {
        sockets.add("ws://" + h + ":" + wsPort);
      }
    }
    return BASE + "; connect-src 'self'" + (sockets.isEmpty() ? "" : " " + String.join(" ", sockets));
  }

  /** The host as a CSP host-source ({@code [::1]} for IPv6), or null when it is not a plain host or address. */
  static String hostSource(String host) {
    if (host == null || host.isEmpty()) {
      return null;
    }
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (HOST_NAME.matcher(h).matches()) {
      return h;
    }
    if (h.indexOf(':') >= 0 && IPV6.matcher(h).matches()) {
      return "[" + h + "]";
    }
    return null;
  }
}
