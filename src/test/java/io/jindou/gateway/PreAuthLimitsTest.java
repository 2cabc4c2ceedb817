package io.jindou.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.proto.ConnackPacket;
import io.jindou.proto.ConnectPacket;
import io.jindou.proto.Packet;
import io.jindou.proto.PongPacket;
import io.jindou.proto.WkCrypto;
import io.jindou.proto.WkDecoder;
import io.jindou.proto.WkEncoder;
import io.jindou.support.RawWs;
import io.jindou.support.TestNode;
import io.jindou.support.WkClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Before CONNACK a connection must be cheap and short-lived, on TCP and on WebSocket: only a small CONNECT is
 * read (a bigger frame is refused at its length, before its body arrives), a header byte of a type no client sends
 * closes the connection at once, a WebSocket is counted, limited and timed from its handshake (not from its first
 * complete message), and a WebSocket message over the small limit is refused before it has arrived. A frame that
 * stops half-way is closed at {@code frame_deadline_ms}, and a WebSocket message fragmented with an empty first
 * fragment closes that connection with one clean log line instead of freezing it.
 */
class PreAuthLimitsTest {
  static final Duration AT_ONCE = Duration.ofSeconds(2);
  static final int AUTH_TIMEOUT_MS = 6000;
  static TestNode node;

  @BeforeAll
  static void start() throws Exception {
    node = new TestNode(Map.of("auth_timeout_ms", AUTH_TIMEOUT_MS, "frame_deadline_ms", 1500));
    node.token("pa-user", "t", 0);
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }

