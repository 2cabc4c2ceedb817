package io.jindou.access.gateway;

import io.jindou.model.ChannelKey;
import io.jindou.model.ChannelType;
import io.jindou.model.JindouException;
import io.jindou.model.Message;
import io.jindou.model.Reason;
import io.jindou.proto.ConnackPacket;
import io.jindou.proto.ConnectPacket;
import io.jindou.proto.DisconnectPacket;
import io.jindou.proto.Flags;
import io.jindou.proto.Packet;
import io.jindou.proto.PingPacket;
import io.jindou.proto.PongPacket;
import io.jindou.proto.ProtocolException;
import io.jindou.proto.ProtocolVersion;
import io.jindou.proto.RecvPacket;
import io.jindou.proto.RecvackPacket;
import io.jindou.proto.SendPacket;
import io.jindou.proto.SendackPacket;
import io.jindou.proto.SubPacket;
import io.jindou.proto.SubackPacket;
import io.jindou.proto.WkCrypto;
import io.jindou.proto.WkCryptoSession;
import io.jindou.proto.WkDecoder;
import io.jindou.proto.WkEncoder;
import io.jindou.usecase.SendRequest;
import io.jindou.user.UserService;
import io.vertx.core.Context;
import java.util.ArrayDeque;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One WKProto client connection: the handshake (token, ban, X25519/AES), SEND → owner → SENDACK in arrival
 * order, RECV delivery encrypted for this session with RECVACK tracking and bounded retries, PING/PONG, kicks
 * and backpressure. Every method runs on the connection's event loop ({@link #context}); other threads reach
 * it only through {@code context.runOnContext}. A protocol error closes this connection and nothing else; it
 * never sends a message as anyone but the authenticated uid.
 */
class Session {
  private static final Logger LOG = Logger.getLogger(Session.class.getName());

  enum State { AWAIT_CONNECT, AUTHENTICATING, OPEN, CLOSED }

  /** A SENDACK waiting for its turn (SENDACKs go out in SEND order). */
  private static final class AckSlot {
    final long clientSeq;
    final String clientMsgNo;
    final Object requestId;
    SendackPacket ack;

    AckSlot(long clientSeq, String clientMsgNo, Object requestId) {
      this.clientSeq = clientSeq;
      this.clientMsgNo = clientMsgNo;
      this.requestId = requestId;
    }
  }

  final long id;
  final Context context;
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
  WkCryptoSession crypto;
  private final WkDecoder decoder;
  private final io.jindou.user.RateLimiter.Local packets;
  private final ArrayDeque<AckSlot> acks = new ArrayDeque<>();
  private final UnackedRecvs unacked;
  private long authTimer;
  /** Called once when the session closes (the owning verticle stops tracking it). */
  Runnable transportClosed = () -> {
  };

  Session(long id, Context context, Transport transport, GatewayServices gw) {
    this.id = id;
    this.context = context;
    this.transport = transport;
    this.gw = gw;
    this.decoder = new WkDecoder(gw.config().maxPacketBytes());
    this.unacked = new UnackedRecvs(gw.config().recvUnackedMax());
    this.packets = new io.jindou.user.RateLimiter.Local(gw.config().packetsPerSecond(), gw.config().packetBurst());
    this.authTimer = context.owner().setTimer(gw.config().authTimeoutMs(), t -> {
      if (state == State.AWAIT_CONNECT || state == State.AUTHENTICATING) {
        close("no CONNECT within " + gw.config().authTimeoutMs() + " ms");
      }
    });
  }

  boolean isOpen() {
    return state == State.OPEN;
  }

  /** Bytes from the transport (TCP chunk or WebSocket binary message: both are a stream). */
  void onBytes(byte[] bytes) {
    if (state == State.CLOSED) {
      return;
    }
    stats.inBytes += bytes.length;
    stats.lastActivity = System.currentTimeMillis();
    decoder.adopt(bytes);
    try {
      Packet p;
      while (state != State.CLOSED && (p = decoder.next()) != null) {
        stats.inPackets++;
        onPacket(p, null);
      }
    } catch (ProtocolException e) {
      close("protocol error: " + e.getMessage());
    }
  }

