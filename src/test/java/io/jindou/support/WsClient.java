package io.jindou.support;

import io.jindou.proto.ConnackPacket;
import io.jindou.proto.ConnectPacket;
import io.jindou.proto.Flags;
import io.jindou.proto.Packet;
import io.jindou.proto.ProtocolException;
import io.jindou.proto.RecvPacket;
import io.jindou.proto.RecvackPacket;
import io.jindou.proto.SendPacket;
import io.jindou.proto.Setting;
import io.jindou.proto.WkCrypto;
import io.jindou.proto.WkCryptoSession;
import io.jindou.proto.WkDecoder;
import io.jindou.proto.WkEncoder;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A test client on the WebSocket port, in either dialect the port speaks: WKProto in binary messages (one packet
 * per message, as the official SDKs send; the X25519 handshake, sealed SENDs, every RECV verified and decrypted
 * with this connection's key) or JSON-RPC in text messages (spec wkproto §6, the EasySDK's requests: no
 * encryption, Base64 payloads). Written from the spec on the JDK's WebSocket client; it shares only the
 * {@code proto} codec and crypto with the server. Everything the server sends is queued for the awaits; a RECV
 * that fails its msgKey check or decryption is kept as an error and never delivered, as an SDK drops it.
 */
public final class WsClient implements AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofSeconds(15);
  public final String uid;
  public final int version;
  private final boolean jsonRpc;
  private final WebSocket ws;
  private final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
  private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
  private final WkDecoder decoder;
  private final WkCrypto.X25519KeyPair keys = WkCrypto.generateKeyPair();
  private volatile WkCryptoSession crypto;
  private long requestIds;

  private WsClient(int port, String uid, int version, boolean jsonRpc) {
    this.uid = uid;
    this.version = version;
    this.jsonRpc = jsonRpc;
    this.decoder = new WkDecoder(1 << 22, Math.max(1, version));
    this.ws = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(TIMEOUT)
        .buildAsync(URI.create("ws://127.0.0.1:" + port + "/"), new Listener()).join();
  }

  /** A WKProto client of protocol {@code version} that has completed CONNECT (it fails unless the CONNACK is 1). */
  public static WsClient wkproto(int port, int version, String uid, String token) throws InterruptedException {
    WsClient c = new WsClient(port, uid, version, false);
    c.ws.sendBinary(ByteBuffer.wrap(WkEncoder.encode(new ConnectPacket(version, 1, uid + "-ws", uid, token,
        System.currentTimeMillis(), c.keys.publicKeyBase64()), version)), true).join();
    ConnackPacket ack = c.awaitPacket(ConnackPacket.class, p -> true);
    if (ack.reasonCode() != 1) {
      throw new AssertionError(uid + ": CONNACK reason " + ack.reasonCode());
    }
    return c;
  }

  /** A JSON-RPC client that has completed {@code connect} (it fails unless the result's reasonCode is 1). */
  public static WsClient jsonRpc(int port, String uid, String token) throws InterruptedException {
    WsClient c = new WsClient(port, uid, 0, true);
    c.call("connect", new JsonObject().put("uid", uid).put("token", token).put("deviceId", uid + "-rpc")
        .put("deviceFlag", 1).put("clientTimestamp", System.currentTimeMillis()));
    JsonObject res = c.awaitJson(o -> "c1".equals(o.getString("id")));
    if (res.getJsonObject("result") == null || res.getJsonObject("result").getInteger("reasonCode") != 1) {
      throw new AssertionError(uid + ": connect answered " + res.encode());
    }
    return c;
  }

  private final class Listener implements WebSocket.Listener {
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final StringBuilder text = new StringBuilder();

    @Override
    public CompletionStage<?> onBinary(WebSocket w, ByteBuffer data, boolean last) {
      byte[] b = new byte[data.remaining()];
      data.get(b);
      partial.writeBytes(b);
      if (last) {
        decode(partial.toByteArray());
        partial.reset();
      }
      w.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        inbox.add(new JsonObject(text.toString()));
        text.setLength(0);
      }
      w.request(1);
      return null;
    }
  }

  private void decode(byte[] bytes) {
    decoder.adopt(bytes);
    try {
      Packet p;
      while ((p = decoder.next()) != null) {
        if (p instanceof ConnackPacket ack && ack.reasonCode() == 1) {
          crypto = WkCrypto.session(keys.privateKey(), ack.serverKey(), ack.salt());
        } else if (p instanceof RecvPacket r) {
          try {
            p = r.setting().noEncrypt() ? r : crypto.openRecv(r);
          } catch (ProtocolException e) {
            errors.add("RECV " + r.messageId() + " dropped: " + e.getMessage());
            continue;
          }
        }
        inbox.add(p);
      }
    } catch (ProtocolException e) {
      errors.add("undecodable frame: " + e.getMessage());
    }
  }

  /** Sends one message: a sealed SEND (WKProto) or a {@code send} request (JSON-RPC). */
  public void send(long clientSeq, String clientMsgNo, String channelId, int channelType, byte[] payload) {
    if (jsonRpc) {
      call("send", new JsonObject().put("clientMsgNo", clientMsgNo).put("channelId", channelId)
          .put("channelType", channelType).put("payload", java.util.Base64.getEncoder().encodeToString(payload))
          .put("header", new JsonObject().put("redDot", true)));
      return;
    }
    SendPacket sealed = crypto.sealSend(new SendPacket(Flags.RED_DOT, Setting.NONE, clientSeq, clientMsgNo, "",
        channelId, channelType, 0, "", "", payload));
    ws.sendBinary(ByteBuffer.wrap(WkEncoder.encode(sealed, version)), true).join();
  }

  /** Writes one raw WKProto packet, encoded for this connection's version. */
  public void write(Packet p) {
    ws.sendBinary(ByteBuffer.wrap(WkEncoder.encode(p, version)), true).join();
  }

  /** Sends a JSON-RPC request with a fresh string id ({@code c1}, {@code c2}, …) and returns the id. */
  public synchronized String call(String method, JsonObject params) {
    String id = "c" + (++requestIds);
    ws.sendText(new JsonObject().put("method", method).put("id", id).put("params", params).encode(), true).join();
    return id;
  }

  /** The next WKProto packet of this type matching {@code p} (others of any kind that come first are skipped). */
  public <T extends Packet> T awaitPacket(Class<T> type, Predicate<T> p) throws InterruptedException {
    return type.cast(awaitAny(o -> type.isInstance(o) && p.test(type.cast(o)), type.getSimpleName()));
  }

  /** The next JSON-RPC message matching {@code p} (others that come first are skipped). */
  public JsonObject awaitJson(Predicate<JsonObject> p) throws InterruptedException {
    return (JsonObject) awaitAny(o -> o instanceof JsonObject j && p.test(j), "JSON-RPC message");
  }

  /**
   * The payload of the next message received with this payload content test; answers it (RECVACK or
   * {@code recvack}) as an SDK would. Returns the RECV (WKProto) or the {@code recv} params (JSON-RPC).
   */
  public Object awaitRecv(Predicate<byte[]> payload) throws InterruptedException {
    if (jsonRpc) {
      JsonObject n = awaitJson(o -> "recv".equals(o.getString("method"))
          && payload.test(java.util.Base64.getDecoder().decode(o.getJsonObject("params").getString("payload"))));
      JsonObject params = n.getJsonObject("params");
      ws.sendText(new JsonObject().put("method", "recvack").put("params", new JsonObject()
          .put("messageId", params.getString("messageId")).put("messageSeq", params.getLong("messageSeq")))
          .encode(), true).join();
      return params;
    }
    RecvPacket r = awaitPacket(RecvPacket.class, x -> payload.test(x.payload()));
    write(new RecvackPacket(Flags.NONE, r.messageId(), r.messageSeq()));
    return r;
  }

  private Object awaitAny(Predicate<Object> p, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      Object o = left <= 0 ? null : inbox.poll(left, TimeUnit.NANOSECONDS);
      if (o == null) {
        throw new AssertionError(uid + " (" + (jsonRpc ? "JSON-RPC" : "WKProto v" + version + " over WebSocket")
            + "): no " + what + " within " + TIMEOUT + "; errors " + errors + ", closed " + ws.isInputClosed());
      }
      if (p.test(o)) {
        return o;
      }
    }
  }

  /** RECVs this client had to drop (bad msgKey, undecryptable) and undecodable frames. */
  public List<String> errors() {
    synchronized (errors) {
      return new ArrayList<>(errors);
    }
  }

  public boolean closedByServer() {
    return ws.isInputClosed();
  }

  @Override
  public void close() {
    if (!ws.isOutputClosed()) {
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
    }
    ws.abort();
  }
}
