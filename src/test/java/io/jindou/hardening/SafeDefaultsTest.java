package io.jindou.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.support.TestNode;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Finding 1 of the hardening review: with the defaults, anyone who reached the HTTP port could set any user's
 * token and log in as them. Now the admin endpoints are reachable from other hosts only with a manager token (or
 * an explicit {@code insecure_http}), a separate admin listener can carry them while the public port serves only
 * what apps need, {@code /route} never echoes the client's Host header, and h2c is off unless configured. Every
 * "other host" check connects to this machine's own non-loopback address, which a loopback-only listener refuses.
 */
class SafeDefaultsTest {
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  /** This machine's first non-loopback IPv4 address: how another host would reach it. */
  static String outsideAddress() throws IOException {
    for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!nif.isUp() || nif.isLoopback()) {
        continue;
      }
      for (InetAddress a : Collections.list(nif.getInetAddresses())) {
        if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
          return a.getHostAddress();
        }
      }
    }
    return null;
  }

  static boolean reachable(String host, int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), 3000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static HttpResponse<String> post(String host, int port, String path, Object body, String token)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path))
        .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    if (token != null) {
      b.header("token", token);
    }
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> get(String host, int port, String path) throws Exception {
    return CLIENT.send(HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path))
        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonObject token(String uid) {
    return new JsonObject().put("uid", uid).put("token", "t-" + uid).put("device_flag", 1);
  }

  /** The node's own settings over TestNode's, with {@code http_host} left to the default (empty). */
  static Map<String, Object> defaults(Map<String, Object> extra) {
    Map<String, Object> c = new HashMap<>(extra);
    c.putIfAbsent("http_host", "");
    return c;
  }

  @Test
  void withoutAManagerTokenTheApiListensOnLoopbackOnly() throws Exception {
    String outside = outsideAddress();
    assertNotNull(outside, "this test needs a non-loopback IPv4 address on the machine");
    try (TestNode node = new TestNode(defaults(Map.of()))) {
      assertTrue(reachable("127.0.0.1", node.httpPort));
      assertFalse(reachable(outside, node.httpPort), "the API must not be reachable on " + outside
          + " without a manager token");
      assertEquals(200, post("127.0.0.1", node.httpPort, "/user/token", token("local"), null).statusCode(),
          "on loopback it works as before");
      assertEquals(200, post("127.0.0.1", node.httpPort, "/demo/api/token", new JsonObject().put("uid", "d1"), null)
          .statusCode(), "and so does the chat demo (demo_enabled=auto)");
    }
  }

  @Test
  void anOpenAddressWithoutATokenIsRefusedAtStartUnlessInsecureHttp() throws Exception {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> new TestNode(Map.of("http_host", "0.0.0.0")).close());
    assertTrue(e.getMessage().contains("manager_token") && e.getMessage().contains("insecure_http"), e.getMessage());
    String outside = outsideAddress();
    try (TestNode node = new TestNode(Map.of("http_host", "0.0.0.0", "insecure_http", true))) {
      assertEquals(200, post(outside, node.httpPort, "/user/token", token("open"), null).statusCode(),
          "insecure_http opens it, as asked");
    }
  }

  @Test
  void withAManagerTokenTheApiServesEveryInterfaceAndAsksForTheToken() throws Exception {
    String outside = outsideAddress();
    try (TestNode node = new TestNode(defaults(Map.of("manager_token", "s3cret")))) {
      assertEquals(401, post(outside, node.httpPort, "/user/token", token("u"), null).statusCode());
      assertEquals(401, post(outside, node.httpPort, "/user/token", token("u"), "wrong").statusCode());
      assertEquals(200, post(outside, node.httpPort, "/user/token", token("u"), "s3cret").statusCode());
      assertEquals(200, get(outside, node.httpPort, "/route").statusCode(), "/route needs no token");
    }
  }

  @Test
  void theAdminListenerCarriesTheAdminEndpointsAndThePublicPortOnlyWhatAppsNeed() throws Exception {
    String outside = outsideAddress();
    int adminPort = TestNode.freePort();
    try (TestNode node = new TestNode(defaults(Map.of("admin_port", adminPort)))) {
      assertTrue(reachable(outside, node.httpPort), "the client endpoints may be public without a token");
      assertFalse(reachable(outside, adminPort), "the admin listener stays on loopback without a token");
      for (String path : new String[] {"/route", "/route?uid=a", "/health", "/healthz", "/readyz"}) {
        assertEquals(200, get(outside, node.httpPort, path).statusCode(), path + " on the public port");
      }
      assertEquals(200, post(outside, node.httpPort, "/route/batch", "[\"a\",\"b\"]", null).statusCode());
      for (String path : new String[] {"/user/token", "/message/send", "/channel/subscriber_add",
          "/user/systemuids_add", "/conversation/sync"}) {
        HttpResponse<String> r = post(outside, node.httpPort, path, token("x"), null);
        assertEquals(404, r.statusCode(), path + " must not be served on the public port: " + r.body());
        assertEquals(404, new JsonObject(r.body()).getInteger("status"));
      }
      assertEquals(404, get(outside, node.httpPort, "/connz").statusCode());
      HttpResponse<String> demo = post(outside, node.httpPort, "/demo/api/token", new JsonObject().put("uid", "d1"),
          null);
      assertEquals(403, demo.statusCode(), "demo_enabled=auto keeps the demo (it hands out user tokens) off on a "
          + "listener open to other hosts: " + demo.body());
      assertEquals(200, post("127.0.0.1", adminPort, "/user/token", token("admin"), null).statusCode());
      assertEquals(200, get("127.0.0.1", adminPort, "/connz").statusCode());
      assertEquals(200, get("127.0.0.1", adminPort, "/readyz").statusCode(), "probes answer on both");
    }
  }

  @Test
  void routeAnswersTheListenersAddressNeverTheHostHeader() throws Exception {
    try (TestNode node = new TestNode(Map.of())) {
      String answer = raw(node.httpPort, "GET /route HTTP/1.1\r\nHost: evil.example:666\r\nConnection: close\r\n\r\n");
      JsonObject route = new JsonObject(answer.substring(answer.indexOf("\r\n\r\n") + 4));
      assertEquals("127.0.0.1:" + node.tcpPort, route.getString("tcp_addr"), answer);
      assertEquals("ws://127.0.0.1:" + node.wsPort, route.getString("ws_addr"), answer);
    }
  }

  @Test
  void http2OverCleartextIsOffUnlessConfigured() throws Exception {
    HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
    try (TestNode node = new TestNode(Map.of())) {
      HttpResponse<String> r = h2.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort
          + "/healthz")).GET().build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode());
      assertEquals(HttpClient.Version.HTTP_1_1, r.version(), "the h2c upgrade must be declined");
    }
    try (TestNode node = new TestNode(Map.of("http2_cleartext", true))) {
      HttpResponse<String> r = h2.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort
          + "/healthz")).GET().build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(HttpClient.Version.HTTP_2, r.version(), "http2_cleartext=true accepts it");
    }
  }

  /** One raw HTTP/1.1 exchange; returns everything the server sent until it closed. */
  static String raw(int port, String request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
