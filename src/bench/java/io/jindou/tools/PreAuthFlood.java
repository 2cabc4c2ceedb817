package io.jindou.tools;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Opens many hostile, never-authenticated connections to a node's gateway and holds them, so that the memory they
 * cost the server can be read off (heap after a full GC with {@code jcmd}, RSS from {@code /proc}): each one sends
 * the start of a frame and then nothing. Modes: {@code tcp-big} (a CONNECT header claiming {@code --claim} bytes
 * followed by {@code --send} bytes of it), {@code tcp-small} (the same within the 4 KiB pre-auth limit),
 * {@code ws-big} / {@code ws-small} (a WebSocket upgrade, then a binary frame header claiming {@code --claim} bytes
 * and {@code --send} of them), {@code ws-idle} (an upgrade and nothing else). {@code --sources k} spreads the
 * connections over the local addresses 127.0.0.1..k, so a per-address cap does not stop them all. It prints how
 * many connections the server still held after {@code --settle} ms (it closes those it refuses), waits
 * {@code --hold} seconds and closes everything. A measurement tool, not a test: it asserts nothing.
 */
public final class PreAuthFlood {
  private PreAuthFlood() {
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> o = new LinkedHashMap<>(Map.of("host", "127.0.0.1", "tcp-port", "5100", "ws-port", "5200",
        "mode", "tcp-big", "connections", "2000", "claim", "1000000", "send", "65536", "sources", "4", "hold", "30",
        "settle", "2000"));
    o = ToolArgs.parse(args, 0, o, "");
    String mode = o.get("mode");
    int n = Integer.parseInt(o.get("connections"));
    long claim = Long.parseLong(o.get("claim"));
    int send = Integer.parseInt(o.get("send"));
    int sources = Integer.parseInt(o.get("sources"));
    boolean ws = mode.startsWith("ws");
    int port = Integer.parseInt(o.get(ws ? "ws-port" : "tcp-port"));
    List<Socket> open = new ArrayList<>(n);
    int refused = 0;
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      Socket s = new Socket();
      try {
        s.bind(new InetSocketAddress("127.0.0." + (1 + i % sources), 0));
        s.connect(new InetSocketAddress(o.get("host"), port), 5000);
        OutputStream out = s.getOutputStream();
        if (ws) {
          upgrade(s);
          if (!mode.equals("ws-idle")) {
            out.write(wsHeader(claim));
            out.write(new byte[send]);
          }
        } else {
          out.write(connectHeader(claim));
          out.write(new byte[send]);
        }
        out.flush();
        open.add(s);
      } catch (IOException e) {
        refused++;
        s.close();
      }
    }
    System.out.printf("opened %d %s connections in %d ms (%d refused while opening)%n", open.size(), mode,
        (System.nanoTime() - t0) / 1_000_000, refused);
    Thread.sleep(Long.parseLong(o.get("settle")));
    int alive = 0;
    for (Socket s : open) {
      if (stillOpen(s)) {
        alive++;
      }
    }
    System.out.printf("held %d of %d connections open after %s ms%n", alive, n, o.get("settle"));
    System.out.flush();
    Thread.sleep(Long.parseLong(o.get("hold")) * 1000);
    for (Socket s : open) {
      s.close();
    }
    System.out.println("closed");
  }

  /** WKProto CONNECT header (0x10) with a remaining length of {@code claim} bytes. */
  static byte[] connectHeader(long claim) {
    byte[] b = new byte[5];
    b[0] = 0x10;
    int i = 1;
    long n = claim;
    do {
      int digit = (int) (n & 0x7F);
      n >>>= 7;
      b[i++] = (byte) (n > 0 ? digit | 0x80 : digit);
    } while (n > 0 && i < 5);
    return java.util.Arrays.copyOf(b, i);
  }

  /** A masked binary WebSocket frame header claiming {@code claim} payload bytes, mask key zero. */
  static byte[] wsHeader(long claim) {
    java.io.ByteArrayOutputStream h = new java.io.ByteArrayOutputStream();
    h.write(0x82);
    if (claim < 126) {
      h.write(0x80 | (int) claim);
    } else if (claim < 65536) {
      h.write(0x80 | 126);
      h.write((int) (claim >>> 8));
      h.write((int) claim);
    } else {
      h.write(0x80 | 127);
      for (int i = 7; i >= 0; i--) {
        h.write((int) (claim >>> (8 * i)));
      }
    }
    h.writeBytes(new byte[4]);
    return h.toByteArray();
  }

  static void upgrade(Socket s) throws IOException {
    s.getOutputStream().write(("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    s.setSoTimeout(5000);
    InputStream in = s.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed during the upgrade");
      }
      head.append((char) b);
    }
    if (!head.toString().startsWith("HTTP/1.1 101")) {
      throw new IOException("upgrade refused");
    }
  }

  /** True when the server has not closed {@code s} (a read that times out); bytes it sent are skipped. */
  static boolean stillOpen(Socket s) {
    try {
      s.setSoTimeout(1);
      InputStream in = s.getInputStream();
      byte[] b = new byte[4096];
      while (true) {
        if (in.read(b) < 0) {
          return false;
        }
      }
    } catch (java.net.SocketTimeoutException e) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
