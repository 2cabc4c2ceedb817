package io.jindou.tools;

import io.jindou.proto.ConnackPacket;
import io.jindou.proto.ConnectPacket;
import io.jindou.proto.Flags;
import io.jindou.proto.Packet;
import io.jindou.proto.PingPacket;
import io.jindou.proto.ProtocolException;
import io.jindou.proto.RecvPacket;
import io.jindou.proto.RecvackPacket;
import io.jindou.proto.SendPacket;
import io.jindou.proto.WkCrypto;
import io.jindou.proto.WkCryptoSession;
import io.jindou.proto.WkDecoder;
import io.jindou.proto.WkEncoder;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;

/**
 * The repository's one WKProto client, behaving as an official SDK does over TCP: X25519 handshake, msgKey
 * check and AES-CBC decryption of every RECV (optionally answered with a RECVACK at once), SENDs sealed the same
 * way. It is asynchronous and lives on the Vert.x event loop of its socket: the load tools run thousands of them
 * on one loop (about 150k RECVs/s, each decrypted and acknowledged), and the tests drive it through the blocking
 * facade {@code io.jindou.support.WkClient}. Written from {@code spec/wkproto.md}; it shares the codec and crypto
 * of {@code io.jindou.proto} with the server, never the server's session code.
 *
 * <p>It does not ping, reconnect or keep packets by itself: its owner decides. A frame it cannot decode closes
 * the connection; a RECV that fails the msgKey check or decryption is counted ({@link #decryptErrors()}), reported
 * to the exception handler and neither delivered nor acknowledged. Handlers run on the socket's event loop;
 * {@code write}, {@code send}, {@code recvack}, {@code ping}, {@code pause} and {@code close} may be called from any
 * thread. {@link #open} may be called again after {@link #close()}: each connection gets a fresh decoder and
 * crypto session, and events of a replaced connection are ignored. Set the handlers before {@link #open}.
 */
public final class WkAsyncClient {
  /** Largest frame accepted from the server (remaining length), far above any RECV the server may send. */
  static final int MAX_FRAME = 1 << 22;

  private final int version;
  private final WkCrypto.X25519KeyPair keys;
  private Handler<Packet> packetHandler = p -> { };
  private Handler<Throwable> exceptionHandler;
  private Handler<Void> closeHandler;
  private boolean recvackEach;
  private volatile Connection conn;
  private volatile WkCryptoSession crypto;
  private volatile Promise<ConnackPacket> connack;
  /** Written on the event loop only; read by whoever reports. */
  private volatile long decryptErrors;

  /** One TCP connection with its own decoder; {@code closing} stops delivery at once when the owner closes it. */
  private static final class Connection {
    final NetSocket socket;
    final WkDecoder decoder;
    volatile boolean closing;

    Connection(NetSocket socket, WkDecoder decoder) {
      this.socket = socket;
      this.decoder = decoder;
    }
  }

  /**
   * A client speaking protocol {@code version} (1–6: its CONNECT and every packet after it) with this key pair
   * (the load tools share one pair among all their clients, which saves a key generation per connection).
   */
  public WkAsyncClient(int version, WkCrypto.X25519KeyPair keys) {
    this.version = version;
    this.keys = keys;
  }

  /** One key pair for all the load tools' clients of a process (created on first use). */
  private static final class SharedKeys {
    static final WkCrypto.X25519KeyPair KEYS = WkCrypto.generateKeyPair();
  }

  /**
   * A load-tool client, as the official SDKs connect: protocol version 6, the process's shared key pair, a RECVACK
   * for every RECV, and each opened RECV handed to {@code onRecv} (other packets are dropped).
   */
  public static WkAsyncClient sdkLike(Handler<RecvPacket> onRecv) {
    return new WkAsyncClient(6, SharedKeys.KEYS).recvackEach(true).packetHandler(p -> {
      if (p instanceof RecvPacket r) {
        onRecv.handle(r);
      }
    });
  }

  /** Every packet from the server, in order; a RECV arrives decrypted. Runs on the event loop. */
  public WkAsyncClient packetHandler(Handler<Packet> handler) {
    this.packetHandler = handler;
    return this;
  }

  /** When true, every RECV is acknowledged with a RECVACK right after it is opened, as an SDK does. */
  public WkAsyncClient recvackEach(boolean on) {
    this.recvackEach = on;
    return this;
  }

  /**
   * Undecodable frames (the connection is then closed), RECVs that fail decryption, and socket errors. Without a
   * handler Vert.x logs socket errors, and decode and decrypt errors are only counted.
   */
  public WkAsyncClient exceptionHandler(Handler<Throwable> handler) {
    this.exceptionHandler = handler;
    return this;
  }

  /** Called once the current connection is closed, by either side. */
  public WkAsyncClient closeHandler(Handler<Void> handler) {
    this.closeHandler = handler;
    return this;
  }

