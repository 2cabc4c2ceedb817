package io.jindou.access.gateway;

import io.jindou.cluster.Addresses;
import io.jindou.model.EventDelivery;
import io.jindou.model.Message;
import io.jindou.model.Reason;
import io.jindou.proto.ConnectPacket;
import io.jindou.proto.DisconnectPacket;
import io.jindou.proto.Packet;
import io.jindou.proto.PingPacket;
import io.jindou.proto.RecvackPacket;
import io.jindou.proto.SendPacket;
import io.jindou.proto.SubPacket;
import io.jindou.proto.SubackPacket;
import io.vertx.core.Context;
import io.vertx.core.json.JsonObject;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One client connection's state machine, whatever its dialect: its states (the way to CONNACK is its
 * {@link Handshake}'s, SENDs and their SENDACKs in arrival order its {@link SendAcks}'), RECV delivery with RECVACK
 * tracking and bounded retries, PING, SUB, kicks, the per-connection packet rate, the frame deadline,
 * backpressure (a slow consumer is closed) and close. How input becomes
 * packets and answers become frames — WKProto bytes sealed with this connection's key, or JSON-RPC text — is
 * its {@link SessionCodec}'s. Every method runs on the connection's event loop ({@link #context}); other
 * threads reach it only through {@code context.runOnContext}. A protocol error closes this connection and
 * nothing else; it never sends a message as anyone but the authenticated uid.
 */
final class Session implements SessionCodec.Inbound {
  private static final Logger LOG = Logger.getLogger(Session.class.getName());

  enum State { AWAIT_CONNECT, AUTHENTICATING, OPEN, CLOSED }

  final long id;
  final Context context;
  /** The deliveries of this session's loop, shared with the other sessions on it. */
  final DeliveryPump pump;
  final Transport transport;
  final GatewayServices gw;
  final long createdAt = System.currentTimeMillis();
  final SessionStats stats = new SessionStats();
  State state = State.AWAIT_CONNECT;
  int version;
  String uid = "";
  int deviceFlag;
  String deviceId = "";
  int deviceLevel;
  /** Unsent bytes past which the peer is a slow consumer: this connection's share ({@link #share}). */
  private int outboundLimit;
  /** Set at creation (TCP) or by the first WebSocket message, which picks the dialect; never changed after. */
  private SessionCodec codec;
  private final PacketRate packets;
  private final SendAcks sends = new SendAcks(this);
  private final UnackedRecvs unacked;
  /** The way to CONNACK while the session is not open; null once it is open or closed. */
  private Handshake handshake;
  /** The deadline of a frame that has started arriving and is not complete. */
  private final FrameDeadline frameDeadline;
  /** Called once when the session closes (the owning verticle stops tracking it). */
  Runnable transportClosed = () -> {
  };

  Session(long id, DeliveryPump pump, Transport transport, GatewayServices gw, SessionCodec codec) {
    this.id = id;
    this.pump = pump;
    this.context = pump.context();
    this.transport = transport;
    this.gw = gw;
    this.codec = codec;
    this.unacked = new UnackedRecvs(gw.config().recvUnackedMax());
    this.packets = new PacketRate(gw.config().packetsPerSecond(), gw.config().packetBurst());
    this.handshake = new Handshake(this);
    this.frameDeadline = new FrameDeadline(context.owner(), gw.config().frameDeadlineMs(), this::close);
  }

  boolean isOpen() {
    return state == State.OPEN;
  }

  /** Whether the dialect is known (a WebSocket learns it from its first message). */
  boolean hasCodec() {
    return codec != null;
  }

  /** Sets the dialect of a WebSocket session at its first message; once. */
  void useCodec(SessionCodec c) {
    if (codec != null) {
      throw new IllegalStateException("session " + id + " already has a codec");
    }
    codec = c;
  }

  /** The largest frame or WebSocket message this connection may send now: small until CONNACK. */
  int frameLimit() {
    return state == State.OPEN ? gw.config().maxPacketBytes() : gw.config().preAuthFrameBytes();
  }

  /** A TCP chunk or binary WebSocket message (both are a stream). */
  void onBinary(byte[] bytes) {
    if (state == State.CLOSED) {
      return;
    }
    long now = System.currentTimeMillis();
    stats.inBytes += bytes.length;
    stats.lastActivity = now;
    long packetsBefore = stats.inPackets;
    codec.readBinary(bytes, this);
    if (state != State.CLOSED) {
      frameDeadline.afterRead(now, codec.inputPending(), stats.inPackets != packetsBefore);
    }
  }

  /** A WebSocket text message ({@code inBytes} counts its characters). */
  void onText(String text) {
    if (state == State.CLOSED) {
      return;
    }
    stats.inBytes += text.length();
    stats.lastActivity = System.currentTimeMillis();
    codec.readText(text, this);
  }

  @Override
  public boolean closed() {
    return state == State.CLOSED;
  }

  @Override
  public void onMalformed(Object requestId, String why) {
    stats.inPackets++;
    byte[] answer = state == State.OPEN ? codec.error(requestId, why) : null;
    if (answer == null) {
      close(why);
    } else {
      write(answer);
    }
  }

  /** A RECVACK read in place: the acknowledgement of a pushed RECV costs no packet; anything else goes the usual way. */
  @Override
  public void onRecvack(int flags, long messageId, long messageSeq) {
    if (ackedPush(messageId)) {
      stats.inPackets++;
      return;
    }
    onPacket(new RecvackPacket(io.jindou.proto.Flags.fromBits(flags), messageId, messageSeq), null);
  }

  /**
   * Whether {@code messageId} answers a RECV this server pushed and is waiting for (then forgotten and its round trip
   * recorded). Such an acknowledgement is never rate-limited, or the device would get the message again.
   */
  private boolean ackedPush(long messageId) {
    if (state != State.OPEN) {
      return false;
    }
    long sentAt = unacked.ack(messageId);
    if (sentAt < 0) {
      return false;
    }
    stats.unacked = unacked.size();
    gw.metrics().recvAck(System.currentTimeMillis() - sentAt);
    return true;
  }

  @Override
  public void onPacket(Packet p, Object requestId) {
    stats.inPackets++;
    if (p instanceof RecvackPacket r && ackedPush(r.messageId())) {
      return;
    }
    if (state == State.OPEN && !packets.tryAcquire()) {
      gw.metrics().rateLimited(false);
      if (p instanceof SendPacket s) {
        stats.inMsgs++;
        sends.refuse(s, requestId, Reason.RATE_LIMIT);
      }
      return; // over the packet rate: SENDs are refused with reason 22, other packets dropped
    }
    switch (state) {
      case AWAIT_CONNECT -> {
        if (!(p instanceof ConnectPacket c)) {
          close("first packet must be CONNECT, got " + p.packetType());
          return;
        }
        if (codec.inputPending()) {
          close("packets sent before CONNACK");
          return;
        }
        state = State.AUTHENTICATING;
        handshake.authenticate(c, requestId);
      }
      case AUTHENTICATING -> close(p.packetType() + " sent before CONNACK");
      case OPEN -> {
        if (p instanceof SendPacket s) {
          stats.inMsgs++;
          sends.send(s, requestId);
        } else if (p instanceof RecvackPacket r) {
          unacked.ack(r.messageId());
          stats.unacked = unacked.size();
        } else if (p instanceof PingPacket) {
          write(codec.pong(requestId));
        } else if (p instanceof DisconnectPacket) {
          close("client disconnected");
        } else if (p instanceof SubPacket sub) {
          // Jindou delivers a channel's messages to its subscribers, never to a connection that SUBs to it.
          // WuKongIM v1, the only version that implemented SUB (for data channels only), answered every other
          // channel type with 23 NotSupportChannelType; v2 ignores SUB and v3 closes the connection. Answering
          // 23 tells the app the truth (its subscribe listener gets the code) and keeps the connection.
          write(codec.suback(new SubackPacket(sub.subNo(), sub.channelId(), sub.channelType(), sub.action(),
              Reason.NOT_SUPPORT_CHANNEL_TYPE), requestId));
        } else {
          close("unexpected " + p.packetType() + " from a client");
        }
      }
      default -> {
      }
    }
  }

  private String clientAddress;

  /** The key this connection's client is counted under ({@link io.jindou.access.net.ClientAddress}). */
  String clientAddress() {
    if (clientAddress == null) {
      clientAddress = io.jindou.access.net.ClientAddress.key(transport.remoteHost());
    }
    return clientAddress;
  }

  /** The handshake succeeded: the session is open and no longer needs its {@link Handshake}. */
  void opened() {
    handshake.end();
    handshake = null;
    state = State.OPEN;
  }

  SessionCodec codec() {
    return codec;
  }

  /** Writes one frame from the codec; closes a connection whose peer does not read (slow consumer). */
  void write(byte[] frame) {
    if (state == State.CLOSED) {
      return;
    }
    codec.emit(transport, frame);
    written(frame.length);
  }

  /** Counts a frame of {@code bytes} handed to the transport; closes the connection when its peer does not read. */
  private void written(int bytes) {
    stats.outPackets++;
    stats.outBytes += bytes;
    if (transport.writeQueueFull()) {
      gw.registry().slowClients.incrementAndGet();
      close("slow consumer: outbound queue over " + outboundLimit + " bytes");
    }
  }

  /** Applies this connection's current shares of the node's memory for what its peer has not taken yet. */
  void share(int outboundBytes, int unackedMessages) {
    if (outboundBytes != outboundLimit) {
      outboundLimit = outboundBytes;
      transport.outboundLimit(outboundBytes);
    }
    unacked.bound(unackedMessages);
  }

  /** The client dialect, for the metrics: {@code wkproto}, {@code jsonrpc}, or {@code unknown} before it is known. */
  String dialect() {
    SessionCodec c = codec;
    return c == null ? "unknown" : c instanceof JsonRpcCodec ? "jsonrpc" : "wkproto";
  }

  /**
   * Delivers a committed message to this device, in the view {@code views} built (or builds) for the devices of its
   * batch; false when the session is not open (nothing written).
   */
  boolean deliver(Message m, RecvView.Memo views) {
    if (state != State.OPEN) {
      return false;
    }
    stats.outMsgs++;
    written(codec.writeRecv(transport, views.of(uid, m.fromUid().equals(uid), version)));
    if (m.messageSeq() > 0 && !m.noPersist() && state == State.OPEN) {
      unacked.track(m, System.currentTimeMillis());
      stats.unacked = unacked.size();
    }
    return true;
  }

  /**
   * Shows a stored stream event to this device, when its dialect can decode one ({@link SessionCodec#event});
   * never tracked for acknowledgement: a device that misses one catches up through eventsync.
   */
  void deliverEvent(EventDelivery e) {
    if (state != State.OPEN) {
      return;
    }
    byte[] wire = EventView.wire(e, uid, codec);
    if (wire != null) {
      write(wire);
    }
  }

  /**
   * Closes the connection once it has been idle for {@code idle_timeout_seconds} (no timer per connection: the
   * gateway's periodic tick calls this); resends RECVs unacknowledged for the retry interval, giving up after the
   * configured attempts.
   */
  void retryTick(long now) {
    long idleMs = gw.config().idleTimeoutSeconds() * 1000L;
    if (idleMs > 0 && state != State.CLOSED && stats.idle(now, idleMs)) {
      close("idle for " + gw.config().idleTimeoutSeconds() + " s");
      return;
    }
    if (state != State.OPEN) {
      return;
    }
    for (Message m : unacked.due(now, gw.config().recvRetryIntervalMs(), gw.config().recvRetryMax())) {
      if (state != State.OPEN) {
        return;
      }
      gw.registry().retries.incrementAndGet();
      // the same bytes as the first time: the view, the key and the IV are the session's
      written(codec.writeRecv(transport, RecvView.of(m, uid, m.fromUid().equals(uid), version)));
    }
    stats.unacked = unacked.size();
  }

  /** Tells the client why (DISCONNECT), then closes after the configured delay. */
  void kick(int reasonCode, String reason) {
    if (state == State.CLOSED) {
      return;
    }
    write(codec.disconnect(reasonCode, reason));
    closeAfter(gw.config().kickCloseDelayMs(), "kicked: " + reason);
  }

  void closeAfter(long delayMs, String why) {
    gw.registry().unregister(this);
    context.owner().setTimer(Math.max(1, delayMs), t -> close(why));
  }

  /** Publishes this device's online/offline event (at-most-once, for event-bus consumers). */
  void presenceEvent(String address) {
    if (gw.config().events()) {
      context.owner().eventBus().publish(address, new JsonObject().put("uid", uid).put("device_flag", deviceFlag)
          .put("device_id", deviceId).put("node", gw.config().nodeId()).put("conn_id", id));
    }
  }

  /** Closes this connection (idempotent); the registry forgets it at once. */
  @Override
  public void close(String why) {
    if (state == State.CLOSED) {
      return;
    }
    if (state == State.OPEN) {
      presenceEvent(Addresses.EVENT_USER_OFFLINE);
    }
    state = State.CLOSED;
    if (handshake != null) {
      handshake.end();
      handshake = null;
    }
    frameDeadline.cancel();
    gw.registry().unregister(this);
    gw.openConnections().decrementAndGet();
    LOG.log(Level.FINE, () -> "session " + id + " (" + uid + ") closed: " + why);
    transportClosed.run();
    transport.close();
  }
}
