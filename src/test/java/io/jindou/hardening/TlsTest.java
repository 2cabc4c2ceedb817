package io.jindou.hardening;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.proto.ConnackPacket;
import io.jindou.proto.Packet;
import io.jindou.proto.RecvPacket;
import io.jindou.proto.WkCrypto;
import io.jindou.support.SelfSigned;
import io.jindou.support.TestNode;
import io.jindou.tools.WkAsyncClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.PemTrustOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Finding 9 of the hardening review: optional TLS on the HTTP listener and on the gateway's TCP and WebSocket
 * listeners, with a PEM certificate and key ({@code tls_cert_file}, {@code tls_key_file}, {@code http_tls},
 * {@code gateway_tls}). A self-signed certificate made by the test; an HTTPS client, a WKProto client over TLS and
 * a JSON-RPC client over wss:// each do real work, and the plain protocols are refused on those ports.
 */
class TlsTest {
  static SelfSigned tls;
  static TestNode node;
  static HttpClient https;
  static Vertx vertx;

  @BeforeAll
  static void start() throws Exception {
    tls = SelfSigned.create();
    node = new TestNode(Map.of("http_tls", true, "gateway_tls", true, "tls_cert_file", tls.cert().toString(),
        "tls_key_file", tls.key().toString()));
    https = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls.clientContext())
        .connectTimeout(Duration.ofSeconds(5)).build();
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
    node.close();
    tls.close();
  }

  static HttpResponse<String> post(String path, JsonObject body) throws Exception {
    return https.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + node.httpPort + path))
        .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theHttpApiSpeaksHttpsOnly() throws Exception {
    assertEquals(200, post("/user/token", new JsonObject().put("uid", "tls-a").put("token", "ta")
        .put("device_flag", 1)).statusCode());
    HttpResponse<String> route = https.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + node.httpPort
        + "/route")).GET().build(), HttpResponse.BodyHandlers.ofString());
    JsonObject r = new JsonObject(route.body());
    assertEquals("wss://127.0.0.1:" + node.wsPort, r.getString("ws_addr"), route.body());
    assertEquals("wss://127.0.0.1:" + node.wsPort, r.getString("wss_addr"), route.body());
    HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    assertThrows(java.io.IOException.class, () -> plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + node.httpPort + "/healthz")).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString()), "plain HTTP is not answered on a TLS port");
  }

  @Test
  void aWkProtoClientOverTlsConnectsAndReceives() throws Exception {
    assertEquals(200, post("/user/token", new JsonObject().put("uid", "tls-b").put("token", "tb")
        .put("device_flag", 1)).statusCode());
    NetClient net = vertx.createNetClient(new NetClientOptions().setSsl(true).setHostnameVerificationAlgorithm("HTTPS")
        .setTrustOptions(new PemTrustOptions().addCertPath(tls.cert().toString())).setConnectTimeout(10_000));
    LinkedBlockingQueue<Packet> inbox = new LinkedBlockingQueue<>();
    WkAsyncClient client = new WkAsyncClient(6, WkCrypto.generateKeyPair()).packetHandler(inbox::add);
    ConnackPacket ack = client.connect(net, "127.0.0.1", node.tcpPort, "tls-b", "tb", 1, "tls-b-dev")
        .await(10, TimeUnit.SECONDS);
    assertEquals(1, ack.reasonCode(), "CONNACK over TLS");
    byte[] payload = "{\"type\":1,\"content\":\"over tls\"}".getBytes(StandardCharsets.UTF_8);
    assertEquals(200, post("/message/send", new JsonObject().put("from_uid", "tls-a").put("channel_id", "tls-b")
        .put("channel_type", 1).put("payload", Base64.getEncoder().encodeToString(payload))).statusCode());
    Packet p;
    do {
      p = inbox.poll(10, TimeUnit.SECONDS);
    } while (p != null && !(p instanceof RecvPacket));
    assertTrue(p instanceof RecvPacket, "a RECV over TLS");
    assertArrayEquals(payload, ((RecvPacket) p).payload());
    client.close();
  }

  @Test
  void aJsonRpcClientOverWssConnects() throws Exception {
    assertEquals(200, post("/user/token", new JsonObject().put("uid", "tls-c").put("token", "tc")
        .put("device_flag", 1)).statusCode());
    LinkedBlockingQueue<String> texts = new LinkedBlockingQueue<>();
    WebSocket ws = https.newWebSocketBuilder().buildAsync(URI.create("wss://127.0.0.1:" + node.wsPort + "/"),
        new WebSocket.Listener() {
          private final StringBuilder text = new StringBuilder();

          @Override
          public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
              texts.add(text.toString());
              text.setLength(0);
            }
            w.request(1);
            return null;
          }
        }).get(10, TimeUnit.SECONDS);
    ws.sendText(new JsonObject().put("method", "connect").put("id", "c-1").put("params", new JsonObject()
        .put("uid", "tls-c").put("token", "tc").put("deviceFlag", 1).put("clientTimestamp",
            System.currentTimeMillis())).encode(), true).get(10, TimeUnit.SECONDS);
    String answer = texts.poll(10, TimeUnit.SECONDS);
    assertTrue(answer != null, "an answer over wss://");
    assertEquals(1, new JsonObject(answer).getJsonObject("result").getInteger("reasonCode"), answer);
    ws.abort();
  }
}
