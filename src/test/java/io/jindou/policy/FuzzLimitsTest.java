package io.jindou.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.proto.PongPacket;
import io.jindou.support.TestNode;
import io.jindou.support.WkClient;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The fuzz campaign's second half, for what {@link FuzzTest} does not reach: many hostile connections held open
 * before authentication at once (TCP and WebSocket: idle, a frame started and stalled within the 4 KiB pre-auth
 * limit, a frame over it, a header byte of a type no client sends, broken or empty WebSocket fragmentation, a
 * half-sent upgrade), and random frames at the TCP event-bus bridge. The node must close each connection at
 * once or at its deadline, hold little memory per connection meanwhile (measured, and bounded), count them in
 * {@code /varz}, answer every bridge frame or close that one connection, and log no stack trace; a healthy
 * client keeps getting PONGs throughout.
 *
 * <p>Seeded like {@link FuzzTest} ({@code -Dfuzz.seed=N}); counts: {@code -Dfuzz.preauth} (connections held at
 * once) and {@code -Dfuzz.bridge} (bridge frames).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FuzzLimitsTest {
  static final long SEED = Long.getLong("fuzz.seed", System.nanoTime());
  static final int PREAUTH = Integer.getInteger("fuzz.preauth", 600);
  static final int BRIDGE_FRAMES = Integer.getInteger("fuzz.bridge", 1500);
  /** Long enough that every hostile connection is still held when the heap is measured, even on a loaded host. */
  static final int AUTH_TIMEOUT_MS = 20_000;
  static final int FRAME_DEADLINE_MS = 15_000;
  static final int PREAUTH_MAX = 4096;
  static final String SECRET = "fuzz-secret";
  /**
   * Heap per held connection, server and client sockets together (one JVM): about 14 KB while every Vert.x
   * connection kept a 4.7 KB write queue (two per WebSocket), about 6.8 KB with {@code LeanWriteQueues}; the
   * server-side figure alone is measured in a separate JVM (SECURITY.md, {@code PreAuthFlood}).
   */
  static final long HEAP_PER_CONNECTION_LIMIT = 11 * 1024;

  TestNode node;
  int bridgePort;
  FuzzTest.LogTrap trap;
  WkClient healthy;

  static Random rnd(String phase, int i) {
    return new Random(SEED * 0x9E3779B97F4A7C15L + phase.hashCode() * 1_000_003L + i);
  }

  static String seedNote() {
    return " (seed " + SEED + "; rerun with -Dfuzz.seed=" + SEED + ")";
  }

  @BeforeAll
  void start() throws Exception {
    System.out.println("FuzzLimitsTest seed " + SEED);
    bridgePort = TestNode.freePort();
    node = new TestNode(Map.of("auth_timeout_ms", AUTH_TIMEOUT_MS, "frame_deadline_ms", FRAME_DEADLINE_MS,
        "bridge_port", bridgePort, "bridge_secret", SECRET, "max_connections_per_ip", 100_000,
        "bridge_inflight_max", 4, "bridge_registrations_max", 4));
    trap = new FuzzTest.LogTrap();
    Logger.getLogger("").addHandler(trap);
    node.token("fl-healthy", "t", 0);
    healthy = WkClient.connect(node.tcpPort, 6, "fl-healthy", "t");
    assertEquals(1, healthy.connack.reasonCode());
  }

  @AfterAll
  void stop() throws Exception {
    if (healthy != null) {
      healthy.close();
    }
    if (trap != null) {
      Logger.getLogger("").removeHandler(trap);
    }
    if (node != null) {
      node.close();
    }
  }

  // ------------------------------------------------------------------------------------------ pre-auth flood

  /** One hostile connection: how it was opened, whether it must be refused at once, and its socket. */
  record Hostile(String kind, boolean refusedAtOnce, Socket socket) {
  }

  static final String[] KINDS = {"tcp-idle", "tcp-partial", "tcp-over", "tcp-server-type", "ws-no-upgrade",
      "ws-idle", "ws-partial", "ws-over", "ws-bad-fragments", "ws-text-partial"};

  Hostile open(int i) throws IOException {
    Random r = rnd("preauth", i);
    String kind = KINDS[r.nextInt(KINDS.length)];
    boolean ws = kind.startsWith("ws");
    Socket s = new Socket();
    s.connect(new InetSocketAddress("127.0.0.1", ws ? node.wsPort : node.tcpPort), 5000);
    s.setTcpNoDelay(true);
    OutputStream out = s.getOutputStream();
    boolean atOnce = false;
    switch (kind) {
      case "tcp-idle" -> {
      }
      case "tcp-partial" -> {
        int claim = 50 + r.nextInt(PREAUTH_MAX - 50);
        out.write(header(0x10, claim));
        out.write(FuzzWire.randomBytes(r, r.nextInt(claim)));
      }
      case "tcp-over" -> {
        int claim = PREAUTH_MAX + 1 + r.nextInt(2_000_000);
        out.write(header(0x10 | r.nextInt(16), claim));
        out.write(FuzzWire.randomBytes(r, r.nextInt(8192)));
        atOnce = true;
      }
      case "tcp-server-type" -> {
        int[] serverOnly = {2, 4, 5, 8, 11};
        out.write(serverOnly[r.nextInt(serverOnly.length)] << 4 | r.nextInt(16));
        atOnce = true;
      }
      case "ws-no-upgrade" -> out.write("GET / HTTP/1.1\r\nHost: x\r\nUpgr".getBytes(StandardCharsets.US_ASCII));
      case "ws-idle" -> upgrade(s);
      case "ws-partial" -> {
        upgrade(s);
        int claim = 10 + r.nextInt(PREAUTH_MAX);
        out.write(wsHeader(true, 2, claim));
        out.write(FuzzWire.randomBytes(r, r.nextInt(claim)));
      }
      case "ws-text-partial" -> {
        upgrade(s);
        int claim = 10 + r.nextInt(PREAUTH_MAX);
        out.write(wsHeader(true, 1, claim));
        out.write("{\"method\":\"connect\",\"params\":{".getBytes(StandardCharsets.UTF_8));
      }
      case "ws-over" -> {
        upgrade(s);
        int claim = PREAUTH_MAX + 2048 + r.nextInt(1_000_000);
        out.write(wsHeader(true, r.nextBoolean() ? 1 : 2, claim));
        out.write(FuzzWire.randomBytes(r, Math.min(claim, 8192)));
        atOnce = true;
      }
      case "ws-bad-fragments" -> {
        upgrade(s);
        int op = r.nextBoolean() ? 1 : 2;
        switch (r.nextInt(4)) {
          case 0 -> { // the freeze of issue 17: an empty first fragment
            out.write(wsHeader(false, op, 0));
            out.write(wsHeader(true, 0, 1));
            out.write(0x70);
          }
          case 1 -> { // a continuation with no message to continue
            out.write(wsHeader(true, 0, 1));
            out.write(0x10);
          }
          case 2 -> { // a new message inside an unfinished one
            out.write(wsHeader(false, op, 1));
            out.write('{');
            out.write(wsHeader(true, 3 - op, 1));
            out.write('x');
          }
          default -> { // fragments that add up to more than the pre-auth limit
            for (int k = 0; k < 3; k++) {
              out.write(wsHeader(false, k == 0 ? op : 0, 2000));
              out.write(new byte[2000]);
            }
          }
        }
        atOnce = true;
      }
      default -> throw new IllegalStateException(kind);
    }
    out.flush();
    return new Hostile(kind, atOnce, s);
  }

  @Test
  @Order(1)
  void manyHostileUnauthenticatedConnectionsAreCheapAndAllClosed() throws Exception {
    trap.phase("preauth");
    long baseline = FuzzTest.settledHeap();
    long t0 = System.nanoTime();
    List<Hostile> all = new ArrayList<>();
    Map<String, Integer> opened = new TreeMap<>();
    Map<String, Integer> refusedAtAccept = new TreeMap<>();
    for (int i = 0; i < PREAUTH; i++) {
      try {
        Hostile h = open(i);
        all.add(h);
        opened.merge(h.kind(), 1, Integer::sum);
      } catch (IOException e) {
        refusedAtAccept.merge(e.getClass().getSimpleName(), 1, Integer::sum);
      }
    }
    long openedMs = (System.nanoTime() - t0) / 1_000_000;
    List<String> problems = new ArrayList<>();
    // the ones that must be refused at once are closed by now (well before any deadline)
    for (Hostile h : all) {
      if (h.refusedAtOnce() && !closingWithin(h.socket(), 2000)) {
        problems.add(h.kind() + " still open 2 s after it was sent");
      }
    }
    long held = all.stream().filter(h -> !h.refusedAtOnce()).count();
    long varz = node.http.get("/varz").json().getLong("connections");
    // client connections the server still held when /varz answered: at least those still open now (opening them
    // all can take longer than a deadline on a loaded machine, so some may be gone already)
    long upgraded = all.stream().filter(h -> !h.refusedAtOnce() && !h.kind().equals("ws-no-upgrade")
        && stillOpen(h.socket())).count();
    long during = FuzzTest.settledHeap();
    long open = all.stream().filter(h -> stillOpen(h.socket())).count(); // after the measurement: a lower bound
    long perConnection = open == 0 ? 0 : (during - baseline) / open;
    System.out.printf("pre-auth flood: %d connections opened in %d ms %s, refused while opening %s; %d to be held, "
        + "%d open after the heap measurement, /varz connections %d; heap %.1f MB -> %.1f MB = %d bytes per open "
        + "connection (server and client side)%n", all.size(), openedMs, opened, refusedAtAccept, held, open, varz,
        baseline / 1048576.0, during / 1048576.0, perConnection);
    // every connection is closed by its deadline: the upgrade / auth timeout, or the frame deadline
    long deadline = System.nanoTime() + Duration.ofMillis(AUTH_TIMEOUT_MS + 4000).toNanos();
    for (Hostile h : all) {
      long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
      if (!closedWithin(h.socket(), left)) {
        problems.add(h.kind() + " still open after the auth timeout");
      }
      h.socket().close();
    }
    healthy.ping();
    healthy.await(PongPacket.class, Duration.ofSeconds(5));
    long after = node.http.get("/varz").json().getLong("connections");
    assertTrue(problems.isEmpty(), problems.size() + " connections not closed in time" + seedNote() + ": "
        + problems.subList(0, Math.min(20, problems.size())));
    assertTrue(varz + 5 >= upgraded, "/varz counted " + varz + " connections while " + upgraded + " unauthenticated "
        + "client connections were still open");
    assertEquals(1, after, "only the healthy client is left");
    assertTrue(open >= held / 2, "only " + open + " of " + held + " connections were still open when the heap was "
        + "measured");
    assertTrue(perConnection < HEAP_PER_CONNECTION_LIMIT, perConnection + " bytes of heap per unauthenticated "
        + "connection" + seedNote());
    trap.assertClean("preauth");
  }

  /**
   * True when the server has neither closed {@code s} nor started closing it: a 1 ms read times out with no byte.
   * Before authentication the server sends nothing but its WebSocket CLOSE frame, after which it waits for the
   * client's answer (our hostile sockets never give one) with the session already gone.
   */
  static boolean stillOpen(Socket s) {
    try {
      s.setSoTimeout(1);
      return s.getInputStream().read() < -1; // any byte or EOF: closing; a timeout: open
    } catch (SocketTimeoutException e) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** A WKProto fixed header: the header byte and the remaining length. */
  static byte[] header(int headerByte, long remainingLength) {
    return FuzzBodies.concat(new byte[] {(byte) headerByte}, FuzzWire.varint(remainingLength), new byte[0]);
  }

  /** True once the server closes {@code s} or starts closing it (its WebSocket CLOSE frame), within {@code ms}. */
  static boolean closingWithin(Socket s, long ms) throws IOException {
    try {
      s.setSoTimeout((int) Math.max(1, ms));
      s.getInputStream().read();
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  static boolean closedWithin(Socket s, long ms) throws IOException {
    long deadline = System.nanoTime() + ms * 1_000_000;
    try {
      InputStream in = s.getInputStream();
      byte[] b = new byte[4096];
      while (true) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          return false;
        }
        s.setSoTimeout((int) Math.max(1, left));
        if (in.read(b) < 0) {
          return true;
        }
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  static void upgrade(Socket s) throws IOException {
    s.getOutputStream().write(("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    s.setSoTimeout(5000);
    InputStream in = s.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("closed during the upgrade");
      }
      head.append((char) b);
    }
    if (!head.toString().startsWith("HTTP/1.1 101")) {
      throw new IOException("upgrade refused: " + head);
    }
  }

  /** A masked client frame header (mask key zero) claiming {@code length} payload bytes. */
  static byte[] wsHeader(boolean fin, int opcode, long length) {
    ByteArrayOutputStream h = new ByteArrayOutputStream();
    h.write((fin ? 0x80 : 0) | opcode);
    if (length < 126) {
      h.write(0x80 | (int) length);
    } else if (length < 65536) {
      h.write(0x80 | 126);
      h.write((int) (length >>> 8));
      h.write((int) length);
    } else {
      h.write(0x80 | 127);
      for (int i = 7; i >= 0; i--) {
        h.write((int) (length >>> (8 * i)));
      }
    }
    h.writeBytes(new byte[4]);
    return h.toByteArray();
  }

  // ------------------------------------------------------------------------------------------ bridge

  /**
   * A bridge frame to send: its bytes, and whether the server must close the connection after it; {@code either}:
   * the frame's type, address, reply address, headers or string body hold malformed UTF-8, which the JSON decoder
   * may reject (an error frame) or decode with replacement characters (then a missing secret closes the
   * connection), so both are right.
   */
  record BridgeInput(String kind, byte[] bytes, boolean closes, boolean either) {
    BridgeInput(String kind, byte[] bytes, boolean closes) {
      this(kind, bytes, closes, false);
    }
  }

  static byte[] lengthPrefixed(byte[] json) {
    return FuzzBodies.concat(new byte[] {(byte) (json.length >>> 24), (byte) (json.length >>> 16),
        (byte) (json.length >>> 8), (byte) json.length}, json, new byte[0]);
  }

  static BridgeInput bridgeInput(Random r) {
    String[] addresses = {"jindou.api.message.send", "jindou.api.channel.info", "jindou.api.conversation.sync",
        "jindou.api.user.token", "jindou.api.nope", "jindou.event.message", "jindou.event.user.online",
        "jindou.owner.1.0", "__vertx.reply.1", "", "x".repeat(300)};
    String[] types = {"send", "send", "send", "publish", "register", "unregister", "ping", "message", "SEND"};
    int k = r.nextInt(10);
    if (k == 0) { // a length over the frame limit
      int len = 2 * 1024 * 1024 + 1 + r.nextInt(Integer.MAX_VALUE - 3 * 1024 * 1024);
      return new BridgeInput("length-over-limit", FuzzBodies.concat(new byte[] {(byte) (len >>> 24),
          (byte) (len >>> 16), (byte) (len >>> 8), (byte) len}, FuzzWire.randomBytes(r, r.nextInt(64)), new byte[0]),
          true);
    }
    if (k == 1) { // random bytes behind a correct length
      return new BridgeInput("random-json-bytes", lengthPrefixed(FuzzWire.randomBytes(r, 1 + r.nextInt(300))), false);
    }
    if (k == 2) { // a wrong secret
      JsonObject f = new JsonObject().put("type", "send").put("address", "jindou.api.channel.info")
          .put("headers", new JsonObject().put("secret", "guess-" + r.nextInt(100)));
      return new BridgeInput("wrong-secret", lengthPrefixed(f.encode().getBytes(StandardCharsets.UTF_8)), true);
    }
    Map<String, Object> f = new java.util.LinkedHashMap<>();
    f.put("type", r.nextInt(8) == 0 ? FuzzBodies.weird(r) : types[r.nextInt(types.length)]);
    f.put("address", r.nextInt(8) == 0 ? FuzzBodies.weird(r) : addresses[r.nextInt(addresses.length)]);
    Object headers = r.nextInt(8) == 0 ? FuzzBodies.weird(r) : Map.of("secret", SECRET);
    if (r.nextInt(10) == 0 && headers instanceof Map<?, ?>) {
      Map<String, Object> h = new java.util.LinkedHashMap<>();
      h.put("secret", SECRET);
      h.put("extra", FuzzBodies.weird(r)); // may be null, a number, an object: not a string, so malformed
      headers = h;
    }
    f.put("headers", headers);
    if (r.nextBoolean()) {
      f.put("replyAddress", r.nextInt(6) == 0 ? FuzzBodies.weird(r) : "reply-" + r.nextInt(1000));
    }
    if (r.nextInt(4) != 0) {
      f.put("body", r.nextInt(4) == 0 ? FuzzBodies.weird(r) : Map.of("channel_id", "fz-b" + r.nextInt(5),
          "channel_type", 2, "uid", "fz-b" + r.nextInt(5), "token", "t"));
    }
    byte[] json = FuzzBodies.write(f);
    // the server checks the frame first (malformed: an error frame), then the secret (wrong: error frame, close)
    Object type = f.get("type");
    boolean headersOk = headers == null || headers instanceof Map<?, ?> m
        && m.values().stream().allMatch(v -> v instanceof String);
    boolean parses = type instanceof String t && List.of("send", "publish", "register", "unregister", "ping")
        .contains(t) && headersOk && wellFormedRest(f);
    Object given = headers instanceof Map<?, ?> m3 ? m3.get("secret") : null;
    boolean secretOk = SECRET.equals(given) || given == null && "ping".equals(type);
    boolean badUtf8 = type instanceof FuzzBodies.BadUtf8 || f.get("address") instanceof FuzzBodies.BadUtf8
        || f.get("replyAddress") instanceof FuzzBodies.BadUtf8 || f.get("body") instanceof FuzzBodies.BadUtf8
        || headers instanceof Map<?, ?> m4 && m4.values().stream().anyMatch(v -> v instanceof FuzzBodies.BadUtf8);
    return new BridgeInput("mutated-frame", lengthPrefixed(json), parses && !secretOk, badUtf8 && !secretOk);
  }

  /** Whether the fields other than type and headers would pass the bridge's checks. */
  static boolean wellFormedRest(Map<String, Object> f) {
    Object a = f.get("address");
    Object reply = f.get("replyAddress");
    Object body = f.get("body");
    boolean addressOk = a instanceof String s && !s.isEmpty() && s.length() <= 256;
    boolean replyOk = reply == null || reply instanceof String s2 && !s2.isEmpty() && s2.length() <= 256;
    boolean bodyOk = body == null || body instanceof Map || body instanceof List || body instanceof String
        || body instanceof FuzzBodies.Raw raw && nestedWithinLimit(raw.text());
    return (addressOk || "ping".equals(f.get("type")) && a == null) && replyOk && bodyOk;
  }

  /**
   * Whether raw JSON from {@link FuzzBodies#deep} is an object or array the decoder accepts: Jackson refuses a
   * nesting deeper than 1,000 levels, and the frame itself is one of them.
   */
  static boolean nestedWithinLimit(String raw) {
    int innermost = raw.indexOf('1');
    int depth = raw.startsWith("[") ? innermost : raw.startsWith("{") ? innermost / "{\"a\":".length() : -1;
    return depth > 0 && depth < 1000;
  }

  @Test
  @Order(2)
  void randomBridgeFramesAreAnsweredOrCloseThatConnection() throws Exception {
    trap.phase("bridge");
    Map<String, Integer> outcomes = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    int sent = 0;
    int conn = 0;
    while (sent < BRIDGE_FRAMES) {
      try (Socket s = new Socket("127.0.0.1", bridgePort)) {
        s.setSoTimeout(5000);
        DataOutputStream out = new DataOutputStream(s.getOutputStream());
        DataInputStream in = new DataInputStream(s.getInputStream());
        send(out, new JsonObject().put("type", "ping").put("headers", new JsonObject().put("secret", SECRET)));
        if (!"pong".equals(awaitPong(in))) {
          problems.add("connection " + conn + ": no pong to the first ping");
        }
        for (int n = 0; n < 60 && sent < BRIDGE_FRAMES; n++) {
          BridgeInput b = bridgeInput(rnd("bridge", sent++));
          out.write(b.bytes());
          out.flush();
          String what = "#" + (sent - 1) + " " + b.kind() + " " + FuzzWire.abbreviate(
              new String(b.bytes(), StandardCharsets.UTF_8), 160);
          if (b.closes()) {
            String end = awaitClose(in);
            outcomes.merge(b.kind() + " -> " + end, 1, Integer::sum);
            if (!end.equals("closed")) {
              problems.add(what + ": expected the server to close, got " + end);
            }
            break;
          }
          try {
            send(out, new JsonObject().put("type", "ping").put("headers", new JsonObject().put("secret", SECRET)));
          } catch (IOException e) {
            if (b.either()) {
              outcomes.merge(b.kind() + " -> closed before the ping", 1, Integer::sum);
              break;
            }
            problems.add(what + ": the server closed the connection: " + e);
            break;
          }
          String answer = awaitPong(in);
          outcomes.merge(b.kind() + " -> " + answer, 1, Integer::sum);
          if (b.either() && (answer.equals("closed") || answer.contains("Connection reset"))) {
            break; // decoded with replacement characters, and refused for its missing secret: closed, as allowed
          }
          if (!answer.equals("pong")) {
            problems.add(what + ": " + answer);
            break;
          }
        }
      }
      conn++;
    }
    System.out.println("bridge fuzz: " + sent + " frames over " + conn + " connections; outcomes " + outcomes);
    assertTrue(problems.isEmpty(), problems.size() + " bridge frames mishandled" + seedNote() + ":\n"
        + String.join("\n", problems.subList(0, Math.min(20, problems.size()))));
    // the bridge still serves a valid request afterwards
    try (Socket s = new Socket("127.0.0.1", bridgePort)) {
      s.setSoTimeout(10_000);
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      send(out, new JsonObject().put("type", "send").put("address", "jindou.api.channel.info")
          .put("replyAddress", "final").put("headers", new JsonObject().put("secret", SECRET))
          .put("body", new JsonObject().put("channel_id", "fz-final").put("channel_type", 2)));
      JsonObject reply = read(new DataInputStream(s.getInputStream()));
      assertEquals("final", reply.getString("address"), reply.encode());
    }
    trap.assertClean("bridge");
    healthy.ping();
    healthy.await(PongPacket.class, Duration.ofSeconds(5));
  }

  static void send(DataOutputStream out, JsonObject f) throws IOException {
    out.write(lengthPrefixed(f.encode().getBytes(StandardCharsets.UTF_8)));
    out.flush();
  }

  static JsonObject read(DataInputStream in) throws IOException {
    int len = in.readInt();
    byte[] b = new byte[len];
    in.readFully(b);
    return new JsonObject(new String(b, StandardCharsets.UTF_8));
  }

  /** "pong" once a pong arrives (err and message frames before it are skipped), or what happened instead. */
  static String awaitPong(DataInputStream in) {
    try {
      while (true) {
        JsonObject f = read(in);
        if ("pong".equals(f.getString("type"))) {
          return "pong";
        }
      }
    } catch (SocketTimeoutException e) {
      return "no answer within 5 s (connection mute)";
    } catch (EOFException e) {
      return "closed";
    } catch (IOException | RuntimeException e) {
      return "broken: " + e;
    }
  }

  static String awaitClose(DataInputStream in) {
    try {
      while (true) {
        read(in);
      }
    } catch (SocketTimeoutException e) {
      return "still open after 5 s";
    } catch (EOFException e) {
      return "closed";
    } catch (IOException e) {
      return "closed"; // reset
    } catch (RuntimeException e) {
      return "broken: " + e;
    }
  }
}
