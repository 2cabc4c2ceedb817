package io.jindou.access.eventbus;

import io.jindou.cluster.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Logger;

/**
 * One bridge client connection ({@link BridgeServer}): reads length-prefixed frames, checks each before acting,
 * and talks to the event bus on the client's behalf.
 *
 * <pre>
 * frame    = length (4 bytes, big-endian, 1..limit; 0 is an empty, malformed frame) · UTF-8 JSON object
 * limit    = preauth_frame_max_bytes until a frame has carried the secret, then bridge_frame_max_bytes
 * in       : send (replyAddress → one reply frame) · publish · register · unregister · ping
 * out      : {"type":"message","address","headers":{},"body","send"} · {"type":"err",...} · {"type":"pong"}
 * </pre>
 *
 * <p>A length over the limit is answered with an error frame and the connection is closed before a byte of the
 * body is kept; so is a wrong or missing secret (one guess per connection). A frame that is correctly framed but
 * not a valid bridge frame ({@link BridgeFrame.Bad}), an address outside the allow-list, a registration past
 * {@code bridge_registrations_max} or a request past {@code bridge_inflight_max} get an error frame and the
 * connection goes on. A client that does not read its events (unsent bytes past
 * {@code bridge_outbound_queue_bytes}) is closed. Every refusal is one FINE log line, never a stack trace.
 * Confined to the connection's event loop.
 */
final class BridgeConnection {
  private static final Logger LOG = Logger.getLogger(BridgeConnection.class.getName());

  private final Vertx vertx;
  private final NetSocket socket;
  private final BridgeServer.Options o;
  private final byte[] secret;
  private final Map<String, MessageConsumer<Object>> registered = new HashMap<>();
  private boolean authenticated;
  private boolean closed;
  private int inflight;
  /** Bytes of the frame being read (its length prefix included until it is known), or null between frames. */
  private Buffer pending;
  private int frameLength = -1;

  BridgeConnection(Vertx vertx, NetSocket socket, BridgeServer.Options o) {
    this.vertx = vertx;
    this.socket = socket;
    this.o = o;
    this.secret = o.secret().getBytes(StandardCharsets.UTF_8);
    this.authenticated = o.secret().isEmpty();
    socket.setWriteQueueMaxSize(o.outboundQueueBytes());
    socket.handler(this::onData);
    socket.closeHandler(v -> cleanUp());
    socket.exceptionHandler(e -> close("socket error: " + e.getMessage()));
  }

  private void onData(Buffer chunk) {
    int at = 0;
    while (!closed && at < chunk.length()) {
      if (frameLength < 0) {
        int take = Math.min(4 - size(), chunk.length() - at);
        append(chunk, at, take);
        at += take;
        if (size() < 4) {
          return;
        }
        long length = pending.getUnsignedInt(0);
        pending = null;
        int limit = authenticated ? o.frameMaxBytes() : o.preAuthFrameBytes();
        if (length == 0) {
          refuse("malformed frame: empty"); // still in step with the stream: the next frame starts here
          continue;
        }
        if (length > limit) {
          refuseAndClose("frame too large: length=" + length + ", max=" + limit
              + (authenticated ? "" : " before a frame has carried the secret"));
          return;
        }
        frameLength = (int) length;
      }
      int take = Math.min(frameLength - size(), chunk.length() - at);
      append(chunk, at, take);
      at += take;
      if (size() == frameLength) {
        Buffer frame = pending;
        pending = null;
        frameLength = -1;
        onFrame(frame);
      }
    }
  }

  private int size() {
    return pending == null ? 0 : pending.length();
  }

  private void append(Buffer chunk, int from, int n) {
    if (pending == null) {
      pending = Buffer.buffer(frameLength < 0 ? 4 : Math.min(frameLength, 64 * 1024));
    }
    pending.appendBuffer(chunk, from, n);
  }

  private void onFrame(Buffer bytes) {
    BridgeFrame f;
    try {
      f = BridgeFrame.parse(bytes);
    } catch (BridgeFrame.Bad e) {
      refuse(e.getMessage());
      return;
    }
    if (!secret(f)) {
      refuseAndClose("access_denied");
      return;
    }
    switch (f.type()) {
      case "ping" -> write(new JsonObject().put("type", "pong"));
      case "send" -> send(f);
      case "publish" -> {
        if (inbound(f.address())) {
          vertx.eventBus().publish(f.address(), f.body());
        }
      }
      case "register" -> register(f.address());
      case "unregister" -> unregister(f.address());
      default -> refuse("unknown_type");
    }
  }

