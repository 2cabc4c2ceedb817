package io.jindou.eventbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.app.Config;
import io.jindou.support.TestNode;
import io.vertx.core.json.JsonObject;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
 * The TCP event-bus bridge under hostile input (issue 17 finding 7), over real sockets: a frame's declared length
 * is checked before its body is read (against {@code bridge_frame_max_bytes}, and against the small pre-auth limit
 * until a frame has carried the secret), frames that are JSON but not a valid bridge frame get an error frame and
 * leave the connection working, a wrong secret ends the connection, registrations and requests in flight per
 * connection are bounded, an idle connection is closed, and no refusal logs a stack trace. The node refuses to
 * start a bridge without a secret unless it is on loopback and explicitly allowed.
 */
class BridgeHardeningTest {
  static final String SECRET = "sesame";
  static TestNode node;
  static int bridgePort;
  static final List<String> problems = Collections.synchronizedList(new ArrayList<>());
  static final Handler TRAP = new Handler() {
    @Override
    public void publish(LogRecord r) {
      if (r.getLevel().intValue() >= Level.SEVERE.intValue() || r.getThrown() != null) {
        problems.add(r.getLevel() + " " + r.getLoggerName() + ": " + r.getMessage() + " " + r.getThrown());
      }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
  };

  @BeforeAll
  static void start() throws Exception {
    bridgePort = TestNode.freePort();
    node = new TestNode(Map.of("bridge_port", bridgePort, "bridge_secret", SECRET, "bridge_registrations_max", 3,
        "bridge_inflight_max", 1, "bridge_idle_timeout_seconds", 2));
    Logger.getLogger("").addHandler(TRAP);
  }

  @AfterAll
  static void stop() throws Exception {
    Logger.getLogger("").removeHandler(TRAP);
    node.close();
    assertTrue(problems.isEmpty(), "SEVERE records or stack traces: " + problems);
  }

  static final class Conn implements AutoCloseable {
    final Socket s;
    final DataOutputStream out;
    final DataInputStream in;

    Conn() throws IOException {
      s = new Socket("127.0.0.1", bridgePort);
      s.setSoTimeout(5000);
      out = new DataOutputStream(s.getOutputStream());
      in = new DataInputStream(s.getInputStream());
    }

    void send(JsonObject frame) throws IOException {
      sendRaw(frame.encode());
    }

    void sendRaw(String json) throws IOException {
      byte[] b = json.getBytes(StandardCharsets.UTF_8);
      out.writeInt(b.length);
      out.write(b);
      out.flush();
    }

    /** The next frame, or null when the server closed the connection. */
    JsonObject read() throws IOException {
      try {
        int len = in.readInt();
        byte[] b = new byte[len];
        in.readFully(b);
        return new JsonObject(new String(b, StandardCharsets.UTF_8));
      } catch (EOFException e) {
        return null;
      }
    }

    /** True when the server closes the connection within the socket timeout (frames before it are skipped). */
    boolean closedByServer() throws IOException {
      try {
        while (read() != null) {
          // skip
        }
        return true;
      } catch (SocketTimeoutException e) {
        return false;
      } catch (IOException e) {
        return true;
      }
    }

    @Override
    public void close() throws IOException {
      s.close();
    }
  }

  static JsonObject secret() {
    return new JsonObject().put("secret", SECRET);
  }

  static JsonObject ping() {
    return new JsonObject().put("type", "ping").put("headers", secret());
  }

  @Test
  void aDeclaredHugeFrameIsRefusedAtItsLengthWithoutReadingIt() throws Exception {
    try (Conn c = new Conn()) {
      c.send(ping()); // authenticated: the full frame limit applies
      assertEquals("pong", c.read().getString("type"));
      c.out.writeInt(Integer.MAX_VALUE); // 2^31-1 bytes announced: once an OutOfMemoryError
      c.out.write(new byte[1024]);
      c.out.flush();
      JsonObject err = c.read();
      assertNotNull(err, "an error frame first");
      assertEquals("err", err.getString("type"));
      assertTrue(err.getString("message").contains("frame too large"), err.encode());
      assertTrue(c.closedByServer(), "then the connection is closed");
    }
  }

  @Test
  void beforeTheSecretOnlyASmallFrameIsRead() throws Exception {
    try (Conn c = new Conn()) {
      c.out.writeInt(100_000); // a first frame bigger than the pre-auth limit (4096): not read at all
      c.out.write(new byte[2000]);
      c.out.flush();
      JsonObject err = c.read();
      assertNotNull(err);
      assertEquals("err", err.getString("type"));
      assertTrue(err.getString("message").contains("4096"), err.encode());
      assertTrue(c.closedByServer());
    }
  }

  @Test
  void aWrongSecretIsRefusedAndEndsTheConnection() throws Exception {
    try (Conn c = new Conn()) {
      c.send(new JsonObject().put("type", "register").put("address", "jindou.event.message")
          .put("headers", new JsonObject().put("secret", "guess")));
      JsonObject err = c.read();
      assertEquals("err", err.getString("type"));
      assertEquals("access_denied", err.getString("message"));
      assertTrue(c.closedByServer(), "one guess per connection");
    }
  }

  @Test
  void malformedFramesGetAnErrorFrameAndTheConnectionKeepsWorking() throws Exception {
    String[] bad = {
        "{\"type\":\"send\",\"address\":\"jindou.api.message.send\",\"headers\":\"str\"}",
        "{\"type\":\"send\",\"address\":\"jindou.api.message.send\",\"headers\":{\"secret\":\"sesame\",\"x\":5}}",
        "{\"type\":7,\"address\":\"jindou.api.message.send\",\"headers\":{\"secret\":\"sesame\"}}",
        "{\"type\":\"send\",\"address\":[1],\"headers\":{\"secret\":\"sesame\"}}",
        "{\"type\":\"send\",\"headers\":{\"secret\":\"sesame\"}}",
        "{\"type\":\"send\",\"address\":\"jindou.api.message.send\",\"replyAddress\":9,"
            + "\"headers\":{\"secret\":\"sesame\"}}",
        "{\"type\":\"send\",\"address\":\"jindou.api.message.send\",\"body\":12345678901234567890123,"
            + "\"headers\":{\"secret\":\"sesame\"}}",
        "{\"type\":\"dance\",\"address\":\"jindou.api.message.send\",\"headers\":{\"secret\":\"sesame\"}}",
        "[1,2,3]", "not json at all", "{\"type\":\"send\"", ""};
    try (Conn c = new Conn()) {
      c.send(ping());
      assertEquals("pong", c.read().getString("type"));
      for (String frame : bad) {
        c.sendRaw(frame);
        JsonObject err = c.read();
        assertNotNull(err, "closed after " + frame);
        assertEquals("err", err.getString("type"), frame + " -> " + err.encode());
        c.send(ping());
        JsonObject pong = c.read();
        assertEquals("pong", pong == null ? null : pong.getString("type"), "no answer after " + frame);
      }
    }
  }

  @Test
  void registrationsPerConnectionAreBoundedAndARepeatDoesNotLeak() throws Exception {
    try (Conn c = new Conn()) {
      for (int i = 0; i < 3; i++) {
        c.send(new JsonObject().put("type", "register").put("address", "jindou.event.x" + i).put("headers", secret()));
        c.send(new JsonObject().put("type", "register").put("address", "jindou.event.x" + i).put("headers", secret()));
      }
      c.send(new JsonObject().put("type", "register").put("address", "jindou.event.x3").put("headers", secret()));
      JsonObject err = c.read();
      assertEquals("err", err.getString("type"));
      assertTrue(err.getString("message").contains("registrations"), err.encode());
      c.send(new JsonObject().put("type", "unregister").put("address", "jindou.event.x0").put("headers", secret()));
      c.send(new JsonObject().put("type", "register").put("address", "jindou.event.x3").put("headers", secret()));
      c.send(ping());
      assertEquals("pong", c.read().getString("type"), "after an unregister there is room again");
    }
  }

  @Test
  void requestsInFlightPerConnectionAreBounded() throws Exception {
    try (Conn c = new Conn()) {
      JsonObject req = new JsonObject().put("type", "send").put("address", "jindou.api.channel.info")
          .put("headers", secret()).put("body", new JsonObject().put("channel_id", "g").put("channel_type", 2));
      byte[] one = req.copy().put("replyAddress", "r1").encode().getBytes(StandardCharsets.UTF_8);
      byte[] two = req.copy().put("replyAddress", "r2").encode().getBytes(StandardCharsets.UTF_8);
      ByteBuffer both = ByteBuffer.allocate(8 + one.length + two.length);
      both.putInt(one.length).put(one).putInt(two.length).put(two);
      c.out.write(both.array()); // one write, one read: the first is still in flight when the second is read
      c.out.flush();
      JsonObject a = c.read();
      JsonObject b = c.read();
      JsonObject refused = "err".equals(a.getString("type")) && a.getString("address") == null ? a : b;
      JsonObject answered = refused == a ? b : a;
      assertTrue(refused.getString("message").contains("in flight"), a.encode() + " / " + b.encode());
      assertEquals("r1", answered.getString("address"), answered.encode());
    }
  }

  /** A client that registers for events and stops reading is closed once its unsent bytes pass the bound. */
  @Test
  void aConsumerThatDoesNotReadIsClosed() throws Exception {
    int port = TestNode.freePort();
    try (TestNode n = new TestNode(Map.of("bridge_port", port, "bridge_secret", SECRET,
        "bridge_outbound_queue_bytes", 65536));
        Socket s = new Socket()) {
      s.setReceiveBufferSize(4096);
      s.connect(new java.net.InetSocketAddress("127.0.0.1", port));
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      byte[] reg = new JsonObject().put("type", "register").put("address", "jindou.event.message")
          .put("headers", secret()).encode().getBytes(StandardCharsets.UTF_8);
      out.writeInt(reg.length);
      out.write(reg);
      out.flush();
      Thread.sleep(300); // the registration reaches the event bus
      String payload = java.util.Base64.getEncoder().encodeToString(new byte[256 * 1024]);
      for (int i = 0; i < 40; i++) { // ~14 MB of events: more than the kernel's socket buffers hold
        assertEquals(200, n.http.post("/message/send", new JsonObject().put("from_uid", "slow-a")
            .put("channel_id", "slow-b").put("channel_type", 1).put("payload", payload)).status());
      }
      s.setSoTimeout(10_000);
      java.io.InputStream in = s.getInputStream();
      byte[] buf = new byte[1 << 16];
      boolean eof = false;
      try {
        while (true) {
          if (in.read(buf) < 0) {
            eof = true;
            break;
          }
        }
      } catch (SocketTimeoutException e) {
        eof = false;
      } catch (IOException e) {
        eof = true; // reset
      }
      assertTrue(eof, "the server must close a bridge client whose unsent events pass bridge_outbound_queue_bytes");
    }
  }

  @Test
  void anIdleConnectionIsClosed() throws Exception {
    try (Conn c = new Conn()) {
      c.s.setSoTimeout(6000);
      long t0 = System.nanoTime();
      assertTrue(c.closedByServer(), "bridge_idle_timeout_seconds=2");
      assertTrue((System.nanoTime() - t0) / 1_000_000 >= 1500);
    }
  }

  @Test
  void aBridgeWithoutASecretStartsOnlyOnLoopbackAndWhenAllowed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Config.of(Map.of("bridge_port", 5999)));
    assertTrue(e.getMessage().contains("bridge_secret"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Config.of(Map.of("bridge_port", 5999,
        "bridge_insecure_loopback", true, "bridge_host", "0.0.0.0")));
    Config.of(Map.of("bridge_port", 5999, "bridge_insecure_loopback", true, "bridge_host", "127.0.0.1"));
    Config.of(Map.of("bridge_port", 5999, "bridge_secret", "s", "bridge_host", "0.0.0.0"));
  }

  @Test
  void anInsecureLoopbackBridgeServesWithoutASecret() throws Exception {
    int port = TestNode.freePort();
    try (TestNode open = new TestNode(Map.of("bridge_port", port, "bridge_insecure_loopback", true));
        Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(5000);
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      byte[] b = new JsonObject().put("type", "send").put("address", "jindou.api.channel.info")
          .put("replyAddress", "r").put("body", new JsonObject().put("channel_id", "g").put("channel_type", 2))
          .encode().getBytes(StandardCharsets.UTF_8);
      out.writeInt(b.length);
      out.write(b);
      out.flush();
      DataInputStream in = new DataInputStream(s.getInputStream());
      byte[] answer = new byte[in.readInt()];
      in.readFully(answer);
      assertEquals("r", new JsonObject(new String(answer, StandardCharsets.UTF_8)).getString("address"));
    }
  }
}
