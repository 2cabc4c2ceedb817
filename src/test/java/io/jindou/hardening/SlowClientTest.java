package io.jindou.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.support.TestNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Finding 5 of the hardening review: a request body trickled at one byte per few seconds held a connection for as
 * long as the client liked, because the first request on a connection had only the read idle timeout. Now every
 * request has {@code http_request_timeout_seconds} from its head to its answer, and a connection's first request
 * must arrive within that time of the connection opening. The trickles here stay well inside the idle timeout,
 * so only the deadline can end them.
 */
class SlowClientTest {
  static final int TIMEOUT_S = 2;
  static TestNode node;

  @BeforeAll
  static void start() throws Exception {
    node = new TestNode(Map.of("http_request_timeout_seconds", TIMEOUT_S));
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }

  /**
   * Writes {@code head} at once, then {@code trickle} one byte every {@code gapMs}; returns how long the server
   * let the connection live (ms), and fails if it is still open after {@code giveUpMs}.
   */
  static long trickle(String head, String trickle, long gapMs, long giveUpMs) throws Exception {
    long t0 = System.nanoTime();
    try (Socket s = new Socket("127.0.0.1", node.httpPort)) {
      s.setSoTimeout((int) gapMs);
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      for (int i = 0; System.nanoTime() - t0 < giveUpMs * 1_000_000L; i = (i + 1) % trickle.length()) {
        try {
          if (in.read() < 0) {
            return (System.nanoTime() - t0) / 1_000_000; // closed by the server
          }
          while (in.available() > 0) {
            in.read(); // an answer (the 503 of a late request): read on until the close
          }
        } catch (java.net.SocketTimeoutException quiet) {
          // nothing from the server yet
        } catch (IOException reset) {
          return (System.nanoTime() - t0) / 1_000_000;
        }
        try {
          out.write(trickle.charAt(i));
          out.flush();
        } catch (IOException closed) {
          return (System.nanoTime() - t0) / 1_000_000;
        }
      }
      throw new AssertionError("the server kept a trickling connection open for " + giveUpMs + " ms");
    }
  }

  @Test
  void aBodyTrickledByteByByteIsCutAtTheDeadline() throws Exception {
    String body = "{\"uid\":\"slow\",\"token\":\"" + "t".repeat(400) + "\"}";
    long lived = trickle("POST /user/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
        + body.length() + "\r\n\r\n", body, 400, 15_000);
    assertTrue(lived < (TIMEOUT_S + 4) * 1000L, "the connection lived " + lived + " ms; the deadline is "
        + TIMEOUT_S + " s");
  }

  @Test
  void headersTrickledByteByByteAreCutAtTheDeadline() throws Exception {
    long lived = trickle("", "GET /healthz HTTP/1.1\r\nX-Slow: " + "s".repeat(4000) + "\r\n\r\n", 400, 15_000);
    assertTrue(lived < (TIMEOUT_S + 4) * 1000L, "the connection lived " + lived + " ms");
  }

  @Test
  void theNextRequestOnAKeptAliveConnectionHasTheDeadlineToo() throws Exception {
    String first = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
    String body = "{\"uid\":\"slow2\",\"token\":\"" + "t".repeat(400) + "\"}";
    long lived = trickle(first + "POST /user/token HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length()
        + "\r\n\r\n", body, 400, 15_000);
    assertTrue(lived < (TIMEOUT_S + 4) * 1000L, "the connection lived " + lived + " ms");
  }

  @Test
  void aPromptClientOnAKeptAliveConnectionIsServedAsBefore() throws Exception {
    try (Socket s = new Socket("127.0.0.1", node.httpPort)) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      for (int i = 0; i < 3; i++) {
        out.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        String head = readHead(in);
        assertTrue(head.startsWith("HTTP/1.1 200"), head);
        int length = Integer.parseInt(head.replaceAll("(?s).*content-length: (\\d+).*", "$1"));
        assertEquals(length, in.readNBytes(length).length);
        Thread.sleep(TIMEOUT_S * 1000L / 2); // well within the deadline between requests
      }
    }
  }

  static String readHead(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    while (!sb.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("closed after " + sb);
      }
      sb.append((char) c);
    }
    return sb.toString().toLowerCase(java.util.Locale.ROOT).replace("http/1.1", "HTTP/1.1");
  }
}