  /** Opens a TCP connection and sends nothing (the caller may {@link #login} or {@link #write} raw bytes). */
  public Future<Void> open(NetClient net, String host, int port) {
    return net.connect(port, host).map(s -> {
      Connection c = new Connection(s, new WkDecoder(MAX_FRAME, Math.min(version, 6)));
      crypto = null;
      conn = c;
      s.handler(b -> onData(c, b));
      s.closeHandler(v -> onClose(c));
      if (exceptionHandler != null) {
        s.exceptionHandler(exceptionHandler);
      }
      return null;
    });
  }

  /**
   * Sends CONNECT on the open connection. The future completes with the CONNACK whatever its reason (judging a
   * refusal is the caller's business) and fails if the connection closes first. An accepted CONNACK starts the crypto session before any handler sees it.
   */
  public Future<ConnackPacket> login(String uid, String token, int deviceFlag, String deviceId) {
    Promise<ConnackPacket> p = Promise.promise();
    connack = p;
    write(WkEncoder.encode(new ConnectPacket(version, deviceFlag, deviceId, uid, token, System.currentTimeMillis(),
        keys.publicKeyBase64()), version)).onFailure(p::tryFail);
    return p.future();
  }

  /** {@link #open} then {@link #login}. */
  public Future<ConnackPacket> connect(NetClient net, String host, int port, String uid, String token, int deviceFlag,
      String deviceId) {
    return open(net, host, port).compose(v -> login(uid, token, deviceFlag, deviceId));
  }

  /**
   * The load tools' login: {@link #connect} as device flag 1 with device id {@code <uid>-load}, failing unless the
   * server accepts (CONNACK reason 1).
   */
  public Future<Void> connect(NetClient net, String host, int port, String uid, String token) {
    return connect(net, host, port, uid, token, 1, uid + "-load").compose(ack -> ack.reasonCode() == 1
        ? Future.succeededFuture() : Future.failedFuture(uid + ": CONNACK reason " + ack.reasonCode()));
  }

  private void onData(Connection c, Buffer b) {
    if (c.closing) {
      return;
    }
    WkDecoder decoder = c.decoder;
    decoder.adopt(b.getBytes());
    try {
      Packet p;
      while (!c.closing && (p = decoder.next()) != null) {
        if (p instanceof ConnackPacket ack) {
          if (ack.reasonCode() == 1) {
            crypto = WkCrypto.session(keys.privateKey(), ack.serverKey(), ack.salt());
          }
          Promise<ConnackPacket> waiting = connack;
          if (waiting != null) {
            waiting.tryComplete(ack);
          }
        } else if (p instanceof RecvPacket r) {
          WkCryptoSession session = crypto;
          if (session != null && !r.setting().noEncrypt()) {
            try {
              p = session.openRecv(r);
            } catch (ProtocolException e) {
              decryptErrors++;
              report(e);
              continue;
            }
          }
          if (recvackEach) {
            c.socket.write(Buffer.buffer(WkEncoder.encode(new RecvackPacket(Flags.NONE, r.messageId(), r.messageSeq()),
                version)));
          }
        }
        packetHandler.handle(p);
      }
    } catch (ProtocolException e) {
      report(e);
      close(c);
    }
  }

  private void report(Throwable e) {
    if (exceptionHandler != null) {
      exceptionHandler.handle(e);
    }
  }

  private void onClose(Connection c) {
    if (conn != c) {
      return; // an earlier connection, replaced by open()
    }
    Promise<ConnackPacket> waiting = connack;
    if (waiting != null) {
      waiting.tryFail("connection closed before CONNACK");
    }
    if (closeHandler != null) {
      closeHandler.handle(null);
    }
  }

  /** Writes raw bytes (one or more encoded frames, or anything else) on the current connection. */
  public Future<Void> write(byte[] bytes) {
    Connection c = conn;
    return c == null ? Future.failedFuture("not connected") : c.socket.write(Buffer.buffer(bytes));
  }

  /** Seals a plain SEND with the session keys (msgKey and encrypted payload); needs an accepted login. */
  public SendPacket seal(SendPacket plain) {
    WkCryptoSession session = crypto;
    if (session == null) {
      throw new IllegalStateException("no crypto session: the login was not accepted");
    }
    return session.sealSend(plain);
  }

  /** Seals and writes a SEND. */
  public Future<Void> send(SendPacket plain) {
    return write(WkEncoder.encode(seal(plain), version));
  }

  public Future<Void> recvack(RecvPacket r) {
    return write(WkEncoder.encode(new RecvackPacket(Flags.NONE, r.messageId(), r.messageSeq()), version));
  }

  public Future<Void> ping() {
    return write(WkEncoder.encode(PingPacket.INSTANCE, version));
  }

  /** Stops reading from the socket (TCP back-pressure reaches the server): a client that no longer reads. */
  public void pause() {
    Connection c = conn;
    if (c != null) {
      c.socket.pause();
    }
  }

  /** Closes the current connection; nothing more is delivered from it. */
  public Future<Void> close() {
    Connection c = conn;
    return c == null ? Future.succeededFuture() : close(c);
  }

  private static Future<Void> close(Connection c) {
    c.closing = true;
    return c.socket.close();
  }

  /** RECVs that failed the msgKey check or decryption, over every connection of this client. */
  public long decryptErrors() {
    return decryptErrors;
  }

  public int version() {
    return version;
  }
}