  static Socket tcp(int port) throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    s.setTcpNoDelay(true);
    return s;
  }

  /** Whether the server closes {@code s} within {@code d} (EOF or reset); bytes it sends first are skipped. */
  static boolean closedWithin(Socket s, Duration d) throws IOException {
    s.setSoTimeout((int) d.toMillis());
    long deadline = System.nanoTime() + d.toNanos();
    try {
      InputStream in = s.getInputStream();
      byte[] b = new byte[8192];
      while (System.nanoTime() < deadline) {
        if (in.read(b) < 0) {
          return true;
        }
      }
      return false;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  static byte[] connect(String uid, String token) {
    return WkEncoder.encode(new ConnectPacket(6, 1, "dev-" + uid, uid, token, System.currentTimeMillis(),
        WkCrypto.generateKeyPair().publicKeyBase64()), 6);
  }

  @Test
  void tcpFrameOverThePreAuthLimitIsClosedAtItsLength() throws Exception {
    try (Socket s = tcp(node.tcpPort)) {
      OutputStream out = s.getOutputStream();
      out.write(new byte[] {0x10, (byte) 0x89, 0x27}); // CONNECT claiming 5001 bytes, over the 4096 before CONNACK
      out.write(new byte[100]);
      out.flush();
      assertTrue(closedWithin(s, AT_ONCE), "a CONNECT over 4 KiB must be refused at its length, not held until "
          + "the auth timeout");
    }
  }

  @Test
  void aConnectUpToThePreAuthLimitIsAccepted() throws Exception {
    node.token("pa-long-token", "k".repeat(1024), 0);
    try (WkClient c = WkClient.connect(node.tcpPort, 6, "pa-long-token", "k".repeat(1024))) {
      assertEquals(1, c.connack.reasonCode(), "a CONNECT with a 1 KiB token fits the pre-auth limit");
    }
  }

  @Test
  void headerByteOfATypeNoClientSendsClosesAtOnce() throws Exception {
    for (int header : new int[] {0x20, 0x40, 0x50, 0x80, 0xB0}) { // CONNACK SENDACK RECV PONG SUBACK
      try (Socket s = tcp(node.tcpPort)) {
        s.getOutputStream().write(header);
        s.getOutputStream().flush();
        assertTrue(closedWithin(s, AT_ONCE), "header byte 0x" + Integer.toHexString(header)
            + " before CONNECT must close at once");
      }
    }
    try (WkClient c = WkClient.connect(node.tcpPort, 6, "pa-user", "t")) {
      assertEquals(1, c.connack.reasonCode());
      c.write(new byte[] {0x50}); // a RECV header from a client, after the handshake
      assertTrue(c.awaitClosed(AT_ONCE), "a RECV header from an authenticated client must close at once");
    }
  }

  @Test
  void tcpFrameThatStopsHalfWayIsClosedAtTheFrameDeadline() throws Exception {
    try (WkClient c = WkClient.connect(node.tcpPort, 6, "pa-user", "t")) {
      assertEquals(1, c.connack.reasonCode());
      long t0 = System.nanoTime();
      c.write(new byte[] {0x30, (byte) 0xE8, 0x07, 0, 0}); // a SEND of 1000 bytes: only 2 of them sent
      assertTrue(c.awaitClosed(Duration.ofSeconds(5)), "a half-sent frame must be closed at frame_deadline_ms");
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertTrue(ms >= 1000, "closed after " + ms + " ms, before the 1500 ms deadline");
    }
    try (Socket s = tcp(node.tcpPort)) { // the same before CONNECT: the deadline is shorter than the auth timeout
      s.getOutputStream().write(new byte[] {0x10, 0x64, 1, 2, 3});
      s.getOutputStream().flush();
      assertTrue(closedWithin(s, Duration.ofMillis(AUTH_TIMEOUT_MS - 1500)));
    }
  }

  @Test
  void webSocketMessageOverThePreAuthLimitIsClosedBeforeItArrives() throws Exception {
    try (RawWs ws = RawWs.open(node.wsPort)) {
      ws.header(true, RawWs.BINARY, 300_000); // allowed after CONNACK (frames up to ~1.4 MB), not before
      ws.raw(new byte[16 * 1024]);
      assertTrue(ws.awaitClosed(AT_ONCE), "a 300 kB message before CONNACK must be refused after 4 KiB");
    }
    try (RawWs ws = RawWs.open(node.wsPort)) {
      ws.header(true, RawWs.TEXT, 300_000); // the same for a first JSON-RPC message
      ws.raw(new byte[16 * 1024]);
      assertTrue(ws.awaitClosed(AT_ONCE), "a 300 kB text message before connect must be refused after 4 KiB");
    }
  }

  @Test
  void webSocketConnectInTwoFragmentsWorksAndAnsweredPingsFollow() throws Exception {
    try (RawWs ws = RawWs.open(node.wsPort)) {
      byte[] c = connect("pa-user", "t");
      ws.frame(false, RawWs.BINARY, Arrays.copyOfRange(c, 0, 10));
      ws.frame(true, RawWs.CONTINUATION, Arrays.copyOfRange(c, 10, c.length));
      RawWs.Frame f = ws.next(Duration.ofSeconds(5));
      assertNotNull(f, "no CONNACK");
      assertEquals(1, ((ConnackPacket) WkDecoder.decode(f.payload(), 0)).reasonCode());
      ws.binary(new byte[] {0x70});
      RawWs.Frame pong = ws.next(Duration.ofSeconds(5));
      assertNotNull(pong, "no PONG");
      assertInstanceOf(PongPacket.class, WkDecoder.decode(pong.payload(), 6));
    }
  }

  /**
   * Issue 17 finding 10: after CONNECT, {@code FIN=0 opcode=2 len=0} then {@code FIN=1 opcode=0} with one byte made
   * Vert.x's frame aggregator throw (EmptyByteBuf.checkLength) on every later message while the session stayed
   * registered, answering nothing. Now that connection is closed with one log line and no stack trace.
   */
  @Test
  void emptyFirstFragmentClosesThatConnectionWithOneCleanLogLine() throws Exception {
    Trap trap = new Trap();
    Logger root = Logger.getLogger("");
    root.addHandler(trap);
    try (WkClient healthy = WkClient.connect(node.tcpPort, 6, "pa-user", "t", 1, "other");
        RawWs ws = RawWs.open(node.wsPort)) {
      ws.binary(connect("pa-user", "t"));
      RawWs.Frame f = ws.next(Duration.ofSeconds(5));
      assertNotNull(f, "no CONNACK");
      assertEquals(1, ((ConnackPacket) WkDecoder.decode(f.payload(), 0)).reasonCode());
      ws.frame(false, RawWs.BINARY, new byte[0]);
      ws.frame(true, RawWs.CONTINUATION, new byte[] {0x70});
      assertTrue(ws.awaitClosed(AT_ONCE), "the session must be closed, not frozen");
      healthy.ping();
      Packet p = healthy.await(PongPacket.class, Duration.ofSeconds(5));
      assertNotNull(p, "another connection of the same user is unaffected");
      assertFalse(healthy.closedByServer());
    } finally {
      root.removeHandler(trap);
    }
    assertTrue(trap.problems.isEmpty(), "stack traces or SEVERE records: " + trap.problems);
  }

  @Test
  void webSocketIsCountedAndTimedFromItsHandshake() throws Exception {
    try (TestNode small = new TestNode(Map.of("max_connections", 2, "auth_timeout_ms", 1500))) {
      List<RawWs> open = new ArrayList<>();
      try {
        open.add(RawWs.open(small.wsPort));
        open.add(RawWs.open(small.wsPort));
        // the count follows the handshake's answer on the gateway's loop: give it a moment, never a wrong count
        long counted = 0;
        for (long until = System.nanoTime() + 5_000_000_000L; counted != 2 && System.nanoTime() < until; ) {
          counted = small.http.get("/varz").json().getLong("connections");
          if (counted != 2) {
            Thread.sleep(10);
          }
        }
        assertEquals(2, counted, "two idle WebSockets are connections");
        RawWs third = RawWs.connectOnly(small.wsPort);
        open.add(third);
        boolean refused;
        try {
          third.upgrade();
          refused = third.awaitClosed(AT_ONCE);
        } catch (IOException e) {
          refused = true;
        }
        assertTrue(refused, "a WebSocket over max_connections must be closed at once");
        for (RawWs ws : open.subList(0, 2)) {
          assertTrue(ws.awaitClosed(Duration.ofSeconds(4)), "an idle WebSocket must be closed at auth_timeout_ms");
        }
        assertEquals(0, small.http.get("/varz").json().getLong("connections"));
      } finally {
        open.forEach(RawWs::close);
      }
    }
  }

  /** SEVERE records, and any record with a throwable, from Jindou, Vert.x or Netty. */
  static final class Trap extends Handler {
    final List<String> problems = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void publish(LogRecord r) {
      String name = r.getLoggerName() == null ? "" : r.getLoggerName();
      boolean ours = name.startsWith("io.jindou") || name.startsWith("io.vertx") || name.startsWith("io.netty");
      if (r.getLevel().intValue() >= Level.SEVERE.intValue() || (ours && r.getThrown() != null)) {
        problems.add(r.getLevel() + " " + name + ": " + r.getMessage() + (r.getThrown() == null ? ""
            : " " + r.getThrown()));
      }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
  }
}
