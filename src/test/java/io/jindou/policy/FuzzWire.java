package io.jindou.policy;

import io.jindou.proto.ConnackPacket;
import io.jindou.proto.ConnectPacket;
import io.jindou.proto.DisconnectPacket;
import io.jindou.proto.EventPacket;
import io.jindou.proto.Flags;
import io.jindou.proto.Packet;
import io.jindou.proto.PingPacket;
import io.jindou.proto.PongPacket;
import io.jindou.proto.ProtocolException;
import io.jindou.proto.RecvPacket;
import io.jindou.proto.RecvackPacket;
import io.jindou.proto.SendPacket;
import io.jindou.proto.SendackPacket;
import io.jindou.proto.Setting;
import io.jindou.proto.SubPacket;
import io.jindou.proto.WkCrypto;
import io.jindou.proto.WkCryptoSession;
import io.jindou.proto.WkDecoder;
import io.jindou.proto.WkEncoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * WKProto attack machinery for {@link FuzzTest}: a byte pipe to the gateway over TCP or over binary WebSocket
 * messages ({@link Wire}), the handshake, valid packets to start from, byte-level mutations, and the attack
 * categories (random bytes, lying remaining lengths, zero-length bodies, SEND before CONNECT, mutated
 * CONNECT/SEND/PING/RECVACK/SUB...). Each attack reports whether the server closed the connection or answered.
 */
final class FuzzWire {
  private FuzzWire() {
  }

  /** What the attacks need to know about the node. */
  record Ctx(int tcpPort, int wsPort, String uid, String token, int maxPacket, long authTimeoutMs, long idleTimeoutMs,
      java.util.function.UnaryOperator<String> tokenFor) {
  }

  enum Result { CLOSED, ANSWERED, CLIENT_CLOSED, TIMEOUT, NO_CONNECT, HANDSHAKE_FAILED, BAD_OUTPUT }

  record Outcome(String transport, String category, int index, Result result, String detail) {
    boolean ok() {
      return result == Result.CLOSED || result == Result.ANSWERED || result == Result.CLIENT_CLOSED;
    }

    @Override
    public String toString() {
      return transport + " #" + index + " [" + category + "] " + result + ": " + detail;
    }
  }

  // ----------------------------------------------------------------------------------------------- wires

  /** One client connection: what was written is sent as is; what the server sends is collected. */
  abstract static class Wire implements AutoCloseable {
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private boolean closed;
    private String closeNote = "";
    volatile boolean clientClosing;

    /** TCP: a stream write; WebSocket: one binary message. */
    abstract void write(byte[] b) throws IOException;

    abstract void closeNow();

    synchronized void onData(byte[] b, int n) {
      received.write(b, 0, n);
      notifyAll();
    }

    synchronized void onClosed(String how) {
      if (!closed) {
        closed = true;
        closeNote = how;
      }
      notifyAll();
    }

    synchronized int size() {
      return received.size();
    }

    synchronized byte[] bytesFrom(int mark) {
      byte[] all = received.toByteArray();
      return java.util.Arrays.copyOfRange(all, Math.min(mark, all.length), all.length);
    }

    synchronized boolean closed() {
      return closed;
    }

    synchronized String closeNote() {
      return closeNote;
    }

    /** Waits until {@code cond} holds or the deadline passes; true if it holds. */
    synchronized boolean await(BooleanSupplier cond, long deadlineNanos) throws InterruptedException {
      while (!cond.getAsBoolean()) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
      }
      return true;
    }