  /**
   * Whether the frame may act: with a secret configured every frame but a ping must carry it (compared in time
   * that depends only on the length of what the client sent); the first frame that does lifts the small
   * pre-auth frame limit.
   */
  private boolean secret(BridgeFrame f) {
    if (secret.length == 0) {
      return true;
    }
    if (f.secret() == null && f.type().equals("ping")) {
      return true;
    }
    boolean ok = f.secret() != null
        && MessageDigest.isEqual(f.secret().getBytes(StandardCharsets.UTF_8), secret);
    authenticated |= ok;
    return ok;
  }

  private boolean inbound(String address) {
    if (address.startsWith(Addresses.API_PREFIX) && address.length() > Addresses.API_PREFIX.length()) {
      return true;
    }
    refuse("access_denied");
    return false;
  }

  private void send(BridgeFrame f) {
    if (!inbound(f.address())) {
      return;
    }
    EventBus bus = vertx.eventBus();
    if (f.replyAddress() == null) {
      bus.send(f.address(), f.body());
      return;
    }
    if (inflight >= o.inflightMax()) {
      refuse("too many requests in flight: max " + o.inflightMax() + " per connection");
      return;
    }
    inflight++;
    bus.request(f.address(), f.body()).onComplete(ar -> {
      inflight--;
      if (ar.succeeded()) {
        Message<Object> reply = ar.result();
        write(new JsonObject().put("type", "message").put("address", f.replyAddress())
            .put("headers", new JsonObject()).put("body", reply.body()).put("send", true));
        return;
      }
      JsonObject err = new JsonObject().put("type", "err").put("address", f.replyAddress())
          .put("sourceAddress", f.address());
      if (ar.cause() instanceof ReplyException r) {
        err.put("failureCode", r.failureCode()).put("failureType", r.failureType().name())
            .put("message", r.getMessage());
      } else {
        err.put("failureCode", -1).put("failureType", "RECIPIENT_FAILURE").put("message", "request failed");
      }
      write(err);
    });
  }

  private void register(String address) {
    if (!outbound(address) || registered.containsKey(address)) {
      return; // registering twice is one registration, as before: the second is not a second consumer
    }
    if (registered.size() >= o.registrationsMax()) {
      refuse("too many registrations: max " + o.registrationsMax() + " addresses per connection");
      return;
    }
    registered.put(address, vertx.eventBus().consumer(address, m -> {
      write(new JsonObject().put("type", "message").put("address", m.address()).put("headers", new JsonObject())
          .put("body", m.body()).put("send", m.isSend()));
      if (!closed && socket.writeQueueFull()) {
        close("slow consumer: over " + o.outboundQueueBytes() + " unsent bytes");
      }
    }));
  }

  private void unregister(String address) {
    if (!outbound(address)) {
      return;
    }
    MessageConsumer<Object> c = registered.remove(address);
    if (c == null) {
      refuse("unknown_address");
    } else {
      c.unregister();
    }
  }

  private boolean outbound(String address) {
    if (address.startsWith(Addresses.EVENT_PREFIX) && address.length() > Addresses.EVENT_PREFIX.length()) {
      return true;
    }
    refuse("access_denied");
    return false;
  }

  private void refuse(String message) {
    LOG.fine(() -> "bridge " + socket.remoteAddress() + ": refused a frame: " + message);
    write(new JsonObject().put("type", "err").put("message", message));
  }

  private void refuseAndClose(String message) {
    write(new JsonObject().put("type", "err").put("message", message));
    close(message);
  }

  private void write(JsonObject frame) {
    if (closed) {
      return;
    }
    byte[] json = frame.encode().getBytes(StandardCharsets.UTF_8);
    socket.write(Buffer.buffer(4 + json.length).appendInt(json.length).appendBytes(json));
  }

  private void close(String why) {
    if (closed) {
      return;
    }
    LOG.fine(() -> "bridge " + socket.remoteAddress() + " closed: " + why);
    cleanUp();
    socket.close();
  }

  private void cleanUp() {
    closed = true;
    pending = null;
    registered.values().forEach(MessageConsumer::unregister);
    registered.clear();
  }
}
