package io.jindou.app;

import io.jindou.access.http.Listener;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * Decides where the HTTP listeners bind, so that the admin endpoints (which can set any user's token and send as
 * anyone) are never open to other hosts by accident. A listener that serves them binds: {@code http_host} /
 * {@code admin_host} when set; when empty, every interface if {@code manager_token} is set (or
 * {@code insecure_http}), else 127.0.0.1 with a warning saying how to open it. A non-loopback address for such a
 * listener without a token is refused at startup unless {@code insecure_http} is true. With {@code admin_port}
 * set, {@code http_port} serves only the client endpoints and may bind any interface (empty = all). Also builds
 * the TLS options from {@code tls_cert_file} and {@code tls_key_file}. It runs once at startup and never binds
 * anything itself.
 */
final class HttpListeners {
  private static final Logger LOG = Logger.getLogger(HttpListeners.class.getName());

  private HttpListeners() {
  }

  /** The listeners to start: one, or the client listener and the admin listener. */
  static List<Listener> of(Config c) {
    boolean token = !c.str("manager_token").isEmpty();
    boolean insecure = c.bool("insecure_http");
    KeyCertOptions tls = c.bool("http_tls") ? tls(c) : null;
    int httpPort = c.integer("http_port");
    int adminPort = c.integer("admin_port");
    List<Listener> out = new ArrayList<>();
    if (adminPort == 0) {
      out.add(new Listener("HTTP API", adminHost(c, "http_host", httpPort, token, insecure), httpPort, true, tls));
    } else {
      String host = c.str("http_host").isEmpty() ? "0.0.0.0" : c.str("http_host");
      out.add(new Listener("HTTP API (client endpoints)", host, httpPort, false, tls));
      out.add(new Listener("admin API", adminHost(c, "admin_host", adminPort, token, insecure), adminPort, true, tls));
    }
    return out;
  }

  private static String adminHost(Config c, String key, int port, boolean token, boolean insecure) {
    String host = c.str(key);
    if (host.isEmpty()) {
      if (token || insecure) {
        return "0.0.0.0";
      }
      LOG.warning("the HTTP API (admin endpoints) listens on 127.0.0.1:" + port + " only, because manager_token is "
          + "empty: set manager_token (JINDOU_MANAGER_TOKEN) to serve other hosts, or admin_port to serve the "
          + "admin endpoints on a listener of their own");
      return "127.0.0.1";
    }
    if (!loopback(host) && !token) {
      if (!insecure) {
        throw new IllegalStateException(key + " " + host + " would open the admin endpoints (they set any user's "
            + "token and send as anyone) to other hosts without a manager token: set manager_token "
            + "(JINDOU_MANAGER_TOKEN), or admin_port to serve them on a loopback listener of their own, or "
            + "insecure_http=true to accept this");
      }
      LOG.warning("the admin endpoints on " + host + ":" + port + " are open to every host that reaches them, "
          + "without a token (insecure_http=true)");
    }
    return host;
  }

  static boolean loopback(String host) {
    try {
      return InetAddress.getByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host)
          .isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** The PEM key and certificate chain of {@code tls_key_file} and {@code tls_cert_file}, checked readable. */
  static KeyCertOptions tls(Config c) {
    for (String key : List.of("tls_cert_file", "tls_key_file")) {
      Path p = Path.of(c.str(key));
      if (!Files.isReadable(p)) {
        throw new IllegalStateException(key + " " + p.toAbsolutePath() + " cannot be read");
      }
    }
    return new PemKeyCertOptions().setCertPath(c.str("tls_cert_file")).setKeyPath(c.str("tls_key_file"));
  }
}