  void onPacket(Packet p, Object requestId) {
    if (state == State.OPEN && p instanceof RecvackPacket r && unacked.ack(r.messageId())) {
      // answers a RECV this server pushed: never rate-limited, or the device would get the message again
      stats.unacked = unacked.size();
      return;
    }
    if (state == State.OPEN && !packets.tryAcquire()) {
      stats.limited++;
      if (p instanceof SendPacket s) {
        stats.inMsgs++;
        AckSlot slot = new AckSlot(s.clientSeq(), s.clientMsgNo(), requestId);
        acks.add(slot);
        complete(slot, 0, 0, Reason.RATE_LIMIT);
      }
      return; // over the packet rate: SENDs are refused with reason 22, other packets dropped
    }
    switch (state) {
      case AWAIT_CONNECT -> {
        if (!(p instanceof ConnectPacket c)) {
          close("first packet must be CONNECT, got " + p.packetType());
          return;
        }
        if (decoder.bufferedBytes() > 0) {
          close("packets sent before CONNACK");
          return;
        }
        state = State.AUTHENTICATING;
        authenticate(c, requestId);
      }
      case AUTHENTICATING -> close(p.packetType() + " sent before CONNACK");
      case OPEN -> {
        if (p instanceof SendPacket s) {
          onSend(s, requestId);
        } else if (p instanceof RecvackPacket r) {
          unacked.ack(r.messageId());
          stats.unacked = unacked.size();
        } else if (p instanceof PingPacket) {
          writePong(requestId);
        } else if (p instanceof DisconnectPacket) {
          close("client disconnected");
        } else if (p instanceof SubPacket sub) {
          writeWire(new SubackPacket(sub.subNo(), sub.channelId(), sub.channelType(), sub.action(),
              Reason.NOT_SUPPORT_CHANNEL_TYPE));
        } else {
          close("unexpected " + p.packetType() + " from a client");
        }
      }
      default -> {
      }
    }
  }

  private void authenticate(ConnectPacket c, Object requestId) {
    int uidMax = gw.sends().limits().idMaxLength(); // the uids /user/token accepts
    if (c.uid().isEmpty() || c.uid().length() > uidMax || !SendTranslator.wellFormed(c.uid())
        || c.deviceId().length() > 128 || !SendTranslator.wellFormed(c.deviceId()) || c.token().length() > 1024) {
      refuse(Reason.AUTH_FAIL, "uid, device id or token is empty, too long or not valid Unicode", requestId);
      return;
    }
    if (c.version() < ProtocolVersion.MIN || c.version() > 255) {
      close("unsupported protocol version " + c.version());
      return;
    }
    uid = c.uid();
    deviceFlag = c.deviceFlag();
    deviceId = c.deviceId();
    version = ProtocolVersion.negotiate(c.version());
    if (UserService.SYSTEM_UID.equals(uid)) {
      refuse(Reason.AUTH_FAIL, "the system account cannot connect", requestId);
      return;
    }
    io.vertx.core.Future<Integer> level = gw.config().tokenAuth()
        ? gw.users().token(uid, deviceFlag).map(t -> {
          if (t == null || !t.token().equals(c.token())) {
            throw new JindouException(JindouException.Kind.UNAUTHORIZED, Reason.AUTH_FAIL, "token mismatch");
          }
          return t.deviceLevel();
        })
        : io.vertx.core.Future.succeededFuture(0);
    level.compose(l -> gw.channels().facts(new ChannelKey(uid, ChannelType.PERSON)).map(facts -> {
      if (facts.exists() && facts.info().ban()) {
        throw JindouException.denied(Reason.BAN, "uid is banned");
      }
      return l;
    })).onComplete(ar -> {
      if (state != State.AUTHENTICATING) {
        return; // closed meanwhile
      }
      if (ar.failed()) {
        refuse(ClientReasons.connack(ar.cause()), ar.cause().getMessage(), requestId);
        return;
      }
      deviceLevel = ar.result();
      try {
        crypto = openCrypto(c);
      } catch (ProtocolException e) {
        refuse(Reason.CLIENT_KEY_IS_EMPTY, e.getMessage(), requestId);
        return;
      }
      context.owner().cancelTimer(authTimer);
      decoder.setVersion(version);
      state = State.OPEN;
      gw.registry().enforceDeviceRules(this, gw.config().kickCloseDelayMs());
      gw.registry().register(this);
      presenceEvent(io.jindou.cluster.Addresses.EVENT_USER_ONLINE);
      writeConnack(c, requestId);
      LOG.fine(() -> "session " + id + " open: uid=" + uid + " flag=" + deviceFlag + " v" + version);
    });
  }

  WkCryptoSession openCrypto(ConnectPacket c) throws ProtocolException {
    return WkCrypto.session(gw.serverKey().privateKey(), c.clientKey(), WkCrypto.randomSalt());
  }

  void writeConnack(ConnectPacket c, Object requestId) {
    long timeDiff = System.currentTimeMillis() - c.clientTimestamp();
    writeWire(ConnackPacket.success(c.version(), timeDiff, gw.serverKey().publicKeyBase64(), crypto.salt(),
        gw.config().nodeId()));
  }

  /** Refuses the CONNECT with a reason code, then closes. */
  void refuse(int reason, String why, Object requestId) {
    LOG.fine(() -> "session " + id + " refused (reason " + reason + "): " + why);
    writeBytes(WkEncoder.encode(ConnackPacket.failure(reason), ProtocolVersion.UNNEGOTIATED_ENCODE_VERSION));
    closeAfter(200, "connect refused: " + why);
  }

  private void onSend(SendPacket wire, Object requestId) {
    stats.inMsgs++;
    AckSlot slot = new AckSlot(wire.clientSeq(), wire.clientMsgNo(), requestId);
    acks.add(slot);
    SendRequest req;
    try {
      req = toRequest(wire);
    } catch (JindouException e) {
      complete(slot, 0, 0, ClientReasons.sendack(e));
      return;
    }
    gw.sends().send(req).onComplete(ar -> {
      if (ar.succeeded()) {
        complete(slot, ar.result().messageId(), ar.result().messageSeq(), Reason.SUCCESS);
      } else {
        complete(slot, 0, 0, ClientReasons.sendack(ar.cause()));
      }
    });
  }

