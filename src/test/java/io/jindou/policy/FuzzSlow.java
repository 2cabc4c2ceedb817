package io.jindou.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generators for the HTTP phase the hardening review added to {@link FuzzTest}: paths with malformed
 * percent-escapes on every route, request lines and headers over the HTTP layer's limits, and slow clients that
 * trickle a request a byte at a time (its head, its body, or a second request on a kept-alive connection) or stall
 * half-way. Each slow client reports how long the server let it live. Requests depend only on the {@link Random}
 * they are given.
 */
final class FuzzSlow {
  /** Malformed percent-escapes: a bare '%', one hex digit, non-hex digits, a doubled '%', %u escapes, raw bytes. */
  static final String[] BAD_ESCAPES = {"%", "%z", "%zz", "%G1", "%%", "%2", "%u0041", "%\u00ff", "%-1", "%%41"};

  private FuzzSlow() {
  }

  /**
   * A request whose path carries a malformed escape somewhere: at the end, inside a segment, or alone. (Inside a
   * segment, {@code %2} before a hex digit makes a valid escape of a wrong path: a 404.)
   */
  static byte[] badPath(Random r, String path, boolean post) {
    String bad = BAD_ESCAPES[r.nextInt(BAD_ESCAPES.length)];
    String p = switch (r.nextInt(4)) {
      case 0 -> path + bad;
      case 1 -> {
        int cut = 1 + r.nextInt(Math.max(1, path.length() - 1));
        yield path.substring(0, cut) + bad + path.substring(cut);
      }
      case 2 -> "/" + bad;
      default -> path + bad + "?channel_id=" + bad;
    };
    String head = (post ? "POST " : "GET ") + p + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    String text = post ? head + "Content-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"
        : head + "Connection: close\r\n\r\n";
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  /**
   * A request line over 8192 bytes (414, even {@code i}) or headers over 16 KiB (431, odd {@code i}); with the
   * status it must get.
   */
  static Oversized oversized(Random r, int i) {
    if (i % 2 == 0) {
      String path = "/message/send?" + "q".repeat(8200 + r.nextInt(20_000));
      return new Oversized(414, ("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
    }
    StringBuilder h = new StringBuilder("POST /message/send HTTP/1.1\r\nHost: x\r\n");
    int headers = 1 + r.nextInt(4);
    for (int k = 0; k < headers; k++) {
      h.append("X-Big-").append(k).append(": ").append("h".repeat(17_000 / headers + r.nextInt(5000))).append("\r\n");
    }
    h.append("Content-Length: 2\r\nConnection: close\r\n\r\n{}");
    return new Oversized(431, h.toString().getBytes(StandardCharsets.ISO_8859_1));
  }

  record Oversized(int status, byte[] bytes) {
  }

  /** A slow client: what it sends at once, what it then trickles, and how fast. */
  record Slow(String kind, String head, String trickle, int gapMs) {
  }

  /** Slow client {@code i}: the four kinds in turn. */
  static Slow slow(Random r, int i) {
    String body = "{\"uid\":\"fz-slow\",\"token\":\"" + "t".repeat(200 + r.nextInt(400)) + "\"}";
    int gap = 300 + r.nextInt(400); // well inside the read idle timeout: only the request deadline can end it
    return switch (i % 4) {
      case 0 -> new Slow("head-trickle", "", "POST /user/token HTTP/1.1\r\nHost: x\r\nX-Pad: " + "p".repeat(3000)
          + "\r\nContent-Length: " + body.length() + "\r\n\r\n" + body, gap);
      case 1 -> new Slow("body-trickle", "POST /user/token HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length()
          + "\r\n\r\n", body, gap);
      case 2 -> new Slow("second-request-trickle", "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nPOST /user/token "
          + "HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length() + "\r\n\r\n", body, gap);
      default -> new Slow("chunked-trickle", "POST /user/token HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked"
          + "\r\n\r\n", chunks(body), gap);
    };
  }

  private static String chunks(String body) {
    StringBuilder sb = new StringBuilder();
    for (char c : body.toCharArray()) {
      sb.append("1\r\n").append(c).append("\r\n");
    }
    return sb.append("0\r\n\r\n").toString();
  }

  /**
   * Runs a slow client against {@code port}: sends its head, then one byte every {@code gapMs}; returns how long
   * the server let the connection live (ms), or -1 if it was still open after {@code giveUpMs}. Any answer bytes
   * (a 200 for the first of two requests, a 503 for a late one) are read and ignored.
   */
  static long run(int port, Slow s, long giveUpMs) {
    long t0 = System.nanoTime();
    try (Socket sock = new Socket()) {
      sock.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      sock.setSoTimeout(s.gapMs());
      OutputStream out = sock.getOutputStream();
      InputStream in = sock.getInputStream();
      if (!s.head().isEmpty()) {
        out.write(s.head().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
      }
      byte[] buf = new byte[4096];
      for (int i = 0; (System.nanoTime() - t0) / 1_000_000 < giveUpMs; i = (i + 1) % s.trickle().length()) {
        try {
          if (in.read(buf) < 0) {
            return (System.nanoTime() - t0) / 1_000_000;
          }
        } catch (SocketTimeoutException quiet) {
          // nothing from the server yet
        }
        out.write(s.trickle().charAt(i));
        out.flush();
      }
      return -1;
    } catch (IOException closed) {
      return (System.nanoTime() - t0) / 1_000_000; // reset or refused write: the server cut it
    }
  }

  /** Every path the fuzz knows, POST and GET, with the method to use. */
  static List<String[]> routes() {
    List<String[]> out = new ArrayList<>();
    FuzzBodies.postEndpoints().forEach(e -> out.add(new String[] {"POST", e.path()}));
    FuzzBodies.getEndpoints().forEach(e -> out.add(new String[] {"GET", e.path()}));
    return out;
  }
}
