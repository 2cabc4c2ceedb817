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
 * set, {@code http_port} serves only the client endpoints and may bind any interface (empty = all). Also reads the
 * TLS key material. It runs once at startup and never binds anything itself.
 */
final class HttpListeners {
  private static final Logger LOG = Logger.getLogger(HttpListeners.class.getName());

  private HttpListeners() {
  }

  /** The listeners to start (one, or the client listener and the admin listener), warning or refusing as above. */
  static List<Listener> of(Settings.Http h) {
    List<Listener> out = new ArrayList<>();
    if (h.adminPort() == 0) {
      out.add(new Listener("HTTP API", adminHost(h, "http_host", h.host(), h.port(), true), h.port(), true, h.tls()));
    } else {
      out.add(new Listener("HTTP API (client endpoints)", h.host().isEmpty() ? "0.0.0.0" : h.host(), h.port(), false,
          h.tls()));
      out.add(new Listener("admin API", adminHost(h, "admin_host", h.adminHost(), h.adminPort(), true), h.adminPort(),
          true, h.tls()));
    }
    return out;
  }

  /** Whether any listener will bind an address other hosts can reach (no warning, no refusal: a pure answer). */
  static boolean exposed(Settings.Http h) {
    if (h.adminPort() != 0 && (h.host().isEmpty() || !loopback(h.host()))) {
      return true;
    }
    String admin = adminHost(h, null, h.adminPort() == 0 ? h.host() : h.adminHost(), 0, false);
    return !loopback(admin);
  }

  /**
   * Where a listener serving the admin endpoints binds. {@code loud}: warn when it falls back to loopback and
   * refuse an open address without a token; otherwise answer quietly (an unsafe address is then taken as given).
   */
  private static String adminHost(Settings.Http h, String key, String host, int port, boolean loud) {
    boolean token = !h.managerToken().isEmpty();
    if (host.isEmpty()) {
      if (token || h.insecure()) {
        return "0.0.0.0";
      }
      if (loud) {
        LOG.warning("the HTTP API (admin endpoints) listens on 127.0.0.1:" + port + " only, because manager_token "
            + "is empty: set manager_token (JINDOU_MANAGER_TOKEN) to serve other hosts, or admin_port to serve the "
            + "admin endpoints on a listener of their own");
      }
      return "127.0.0.1";
    }
    if (loud && !token && !loopback(host)) {
      if (!h.insecure()) {
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

  /** For the startup line: each listener's address, TLS, and whether the admin endpoints need a token. */
  static String describe(List<Listener> listeners, Settings.Http h) {
    StringBuilder out = new StringBuilder();
    for (Listener l : listeners) {
      out.append(out.length() == 0 ? "" : ", ").append(l.admin() ? l.port() == h.port() ? "http " : "admin "
          : "http (client endpoints) ").append(l.host()).append(':').append(l.port())
          .append(l.tls() != null ? " tls" : "")
          .append(l.admin() ? h.managerToken().isEmpty() ? " (no manager token)" : " (manager token)" : "");
    }
    return out.toString();
  }

  /** The PEM certificate chain and key of {@code tls_cert_file} and {@code tls_key_file}, checked readable. */
  static KeyCertOptions tls(String certFile, String keyFile) {
    for (String[] f : new String[][] {{"tls_cert_file", certFile}, {"tls_key_file", keyFile}}) {
      Path p = Path.of(f[1]);
      if (!Files.isReadable(p)) {
        throw new IllegalStateException(f[0] + " " + p.toAbsolutePath() + " cannot be read");
      }
    }
    return new PemKeyCertOptions().setCertPath(certFile).setKeyPath(keyFile);
  }
}