  /** Verifies and decrypts a SEND into the request every edge builds, as this session's uid. */
  SendRequest toRequest(SendPacket wire) {
    return SendTranslator.toRequest(wire, crypto, uid, gw.config().nodeId(), id);
  }

  private void complete(AckSlot slot, long messageId, long messageSeq, int reason) {
    slot.ack = new SendackPacket(Flags.NONE, messageId, slot.clientSeq, messageSeq, reason, "");
    while (!acks.isEmpty() && acks.peek().ack != null && state == State.OPEN) {
      AckSlot s = acks.poll();
      writeSendack(s.ack, s.requestId);
    }
  }

  void writeSendack(SendackPacket ack, Object requestId) {
    writeWire(ack);
  }

  void writePong(Object requestId) {
    writeWire(PongPacket.INSTANCE);
  }

  /** Encodes with the negotiated version and writes one packet. */
  final void writeWire(Packet p) {
    byte[] bytes = WkEncoder.encode(p, version == 0 ? ProtocolVersion.UNNEGOTIATED_ENCODE_VERSION : version);
    writeBytes(bytes);
  }

  final void writeBytes(byte[] bytes) {
    if (state == State.CLOSED) {
      return;
    }
    stats.outPackets++;
    stats.outBytes += bytes.length;
    emit(bytes);
    if (transport.writeQueueFull()) {
      gw.registry().slowClients.incrementAndGet();
      close("slow consumer: outbound queue over " + gw.config().outboundQueueBytes() + " bytes");
    }
  }

  /** Puts one encoded packet on the wire (JSON-RPC sessions write text instead). */
  void emit(byte[] bytes) {
    transport.writePacket(bytes);
  }

  /** Delivers a committed message to this device. */
  void deliver(Message m) {
    if (state != State.OPEN) {
      return;
    }
    boolean own = m.fromUid().equals(uid);
    byte[] wire = encodeRecv(m, own);
    stats.outMsgs++;
    writeBytes(wire);
    if (m.messageSeq() > 0 && !m.noPersist() && state == State.OPEN) {
      unacked.track(m.messageId(), wire, System.currentTimeMillis());
      stats.unacked = unacked.size();
    }
  }

  /** The RECV bytes of {@code m} for this session (encrypted with this session's key). */
  byte[] encodeRecv(Message m, boolean ownDevice) {
    RecvPacket plain = recvPacket(m, ownDevice);
    RecvPacket sealed = plain.setting().noEncrypt() ? plain : crypto.sealRecv(plain);
    return WkEncoder.encode(sealed, version);
  }

  RecvPacket recvPacket(Message m, boolean ownDevice) {
    return RecvView.of(m, uid, ownDevice, version);
  }

  /** Resends RECVs unacknowledged for the retry interval; gives up after the configured attempts. */
  void retryTick(long now) {
    if (state != State.OPEN) {
      return;
    }
    for (byte[] wire : unacked.due(now, gw.config().recvRetryIntervalMs(), gw.config().recvRetryMax())) {
      if (state != State.OPEN) {
        return;
      }
      gw.registry().retries.incrementAndGet();
      writeBytes(wire);
    }
    stats.unacked = unacked.size();
  }

  /** Tells the client why (DISCONNECT), then closes after the configured delay. */
  void kick(int reasonCode, String reason) {
    if (state == State.CLOSED) {
      return;
    }
    writeDisconnect(reasonCode, reason);
    closeAfter(gw.config().kickCloseDelayMs(), "kicked: " + reason);
  }

  void writeDisconnect(int reasonCode, String reason) {
    writeWire(new DisconnectPacket(reasonCode, reason));
  }

  void closeAfter(long delayMs, String why) {
    gw.registry().unregister(this);
    context.owner().setTimer(Math.max(1, delayMs), t -> close(why));
  }

  /** Publishes this device's online/offline event (at-most-once, for event-bus consumers). */
  private void presenceEvent(String address) {
    if (gw.config().events()) {
      context.owner().eventBus().publish(address, new io.vertx.core.json.JsonObject().put("uid", uid)
          .put("device_flag", deviceFlag).put("device_id", deviceId).put("node", gw.config().nodeId())
          .put("conn_id", id));
    }
  }

  /** Closes this connection (idempotent); the registry forgets it at once. */
  void close(String why) {
    if (state == State.CLOSED) {
      return;
    }
    if (state == State.OPEN) {
      presenceEvent(io.jindou.cluster.Addresses.EVENT_USER_OFFLINE);
    }
    state = State.CLOSED;
    context.owner().cancelTimer(authTimer);
    gw.registry().unregister(this);
    gw.openConnections().decrementAndGet();
    LOG.log(Level.FINE, () -> "session " + id + " (" + uid + ") closed: " + why);
    transportClosed.run();
    transport.close();
  }
}
