package io.jindou.support;

import io.jindou.proto.ConnackPacket;
import io.jindou.proto.ConnectPacket;
import io.jindou.proto.Flags;
import io.jindou.proto.Packet;
import io.jindou.proto.PingPacket;
import io.jindou.proto.RecvPacket;
import io.jindou.proto.RecvackPacket;
import io.jindou.proto.SendPacket;
import io.jindou.proto.Setting;
import io.jindou.proto.WkCrypto;
import io.jindou.proto.WkCryptoSession;
import io.jindou.proto.WkDecoder;
import io.jindou.proto.WkEncoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A WKProto client over raw TCP written from the spec (not from the server's code paths): it does the X25519
 * handshake, seals SENDs, verifies and decrypts RECVs, and queues every packet the server sends.
 */
public final class WkClient implements AutoCloseable {
  public final int version;
  public final String uid;
  private final Socket socket;
  private final OutputStream out;
  private final LinkedBlockingQueue<Packet> inbox = new LinkedBlockingQueue<>();
  private final WkCrypto.X25519KeyPair keys = WkCrypto.generateKeyPair();
  private final List<Packet> seen = java.util.Collections.synchronizedList(new ArrayList<>());
  private volatile WkCryptoSession crypto;
  private volatile boolean eof;
  private volatile boolean paused;
  private volatile String readError;
  public volatile ConnackPacket connack;

  private WkClient(int port, int version, String uid) throws IOException {
    this.version = version;
    this.uid = uid;
    this.socket = new Socket("127.0.0.1", port);
    this.socket.setTcpNoDelay(true);
    this.out = socket.getOutputStream();
    Thread reader = new Thread(this::readLoop, "wkclient-" + uid);
    reader.setDaemon(true);
    reader.start();
  }

  /** Opens a TCP connection without sending anything. */
  public static WkClient raw(int port) throws IOException {
    return new WkClient(port, 0, "");
  }

  /** Connects and completes the handshake; returns even when the CONNACK refuses (check {@link #connack}). */
  public static WkClient connect(int port, int version, String uid, String token, int deviceFlag, String deviceId)
      throws Exception {
    WkClient c = new WkClient(port, version, uid);
    c.write(WkEncoder.encode(new ConnectPacket(version, deviceFlag, deviceId, uid, token, System.currentTimeMillis(),
        c.keys.publicKeyBase64()), version));
    ConnackPacket ack = c.await(ConnackPacket.class, Duration.ofSeconds(10));
    c.connack = ack;
    if (ack.reasonCode() == 1) {
      c.crypto = WkCrypto.session(c.keys.privateKey(), ack.serverKey(), ack.salt());
    }
    return c;
  }

  public static WkClient connect(int port, int version, String uid, String token) throws Exception {
    return connect(port, version, uid, token, 1, uid + "-device");
  }

  private void readLoop() {
    byte[] buf = new byte[65536];
    try (InputStream in = socket.getInputStream()) {
      WkDecoder decoder = new WkDecoder(1 << 22, version == 0 ? 5 : Math.min(version, 6));
      int n;
      while (true) {
        while (paused && !socket.isClosed()) {
          Thread.sleep(20);
        }
        n = in.read(buf);
        if (n <= 0) {
          break;
        }
        decoder.feed(buf, 0, n);
        Packet p;
        while ((p = decoder.next()) != null) {
          if (p instanceof RecvPacket r && crypto != null && !r.setting().noEncrypt()) {
            p = crypto.openRecv(r); // throws if the server's msgKey or ciphertext is wrong
          }
          seen.add(p);
          inbox.add(p);
        }
      }
    } catch (Exception e) {
      readError = e.toString();
    } finally {
      eof = true;
    }
  }

  public void write(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  public void send(long clientSeq, String clientMsgNo, String channelId, int channelType, String text, Flags flags)
      throws IOException {
    SendPacket plain = new SendPacket(flags, Setting.NONE, clientSeq, clientMsgNo, "", channelId, channelType, 0, "",
        "", text.getBytes(StandardCharsets.UTF_8));
    write(WkEncoder.encode(crypto.sealSend(plain), version));
  }

  public void send(long clientSeq, String channelId, int channelType, String text) throws IOException {
    send(clientSeq, uid + "-" + clientSeq, channelId, channelType, text, Flags.NONE);
  }

  /** A SEND with a msgKey that does not match its content. */
  public void sendWithWrongMsgKey(long clientSeq, String channelId, int channelType) throws IOException {
    SendPacket sealed = crypto.sealSend(new SendPacket(Flags.NONE, Setting.NONE, clientSeq, "bad" + clientSeq, "",
        channelId, channelType, 0, "", "", "x".getBytes(StandardCharsets.UTF_8)));
    write(WkEncoder.encode(sealed.withPayload(sealed.payload(), "0123456789abcdef0123456789abcdef"), version));
  }

  public void recvack(RecvPacket r) throws IOException {
    write(WkEncoder.encode(new RecvackPacket(Flags.NONE, r.messageId(), r.messageSeq()), version));
  }

  public void ping() throws IOException {
    write(WkEncoder.encode(PingPacket.INSTANCE, version));
  }

  /** The next packet of this type (others that arrive first are skipped). */
  public <T extends Packet> T await(Class<T> type, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      Packet p = left <= 0 ? null : inbox.poll(left, TimeUnit.NANOSECONDS);
      if (p == null) {
        throw new AssertionError(uid + ": no " + type.getSimpleName() + " within " + timeout + " (eof=" + eof
            + ", error=" + readError + ", seen=" + seen + ")");
      }
      if (type.isInstance(p)) {
        return type.cast(p);
      }
    }
  }

  /** The next packet of this type, or null if none arrives within the timeout. */
  public <T extends Packet> T poll(Class<T> type, Duration timeout) throws InterruptedException {
    try {
      return await(type, timeout);
    } catch (AssertionError e) {
      return null;
    }
  }

  public static String text(RecvPacket r) {
    return new String(r.payload(), StandardCharsets.UTF_8);
  }

  /** Waits until the server has closed the connection. */
  public boolean awaitClosed(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!eof && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    return eof;
  }

  public boolean closedByServer() {
    return eof;
  }

  public List<Packet> seen() {
    synchronized (seen) {
      return new ArrayList<>(seen);
    }
  }

  /** Stops reading from the socket, playing a client that no longer reads (a slow consumer). */
  public void pauseReading() {
    paused = true;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
