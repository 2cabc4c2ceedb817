package io.jindou.support;

import io.jindou.proto.ConnackPacket;
import io.jindou.proto.Flags;
import io.jindou.proto.Packet;
import io.jindou.proto.RecvPacket;
import io.jindou.proto.SendPacket;
import io.jindou.proto.Setting;
import io.jindou.proto.WkCrypto;
import io.jindou.proto.WkEncoder;
import io.jindou.tools.WkAsyncClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The tests' blocking view of the load tools' WKProto client ({@link WkAsyncClient}, one client for both, written
 * from the spec rather than from the server's code paths): it does the X25519 handshake, seals SENDs, verifies and
 * decrypts RECVs, and queues every packet the server sends for {@link #await}. It never RECVACKs by itself. The
 * first frame it cannot decode or RECV it cannot decrypt ends the connection and is kept for the failure message,
 * so a test waiting for more packets fails naming it. All clients of a test JVM share one small Vert.x instance.
 */
public final class WkClient implements AutoCloseable {
  private static final Duration IO_TIMEOUT = Duration.ofSeconds(30);
  private static final long CLOSED_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  public final int version;
  public final String uid;
  private final WkAsyncClient client;
  private final LinkedBlockingQueue<Packet> inbox = new LinkedBlockingQueue<>();
  private final List<Packet> seen = Collections.synchronizedList(new ArrayList<>());
  private final CountDownLatch closed = new CountDownLatch(1);
  private volatile String readError;
  public volatile ConnackPacket connack;

  /** The test JVM's client loops, created on first use; the NetClient is a field so it is never collected. */
  private static final class Loops {
    static final Vertx VERTX = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    static final NetClient NET = VERTX.createNetClient(new NetClientOptions().setTcpNoDelay(true)
        .setConnectTimeout(10_000));
  }

  /** The NetClient every test client of this JVM connects with, for tests that drive {@link WkAsyncClient} itself. */
  public static NetClient netClient() {
    return Loops.NET;
  }

  private WkClient(int port, int version, String uid) throws IOException {
    this.version = version;
    this.uid = uid;
    // a raw connection (version 0) still decodes what the server may send before closing it, as version 5
    this.client = new WkAsyncClient(version == 0 ? 5 : version, WkCrypto.generateKeyPair())
        .packetHandler(p -> {
          seen.add(p);
          inbox.add(p);
        })
        .exceptionHandler(e -> {
          if (readError == null) {
            readError = e.toString();
          }
          client().close(); // stop at the first bad frame or RECV, as a reader thread that throws would
        })
        .closeHandler(v -> closed.countDown());
    block(client.open(Loops.NET, "127.0.0.1", port), "connect to port " + port);
  }

  private WkAsyncClient client() {
    return client;
  }

  /** Opens a TCP connection without sending anything. */
  public static WkClient raw(int port) throws IOException {
    return new WkClient(port, 0, "");
  }

  /** Connects and completes the handshake; returns even when the CONNACK refuses (check {@link #connack}). */
  public static WkClient connect(int port, int version, String uid, String token, int deviceFlag, String deviceId)
      throws Exception {
    WkClient c = new WkClient(port, version, uid);
    c.client.login(uid, token, deviceFlag, deviceId); // the CONNACK (or its absence) is awaited from the queue
    c.connack = c.await(ConnackPacket.class, Duration.ofSeconds(10));
    return c;
  }

  public static WkClient connect(int port, int version, String uid, String token) throws Exception {
    return connect(port, version, uid, token, 1, uid + "-device");
  }

  private static void block(Future<?> f, String what) throws IOException {
    try {
      f.toCompletionStage().toCompletableFuture().get(IO_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IOException(what + ": " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new IOException(what + ": no completion within " + IO_TIMEOUT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(what + ": interrupted");
    }
  }

  /** Writes raw bytes; returns once they are handed to the socket. */
  public void write(byte[] bytes) throws IOException {
    block(client.write(bytes), uid + ": write");
  }

  public void send(long clientSeq, String clientMsgNo, String channelId, int channelType, String text, Flags flags)
      throws IOException {
    SendPacket plain = new SendPacket(flags, Setting.NONE, clientSeq, clientMsgNo, "", channelId, channelType, 0, "",
        "", text.getBytes(StandardCharsets.UTF_8));
    block(client.send(plain), uid + ": send");
  }

  public void send(long clientSeq, String channelId, int channelType, String text) throws IOException {
    send(clientSeq, uid + "-" + clientSeq, channelId, channelType, text, Flags.NONE);
  }

  /** A SEND with a msgKey that does not match its content. */
  public void sendWithWrongMsgKey(long clientSeq, String channelId, int channelType) throws IOException {
    SendPacket sealed = client.seal(new SendPacket(Flags.NONE, Setting.NONE, clientSeq, "bad" + clientSeq, "",
        channelId, channelType, 0, "", "", "x".getBytes(StandardCharsets.UTF_8)));
    write(WkEncoder.encode(sealed.withPayload(sealed.payload(), "0123456789abcdef0123456789abcdef"), version));
  }

  public void recvack(RecvPacket r) throws IOException {
    block(client.recvack(r), uid + ": recvack");
  }

  public void ping() throws IOException {
    block(client.ping(), uid + ": ping");
  }

  /** The next packet of this type (others that arrive first are skipped). */
  public <T extends Packet> T await(Class<T> type, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      // once the connection is closed nothing more can arrive: stop waiting when the queue is drained
      Packet p = left <= 0 ? null : inbox.poll(Math.min(left, CLOSED_CHECK_NANOS), TimeUnit.NANOSECONDS);
      if (p == null && !closedByServer() && deadline - System.nanoTime() > 0) {
        continue;
      }
      if (p == null) {
        p = inbox.poll(); // a packet queued just before the close
      }
      if (p == null) {
        throw new AssertionError(uid + ": no " + type.getSimpleName() + " within " + timeout + " (eof="
            + closedByServer() + ", error=" + readError + ", seen=" + seen + ")");
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

  /** Waits until the connection is closed (by the server, or after a frame this client could not read). */
  public boolean awaitClosed(Duration timeout) throws InterruptedException {
    return closed.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** True once the connection is closed (by the server, or after a frame this client could not read). */
  public boolean closedByServer() {
    return closed.getCount() == 0;
  }

  public List<Packet> seen() {
    synchronized (seen) {
      return new ArrayList<>(seen);
    }
  }

  /** Stops reading from the socket, playing a client that no longer reads (a slow consumer). */
  public void pauseReading() {
    client.pause();
  }

  @Override
  public void close() {
    try {
      block(client.close(), uid + ": close");
    } catch (IOException e) {
      // already closed by the server: nothing left to release
    }
  }
}
