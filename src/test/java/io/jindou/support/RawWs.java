package io.jindou.support;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket client on a plain socket that writes exactly the frames a test asks for (fragments, empty
 * fragments, lying lengths, a header with no payload), for the gateway tests that a real WebSocket client would
 * never let us send. The upgrade is done by hand; every frame it writes is masked as a client's must be. A reader
 * thread queues the server's frames, answers the server's CLOSE frame as a real client does, and notices when the
 * server closes the TCP connection.
 */
public final class RawWs implements AutoCloseable {
  public static final int CONTINUATION = 0;
  public static final int TEXT = 1;
  public static final int BINARY = 2;
  public static final int CLOSE = 8;
  public static final int PING = 9;

  /** One frame from the server. */
  public record Frame(boolean fin, int opcode, byte[] payload) {
    public String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }
  }

  private final Socket socket;
  private final OutputStream out;
  private final LinkedBlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
  private volatile boolean eof;
  private volatile boolean closeSent;
  private volatile String readError;

  private RawWs(Socket socket) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
  }

  /** Opens a TCP connection and completes the upgrade on path {@code /}; throws if the server refuses it. */
  public static RawWs open(int port) throws IOException {
    RawWs ws = connectOnly(port);
    ws.upgrade();
    return ws;
  }

  /** Only the TCP connection: no upgrade yet (a connection that never completes its handshake). */
  public static RawWs connectOnly(int port) throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    s.setTcpNoDelay(true);
    return new RawWs(s);
  }

  /** Sends the upgrade request and reads the 101 answer; then starts reading frames. */
  public void upgrade() throws IOException {
    out.write(("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    socket.setSoTimeout(10_000);
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("closed during the upgrade: " + head.toString(StandardCharsets.ISO_8859_1));
      }
      head.write(b);
    }
    String answer = head.toString(StandardCharsets.ISO_8859_1);
    if (!answer.startsWith("HTTP/1.1 101")) {
      throw new IOException("upgrade refused: " + answer.lines().findFirst().orElse(""));
    }
    socket.setSoTimeout(0);
    Thread reader = new Thread(this::readLoop, "raw-ws-reader");
    reader.setDaemon(true);
    reader.start();
  }

  private void readLoop() {
    try {
      DataInputStream in = new DataInputStream(socket.getInputStream());
      while (true) {
        int b0 = in.read();
        if (b0 < 0) {
          break;
        }
        int b1 = in.readUnsignedByte();
        long len = b1 & 0x7F;
        if (len == 126) {
          len = in.readUnsignedShort();
        } else if (len == 127) {
          len = in.readLong();
        }
        byte[] payload = new byte[(int) len];
        in.readFully(payload);
        frames.add(new Frame((b0 & 0x80) != 0, b0 & 0x0F, payload));
        if ((b0 & 0x0F) == CLOSE && !closeSent) {
          closeSent = true;
          try {
            frame(true, CLOSE, payload.length >= 2 ? Arrays.copyOf(payload, 2) : new byte[0]); // echo, as RFC 6455
          } catch (IOException e) {
            // the server closed first
          }
        }
      }
    } catch (IOException e) {
      readError = e.toString();
    } finally {
      eof = true;
    }
  }

  /** Writes one masked frame: FIN bit, opcode and payload exactly as given. */
  public synchronized void frame(boolean fin, int opcode, byte[] payload) throws IOException {
    out.write(headerBytes(fin, opcode, payload.length));
    out.write(mask(payload));
    out.flush();
  }

  /** Writes only the header of a masked frame that claims {@code length} payload bytes, and the mask key. */
  public void header(boolean fin, int opcode, long length) throws IOException {
    out.write(headerBytes(fin, opcode, length));
    out.flush();
  }

  /** Writes raw bytes (e.g. part of a payload whose header was sent with {@link #header}; the mask is zero). */
  public void raw(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  public void binary(byte[] payload) throws IOException {
    frame(true, BINARY, payload);
  }

  public void text(String s) throws IOException {
    frame(true, TEXT, s.getBytes(StandardCharsets.UTF_8));
  }

  /** The header with a zero mask key, so that payload bytes written with {@link #raw} go through unchanged. */
  private static byte[] headerBytes(boolean fin, int opcode, long length) {
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
    h.writeBytes(new byte[4]); // mask key 0: XOR leaves the payload as is
    return h.toByteArray();
  }

  private static byte[] mask(byte[] payload) {
    return payload.clone(); // masked with the zero key
  }

  /** The next data frame from the server (PING/PONG/CLOSE skipped), or null on timeout or close. */
  public Frame next(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return null;
      }
      Frame f = frames.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)), TimeUnit.NANOSECONDS);
      if (f != null && f.opcode() < 8) {
        return f;
      }
      if (f == null && eof && frames.isEmpty()) {
        return null;
      }
    }
  }

  /** True once the server has closed the TCP connection (EOF or reset), waiting up to {@code timeout}. */
  public boolean awaitClosed(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!eof && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    return eof;
  }

  /** For a connection that was never upgraded: true once the server closes it. */
  public boolean awaitClosedRaw(Duration timeout) throws IOException {
    socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
    try {
      InputStream in = socket.getInputStream();
      byte[] b = new byte[4096];
      while (in.read(b) >= 0) {
        // discard an HTTP answer, if any
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset by the server
    }
  }

  public boolean closed() {
    return eof;
  }

  public String readError() {
    return readError;
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }
}