    @Override
    public void close() {
      clientClosing = true;
      closeNow();
    }
  }

  static final class Tcp extends Wire {
    private final Socket socket;
    private final OutputStream out;

    Tcp(int port) throws IOException {
      socket = new Socket();
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      socket.setTcpNoDelay(true);
      out = socket.getOutputStream();
      Thread reader = new Thread(() -> {
        byte[] buf = new byte[16384];
        try (InputStream in = socket.getInputStream()) {
          int n;
          while ((n = in.read(buf)) > 0) {
            onData(buf, n);
          }
          onClosed("eof");
        } catch (IOException e) {
          onClosed(clientClosing ? "client closed" : e.toString());
        }
      }, "fuzz-tcp-reader");
      reader.setDaemon(true);
      reader.start();
    }

    @Override
    void write(byte[] b) throws IOException {
      out.write(b);
      out.flush();
    }

    @Override
    void closeNow() {
      try {
        socket.close();
      } catch (IOException e) {
        // already gone
      }
    }
  }

  static final class Ws extends Wire implements WebSocket.Listener {
    private WebSocket ws;

    static Ws open(HttpClient client, int port) throws IOException, InterruptedException {
      Ws w = new Ws();
      try {
        w.ws = client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
            .buildAsync(URI.create("ws://127.0.0.1:" + port + "/"), w).get(10, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        throw new IOException("WebSocket handshake failed: " + e, e);
      }
      return w;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
      webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
      byte[] b = new byte[data.remaining()];
      data.get(b);
      onData(b, b.length);
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      byte[] b = data.toString().getBytes(StandardCharsets.UTF_8);
      onData(b, b.length);
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      onClosed("close frame " + statusCode + " " + reason);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      onClosed(clientClosing ? "client closed" : "error " + error);
    }

    @Override
    void write(byte[] b) throws IOException {
      send(ws.sendBinary(ByteBuffer.wrap(b), true));
    }

    void writeText(String s) throws IOException {
      send(ws.sendText(s, true));
    }

    private void send(java.util.concurrent.CompletableFuture<WebSocket> f) throws IOException {
      try {
        f.get(10, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        throw new IOException(e.getCause());
      } catch (TimeoutException e) {
        throw new IOException("send timed out", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
    }

    @Override
    void closeNow() {
      if (ws != null) {
        ws.abort();
      }
    }
  }

  // ------------------------------------------------------------------------------------------- handshake

  /** An authenticated session on a wire. */
  record Session(WkCryptoSession crypto, int version, int mark) {
  }

  static byte[] connectBytes(int version, String uid, String token, String deviceId, String clientKey) {
    return WkEncoder.encode(new ConnectPacket(version, 1, deviceId, uid, token, System.currentTimeMillis(),
        clientKey), 6);
  }

  /** Connects as {@code uid}; null when no successful CONNACK arrives (detail in {@code why[0]}). */
  static Session handshake(Wire w, int version, String uid, String token, String deviceId, String[] why)
      throws IOException, InterruptedException {
    WkCrypto.X25519KeyPair keys = WkCrypto.generateKeyPair();
    w.write(connectBytes(version, uid, token, deviceId, keys.publicKeyBase64()));
    int negotiated = version <= 0 || version > 6 ? 6 : version;
    ConnackPacket[] ack = new ConnackPacket[1];
    String[] err = new String[1];
    w.await(() -> {
      if (w.closed()) {
        return true;
      }
      try {
        WkDecoder d = new WkDecoder(1 << 22, negotiated);
        d.feed(w.bytesFrom(0));
        Packet p = d.next();
        if (p instanceof ConnackPacket c) {
          ack[0] = c;
          return true;
        }
        if (p != null) {
          err[0] = "first packet is " + p;
          return true;
        }
        return false;
      } catch (ProtocolException e) {
        err[0] = "undecodable CONNACK: " + e.getMessage() + " " + hex(w.bytesFrom(0), 64);
        return true;
      }
    }, System.nanoTime() + TimeUnit.SECONDS.toNanos(10));
    if (ack[0] == null || ack[0].reasonCode() != 1) {
      why[0] = ack[0] != null ? "CONNACK reason " + ack[0].reasonCode()
          : err[0] != null ? err[0] : w.closed() ? "closed before CONNACK: " + w.closeNote() : "no CONNACK in 10 s";
      return null;
    }
    try {
      return new Session(WkCrypto.session(keys.privateKey(), ack[0].serverKey(), ack[0].salt()), negotiated, w.size());
    } catch (ProtocolException e) {
      why[0] = "bad server key: " + e.getMessage();
      return null;
    }
  }

  // ------------------------------------------------------------------------------------------- packets

  static final int[] FRAME_TYPES = {1, 2, 3, 4, 5, 6, 9, 10, 11, 12};

  static byte[] varint(long n) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    do {
      int digit = (int) (n & 0x7F);
      n >>>= 7;
      out.write(n > 0 ? digit | 0x80 : digit);
    } while (n > 0);
    return out.toByteArray();
  }

  static byte[] frame(int header, byte[] body) {
    return FuzzBodies.concat(new byte[] {(byte) header}, varint(body.length), body);
  }

  static byte[] randomBytes(Random r, int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    return b;
  }

  static String weirdChannel(Random r) {
    return FuzzBodies.pick(r, new String[] {"fz-online", "fz-online2", "fz-g1", "fz-g2", "fz-u1", "fz-online@"
        + "fz-online", "fz-u1@fz-online", "fz-online@x", "", "@", "a@b@c", "fz-g1____cmd", "____system", "#&",
        "x".repeat(257), "x".repeat(258), "y".repeat(5000), "中文", "\u0000", "fz-sink"});
  }

  /** A valid client packet for an open session, built field by field (sometimes with odd but encodable values). */
  static byte[] validClientPacket(Random r, Session s, boolean odd) {
    int v = s.version();
    switch (r.nextInt(7)) {
      case 0:
      case 1:
      case 2: {
        boolean plain = r.nextInt(3) == 0;
        int settingBits = odd ? r.nextInt(256) : (plain ? Setting.NO_ENCRYPT : 0);
        if (plain) {
          settingBits |= Setting.NO_ENCRYPT;
        }
        String channel = odd ? weirdChannel(r) : FuzzBodies.pick(r, new String[] {"fz-sink", "fz-g1", "fz-online"});
        int type = odd ? r.nextInt(256) : FuzzBodies.pick(r, new Integer[] {1, 2, 1});
        byte[] payload = randomBytes(r, odd && r.nextInt(10) == 0 ? 60_000 + r.nextInt(100_000) : r.nextInt(64));
        String topic = (settingBits & Setting.TOPIC) != 0 ? (odd && r.nextInt(4) == 0 ? "t".repeat(60_000) : "fz-topic")
            : "";
        String cmn = odd && r.nextInt(5) == 0 ? "c".repeat(r.nextInt(3) == 0 ? 60_000 : 200) : "fz-" + r.nextLong();
        Flags flags = odd ? Flags.fromBits(r.nextInt(16)) : Flags.NONE;
        long expire = odd ? r.nextLong() & 0xFFFF_FFFFL : 0;
        SendPacket p = new SendPacket(flags, Setting.of(settingBits), r.nextLong() & 0xFFFF_FFFFL, cmn,
            (settingBits & Setting.STREAM) != 0 ? "fz-stream" : "", channel, type, expire, "", topic, payload);
        if ((settingBits & Setting.NO_ENCRYPT) == 0) {
          p = s.crypto().sealSend(p);
        }
        return WkEncoder.encode(p, v);
      }
      case 3:
        return WkEncoder.encode(PingPacket.INSTANCE, v);
      case 4: {
        long seq = odd ? r.nextLong() & (v >= 6 ? -1L : 0xFFFF_FFFFL) : r.nextInt(100);
        return WkEncoder.encode(new RecvackPacket(odd ? Flags.fromBits(r.nextInt(16)) : Flags.NONE,
            odd ? r.nextLong() : r.nextInt(1000), seq), v);
      }
      case 5:
        return WkEncoder.encode(new SubPacket(Setting.of(odd ? r.nextInt(256) : 0), "sub-" + r.nextInt(100),
            odd ? weirdChannel(r) : "fz-g1", odd ? r.nextInt(256) : 2, odd ? r.nextInt(256) : 0,
            odd ? "p".repeat(r.nextInt(300)) : ""), v);
      default:
        // packets a client must not send: the server closes
        switch (r.nextInt(6)) {
          case 0:
            return WkEncoder.encode(PongPacket.INSTANCE, v);
          case 1:
            return WkEncoder.encode(new DisconnectPacket(r.nextInt(256), "bye"), v);
          case 2:
            return WkEncoder.encode(new SendackPacket(Flags.NONE, r.nextLong(), 1, 1, 1, ""), v);
          case 3:
            return WkEncoder.encode(new EventPacket("e", "t", r.nextLong(), randomBytes(r, 10)), v);
          case 4:
            return connectBytes(6, "fz-other", "x", "d", "");
          default:
            return WkEncoder.encode(ConnackPacket.failure(1), v);
        }
    }
  }

  /** Applies 1..3 random byte-level mutations. */
  static byte[] mutate(Random r, byte[] in) {
    byte[] b = in;
    for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) {
      b = mutateOnce(r, b);
    }
    return b;
  }

  static byte[] mutateOnce(Random r, byte[] b) {
    if (b.length == 0) {
      return randomBytes(r, 1 + r.nextInt(8));
    }
    int at = r.nextInt(b.length);
    switch (r.nextInt(11)) {
      case 0: { // bit flip
        byte[] c = b.clone();
        c[at] ^= (byte) (1 << r.nextInt(8));
        return c;
      }
      case 1: { // interesting byte
        byte[] c = b.clone();
        c[at] = (byte) FuzzBodies.pick(r, new Integer[] {0x00, 0xFF, 0x7F, 0x80, 0x01, 0xC0, 0xED})
            .intValue();
        return c;
      }
      case 2: // truncation
        return java.util.Arrays.copyOf(b, at);
      case 3: { // duplicate a slice
        int len = 1 + r.nextInt(Math.min(64, b.length - at));
        return FuzzBodies.concat(java.util.Arrays.copyOf(b, at + len), java.util.Arrays.copyOfRange(b, at, at + len),
            java.util.Arrays.copyOfRange(b, at + len, b.length));
      }
      case 4: { // delete a slice
        int len = 1 + r.nextInt(Math.min(16, b.length - at));
        return FuzzBodies.concat(java.util.Arrays.copyOf(b, at), new byte[0],
            java.util.Arrays.copyOfRange(b, at + len, b.length));
      }
      case 5: // insert random bytes
        return FuzzBodies.concat(java.util.Arrays.copyOf(b, at), randomBytes(r, 1 + r.nextInt(16)),
            java.util.Arrays.copyOfRange(b, at, b.length));
      case 6: { // repeat the whole thing
        byte[] c = b;
        for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) {
          c = FuzzBodies.concat(c, b, new byte[0]);
        }
        return c;
      }
      case 7: { // lie in the remaining length (frames whose type is not one byte)
        if (b.length < 2 || (b[0] & 0xF0) == 0x70 || (b[0] & 0xF0) == 0x80) {
          return FuzzBodies.concat(b, new byte[] {(byte) r.nextInt(256)}, new byte[0]);
        }
        int old = 1;
        while (old < 5 && old < b.length && (b[old] & 0x80) != 0) {
          old++;
        }
        long claimed = FuzzBodies.pick(r, new Long[] {0L, 1L, 127L, 128L, 16383L, 16384L, (long) b.length + 1,
            (long) b.length * 2, 0x0FFF_FFFFL, (long) r.nextInt(1 << 21)});
        return FuzzBodies.concat(new byte[] {b[0]}, varint(claimed),
            java.util.Arrays.copyOfRange(b, Math.min(old + 1, b.length), b.length));
      }
      case 8: { // another type nibble
        byte[] c = b.clone();
        c[0] = (byte) (r.nextInt(16) << 4 | (c[0] & 0x0F));
        return c;
      }
      case 9: { // header flags
        byte[] c = b.clone();
        c[0] = (byte) ((c[0] & 0xF0) | r.nextInt(16));
        return c;
      }
      default: // random tail
        return FuzzBodies.concat(b, randomBytes(r, 1 + r.nextInt(32)), new byte[0]);
    }
  }

  /** Splits {@code b} into 1..6 writes (WebSocket: messages). */
  static List<byte[]> chunks(Random r, byte[] b) {
    List<byte[]> out = new ArrayList<>();
    if (b.length < 2 || r.nextInt(4) != 0) {
      out.add(b);
      return out;
    }
    int pieces = 2 + r.nextInt(5);
    int from = 0;
    for (int i = 1; i < pieces && from < b.length - 1; i++) {
      int to = from + 1 + r.nextInt(b.length - from - 1);
      out.add(java.util.Arrays.copyOfRange(b, from, to));
      from = to;
    }
    out.add(java.util.Arrays.copyOfRange(b, from, b.length));
    return out;
  }

  // ------------------------------------------------------------------------------------------- attacks

  /** Category → how many of each per 2000 TCP attacks (scaled for WebSocket). */
  static final String[][] CATEGORIES = {{"random-bytes", "300"}, {"random-frame", "250"},
      {"lying-length-then-close", "150"}, {"lying-length-then-wait", "150"}, {"length-over-limit", "80"},
      {"five-byte-varint", "60"}, {"zero-length-body", "80"}, {"connect-then-garbage", "150"},
      {"send-before-connect", "80"}, {"mutated-connect", "300"}, {"mutated-after-connack", "400"}};

  static List<String> plan(Random r, int total) {
    List<String> out = new ArrayList<>();
    int sum = 0;
    for (String[] c : CATEGORIES) {
      sum += Integer.parseInt(c[1]);
    }
    for (String[] c : CATEGORIES) {
      int n = Math.max(1, Math.round((float) Integer.parseInt(c[1]) * total / sum));
      for (int i = 0; i < n; i++) {
        out.add(c[0]);
      }
    }
    while (out.size() > total) {
      out.remove(out.size() - 1);
    }
    java.util.Collections.shuffle(out, r);
    return out;
  }

  interface Opener {
    Wire open() throws IOException, InterruptedException;
  }

  /** Runs one attack and classifies how the server dealt with it. */
  static Outcome attack(String transport, int index, String cat, Random r, Ctx ctx, Opener opener) {
    Wire w;
    try {
      w = opener.open();
    } catch (Exception e) {
      return new Outcome(transport, cat, index, Result.NO_CONNECT, e.toString());
    }
    try {
      return run(transport, index, cat, r, ctx, w);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome(transport, cat, index, Result.TIMEOUT, "interrupted");
    } finally {
      w.close();
    }
  }

  private static Outcome run(String transport, int index, String cat, Random r, Ctx ctx, Wire w)
      throws InterruptedException {
    String uidDevice = "dev-" + Long.toHexString(r.nextLong());
    byte[] attack;
    Session session = null;
    boolean closeAfter = false;
    switch (cat) {
      case "random-bytes": {
        attack = randomBytes(r, FuzzBodies.pick(r, new Integer[] {1, 2, 3, 5, 8, 16, 64, 256, 1024, 3000}));
        if (r.nextBoolean()) {
          attack[0] = (byte) (FRAME_TYPES[r.nextInt(FRAME_TYPES.length)] << 4 | r.nextInt(16));
        }
        break;
      }
      case "random-frame": {
        int len = r.nextInt(100) == 0 ? 1 << 20 : r.nextInt(600);
        attack = frame(FRAME_TYPES[r.nextInt(FRAME_TYPES.length)] << 4 | r.nextInt(16), randomBytes(r, len));
        break;
      }
      case "lying-length-then-close":
      case "lying-length-then-wait": {
        int sent = r.nextInt(200);
        long claimed = sent + 1 + (r.nextBoolean() ? r.nextInt(50) : r.nextInt(ctx.maxPacket() - sent));
        attack = FuzzBodies.concat(new byte[] {(byte) (FRAME_TYPES[r.nextInt(FRAME_TYPES.length)] << 4)},
            varint(claimed), randomBytes(r, sent));
        if (r.nextInt(3) == 0) { // a real CONNECT that claims more than it carries
          byte[] c = connectBytes(6, ctx.uid(), ctx.token(), uidDevice, WkCrypto.generateKeyPair().publicKeyBase64());
          byte[] body = java.util.Arrays.copyOfRange(c, 2, c.length);
          attack = FuzzBodies.concat(new byte[] {c[0]}, varint(body.length + 1 + r.nextInt(1000)), body);
        }
        closeAfter = cat.endsWith("close");
        break;
      }
      case "length-over-limit": {
        long claimed = FuzzBodies.pick(r, new Long[] {(long) ctx.maxPacket() + 1, (long) ctx.maxPacket() + 1000,
            0x0FFF_FFFFL, (long) ctx.maxPacket() + 1 + r.nextInt(0x0FFF_FFFF - ctx.maxPacket())});
        attack = FuzzBodies.concat(new byte[] {(byte) (FRAME_TYPES[r.nextInt(FRAME_TYPES.length)] << 4)},
            varint(claimed), randomBytes(r, r.nextInt(100)));
        break;
      }
      case "five-byte-varint":
        attack = FuzzBodies.concat(new byte[] {(byte) (FRAME_TYPES[r.nextInt(FRAME_TYPES.length)] << 4)},
            FuzzBodies.pick(r, new byte[][] {{(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01},
                {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0x7F},
                {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x00},
                {(byte) 0x81, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x00}}), randomBytes(r, r.nextInt(20)));
        break;
      case "zero-length-body": {
        attack = new byte[] {(byte) (FRAME_TYPES[r.nextInt(FRAME_TYPES.length)] << 4 | r.nextInt(16)), 0};
        if (r.nextBoolean()) {
          attack = FuzzBodies.concat(attack, connectBytes(6, ctx.uid(), ctx.token(), uidDevice,
              WkCrypto.generateKeyPair().publicKeyBase64()), new byte[0]);
        }
        break;
      }
      case "send-before-connect": {
        Session fake = new Session(WkCrypto.session("0123456789abcdef", "0123456789abcdef"),
            1 + r.nextInt(6), 0);
        attack = validClientPacket(r, fake, r.nextBoolean());
        if (r.nextBoolean()) {
          attack = FuzzBodies.concat(attack, connectBytes(6, ctx.uid(), ctx.token(), uidDevice,
              WkCrypto.generateKeyPair().publicKeyBase64()), new byte[0]);
        }
        break;
      }
      case "mutated-connect": {
        String key = r.nextInt(5) == 0 ? FuzzBodies.pick(r, new String[] {"", "x", "AAAA", "////",
            "=".repeat(44)}) : WkCrypto.generateKeyPair().publicKeyBase64();
        int version = r.nextInt(4) == 0 ? r.nextInt(256) : 1 + r.nextInt(6);
        byte[] c = WkEncoder.encode(new ConnectPacket(version, r.nextInt(4) == 0 ? r.nextInt(256) : 1, uidDevice,
            r.nextInt(5) == 0 ? FuzzBodies.pick(r, new String[] {"", "____system", "x".repeat(129), "fz-online"})
                : ctx.uid(), r.nextInt(5) == 0 ? "wrong" : ctx.token(), r.nextLong(), key), 6);
        attack = r.nextInt(5) == 0 ? c : mutate(r, c);
        break;
      }
      case "connect-then-garbage":
      case "mutated-after-connack": {
        if (cat.equals("connect-then-garbage") && r.nextBoolean()) {
          // garbage (or a valid PING) in the same write as the CONNECT: "packets sent before CONNACK"
          attack = FuzzBodies.concat(connectBytes(6, ctx.uid(), ctx.token(), uidDevice,
              WkCrypto.generateKeyPair().publicKeyBase64()), r.nextInt(4) == 0 ? new byte[] {0x70}
              : randomBytes(r, 1 + r.nextInt(200)), new byte[0]);
          break;
        }
        String[] why = new String[1];
        // a uid of its own: RECV copies of other sessions' sends would otherwise reach this one and keep it busy
        String uid = ctx.uid() + "-" + transport + "-" + index;
        try {
          session = handshake(w, 1 + r.nextInt(6), uid, ctx.tokenFor().apply(uid), uidDevice, why);
        } catch (IOException e) {
          why[0] = e.toString();
        }
        if (session == null) {
          return new Outcome(transport, cat, index, Result.HANDSHAKE_FAILED, why[0]);
        }
        if (cat.equals("connect-then-garbage")) {
          attack = randomBytes(r, 1 + r.nextInt(300));
        } else {
          ByteArrayOutputStream seq = new ByteArrayOutputStream();
          int n = 1 + r.nextInt(4);
          int victim = r.nextInt(n);
          for (int i = 0; i < n; i++) {
            boolean odd = r.nextInt(3) == 0;
            byte[] p = validClientPacket(r, session, odd);
            seq.writeBytes(i == victim && (!odd || r.nextBoolean()) ? mutate(r, p) : p);
          }
          attack = seq.toByteArray();
        }
        break;
      }
      default:
        throw new IllegalArgumentException(cat);
    }
    int mark = w.size();
    String what = hex(attack, 48) + " (" + attack.length + " bytes)";
    try {
      for (byte[] part : chunks(r, attack)) {
        w.write(part);
        if (r.nextInt(4) == 0) {
          Thread.sleep(r.nextInt(3));
        }
      }
      if (closeAfter) {
        return new Outcome(transport, cat, index, Result.CLIENT_CLOSED, what);
      }
      if (session != null) {
        w.write(WkEncoder.encode(PingPacket.INSTANCE, session.version())); // something to answer
      }
    } catch (IOException e) {
      // the server closed while we were still writing
      return new Outcome(transport, cat, index, Result.CLOSED, what + " write failed: " + e.getMessage());
    }
    long wait = session != null ? ctx.idleTimeoutMs() + 3000 : ctx.authTimeoutMs() + 3000;
    Session s = session;
    String[] bad = new String[1];
    boolean done = w.await(() -> w.closed() || answered(w, mark, s, bad), System.nanoTime()
        + TimeUnit.MILLISECONDS.toNanos(wait));
    if (bad[0] != null) {
      return new Outcome(transport, cat, index, Result.BAD_OUTPUT, what + ": " + bad[0]);
    }
    if (!done) {
      return new Outcome(transport, cat, index, Result.TIMEOUT, what + ": neither answered nor closed within "
          + wait + " ms (" + w.size() + " bytes received in total)");
    }
    if (w.closed() && !answered(w, mark, s, bad)) {
      return new Outcome(transport, cat, index, Result.CLOSED, what + " " + w.closeNote());
    }
    return new Outcome(transport, cat, index, Result.ANSWERED, what);
  }

  /**
   * Whether the server sent something in reply after {@code mark}. For an open session the bytes must decode
   * as WKProto, and RECVs (deliveries from other fuzzed traffic) do not count.
   */
  static boolean answered(Wire w, int mark, Session s, String[] bad) {
    byte[] got = w.bytesFrom(mark);
    if (got.length == 0) {
      return false;
    }
    if (s == null) {
      return true;
    }
    WkDecoder d = new WkDecoder(1 << 22, s.version());
    d.feed(got);
    try {
      Packet p;
      while ((p = d.next()) != null) {
        if (!(p instanceof RecvPacket)) {
          return true;
        }
      }
    } catch (ProtocolException e) {
      bad[0] = "server sent undecodable bytes: " + e.getMessage() + " " + hex(got, 64);
      return true;
    }
    return false;
  }

  // ------------------------------------------------------------------------------------------- JSON-RPC

  /** A JSON-RPC (text frame) attack on the WebSocket port. */
  static Outcome rpcAttack(int index, Random r, Ctx ctx, HttpClient client) {
    String cat;
    Ws w;
    try {
      w = Ws.open(client, ctx.wsPort());
    } catch (Exception e) {
      return new Outcome("ws-text", "open", index, Result.NO_CONNECT, e.toString());
    }
    try {
      List<String> frames = new ArrayList<>();
      boolean binaryAfter = false;
      int kind = r.nextInt(6);
      switch (kind) {
        case 0 -> {
          cat = "rpc-not-an-object";
          frames.add(FuzzBodies.pick(r, new String[] {"", " ", "[1]", "null", "x", "\"s\"", "42", "\u0000{", "}{"}));
        }
        case 1 -> {
          cat = "rpc-malformed-first";
          frames.add(new String(FuzzBodies.garbage(r, new FuzzBodies.Endpoint("/", false, List.of())),
              StandardCharsets.UTF_8).replaceFirst("^\\s*", "{"));
        }
        case 2 -> {
          cat = "rpc-bad-connect";
          frames.add(rpcConnect(r, ctx, true));
        }
        default -> {
          cat = "rpc-after-connect";
          String uid = ctx.uid() + "-rpc-" + index;
          frames.add(rpcConnect(r, new Ctx(ctx.tcpPort(), ctx.wsPort(), uid, ctx.tokenFor().apply(uid), ctx.maxPacket(),
              ctx.authTimeoutMs(), ctx.idleTimeoutMs(), ctx.tokenFor()), false));
          for (int i = 0, n = 1 + r.nextInt(5); i < n; i++) {
            frames.add(rpcRequest(r));
          }
          binaryAfter = r.nextInt(8) == 0;
          frames.add("{\"method\":\"ping\",\"id\":\"last\"}");
        }
      }
      int mark = 0;
      String what = abbreviate(String.join(" | ", frames), 200);
      try {
        for (int i = 0; i < frames.size(); i++) {
          if (i == frames.size() - 1) {
            mark = w.size();
          }
          w.writeText(frames.get(i));
          if (i == 0 && frames.size() > 1) { // wait for the connect result before the requests
            w.await(() -> w.size() > 0 || w.closed(), System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
          }
        }
        if (binaryAfter) {
          mark = w.size();
          w.write(new byte[] {0x70});
        }
      } catch (IOException e) {
        return new Outcome("ws-text", cat, index, Result.CLOSED, what + " write failed: " + e.getMessage());
      }
      int m = mark;
      boolean done = w.await(() -> w.closed() || w.size() > m, System.nanoTime()
          + TimeUnit.MILLISECONDS.toNanos(ctx.idleTimeoutMs() + 3000));
      if (!done) {
        return new Outcome("ws-text", cat, index, Result.TIMEOUT, what);
      }
      return new Outcome("ws-text", cat, index, w.size() > m ? Result.ANSWERED : Result.CLOSED, what);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome("ws-text", "?", index, Result.TIMEOUT, "interrupted");
    } finally {
      w.close();
    }
  }

  private static String rpcConnect(Random r, Ctx ctx, boolean bad) {
    java.util.Map<String, Object> p = new java.util.LinkedHashMap<>();
    p.put("uid", ctx.uid());
    p.put("token", ctx.token());
    p.put("deviceFlag", 1);
    p.put("deviceId", "rpc-" + r.nextLong());
    p.put("clientTimestamp", System.currentTimeMillis());
    if (bad) {
      for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) {
        p.put(FuzzBodies.pick(r, new String[] {"uid", "token", "deviceFlag", "deviceId", "clientTimestamp",
            "version", "clientKey"}), FuzzBodies.weird(r));
      }
    }
    java.util.Map<String, Object> req = new java.util.LinkedHashMap<>();
    req.put("jsonrpc", "2.0");
    req.put("method", "connect");
    req.put("id", bad && r.nextBoolean() ? FuzzBodies.weirdScalar(r) : "c");
    req.put("params", bad && r.nextInt(5) == 0 ? FuzzBodies.weird(r) : p);
    return utf8(FuzzBodies.write(req));
  }

  private static String rpcRequest(Random r) {
    java.util.Map<String, Object> params = new java.util.LinkedHashMap<>();
    String method = FuzzBodies.pick(r, new String[] {"send", "send", "send", "recvack", "ping", "nonsense", "",
        "connect", "SEND"});
    if (method.equals("send") || r.nextInt(4) == 0) {
      params.put("clientMsgNo", "rpc-" + r.nextInt(1000));
      params.put("channelId", FuzzBodies.pick(r, new String[] {"fz-sink", "fz-online", "fz-g1"}));
      params.put("channelType", 1 + r.nextInt(2));
      params.put("payload", "eA==");
      if (r.nextBoolean()) {
        params.put("header", java.util.Map.of("redDot", true, "syncOnce", r.nextBoolean()));
      }
    } else if (method.equals("recvack")) {
      params.put("messageId", "123");
      params.put("messageSeq", 1);
    }
    for (int i = 0, n = r.nextInt(3); i < n; i++) {
      params.put(FuzzBodies.pick(r, new String[] {"clientMsgNo", "channelId", "channelType", "payload", "topic",
          "expire", "header", "messageId", "messageSeq"}), r.nextInt(6) == 0 && r.nextBoolean()
          ? "t".repeat(100_000) : FuzzBodies.weird(r));
    }
    java.util.Map<String, Object> req = new java.util.LinkedHashMap<>();
    req.put("method", r.nextInt(10) == 0 ? FuzzBodies.weirdScalar(r) : method);
    req.put("id", r.nextInt(5) == 0 ? FuzzBodies.weird(r) : "r" + r.nextInt(100));
    req.put("params", r.nextInt(10) == 0 ? FuzzBodies.weirdScalar(r) : params);
    String s = utf8(FuzzBodies.write(req));
    return r.nextInt(10) == 0 ? s.substring(0, r.nextInt(s.length())) : s;
  }

  private static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  // ------------------------------------------------------------------------------------------- util

  static String hex(byte[] b, int max) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(b.length, max); i++) {
      sb.append(String.format("%02x", b[i] & 0xFF));
    }
    return b.length > max ? sb + "…" : sb.toString();
  }

  static String abbreviate(String s, int max) {
    String t = s.replaceAll("[^\\x20-\\x7E\\u00A0-\\uD7FF\\uE000-\\uFFFC]", "·");
    return t.length() > max ? t.substring(0, max) + "…(" + s.length() + " chars)" : t;
  }
}
