package io.jindou.proto;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Splits a WKProto byte stream (TCP, or the inbound WebSocket payloads, which the servers also treat as a stream:
 * spec §4.2) into packets, and decodes single frames ({@link #decode(byte[], int)}).
 *
 * <pre>
 * feed(chunk) ─► [ buffered bytes ] ─► next() ─► Packet | null (need more bytes) | ProtocolException
 * frame = header(type&lt;&lt;4|flags) · remaining length (1..4 bytes, 7 bits each, LSB group first) · body
 * PING (0x7_) and PONG (0x8_) are one byte, no length.
 * </pre>
 *
 * <p>Version: CONNECT (and PING, PONG, CONNACK, DISCONNECT, SUB, SUBACK, EVENT) decode without one; SEND, SENDACK,
 * RECV and RECVACK need the negotiated version. Packets are decoded lazily, one per {@link #next()}, so a server
 * pulls the CONNECT, calls {@link #setVersion(int)}, and only then decodes the packets that arrived behind it in
 * the same read ({@link #bufferedBytes()} right after the CONNECT tells whether anything did: the v3 server closes
 * such connections, spec §3.1). A length over the limit is rejected as soon as its header is complete, before the
 * body arrives, and so is a type outside {@link #accept(java.util.Set)} as soon as its header byte is read.
 *
 * <p>One instance per connection, confined to that connection's context: not thread-safe. After the first
 * {@link ProtocolException} the decoder is dead: buffered bytes are dropped, later input is ignored and
 * {@code next()} rethrows the same exception; the connection must be closed. It never reads a socket, never
 * decrypts and never enforces the handshake order (CONNECT first) — that is the gateway's policy.
 */
public final class WkDecoder {
  /** Default frame limit, as the WuKongIM v3 server ({@code codec.MaxRemaingLength}): 1 MiB of remaining length. */
  public static final int DEFAULT_MAX_REMAINING_LENGTH = 1 << 20;

  private static final byte[] EMPTY = new byte[0];
  private static final int ALL_TYPES = mask(java.util.EnumSet.allOf(PacketType.class));
  private static final int INITIAL_CAPACITY = 512;
  /** An emptied buffer larger than this is released, so one big frame does not pin memory per connection. */

  private int maxRemainingLength;
  /** Bit {@code 1 << code} set for every packet type this decoder accepts (all twelve unless narrowed). */
  private int acceptedTypes = ALL_TYPES;
  private int version;
  private byte[] buf = EMPTY;
  private int start;
  private int end;
  private ProtocolException failure;

  /** A decoder with no version yet: only version-independent packets decode until {@link #setVersion(int)}. */
  public WkDecoder(int maxRemainingLength) {
    if (maxRemainingLength < 1 || maxRemainingLength > WkEncoder.MAX_REMAINING_LENGTH) {
      throw new IllegalArgumentException(
          "maxRemainingLength must be 1.." + WkEncoder.MAX_REMAINING_LENGTH + ": " + maxRemainingLength);
    }
    this.maxRemainingLength = maxRemainingLength;
  }

  /** A decoder that already knows the session version (e.g. a client, which knows its own). */
  public WkDecoder(int maxRemainingLength, int version) {
    this(maxRemainingLength);
    setVersion(version);
  }

  /** Sets the negotiated version (1..6) used for every packet decoded from now on. */
  public void setVersion(int version) {
    this.version = ProtocolVersion.require(version);
  }

  /** The negotiated version, or 0 before {@link #setVersion(int)}. */
  public int version() {
    return version;
  }

  public int maxRemainingLength() {
    return maxRemainingLength;
  }

  /**
   * Changes the frame limit for every frame whose header has not been read yet (a server allows only a small frame
   * until the handshake is done, then its full limit).
   */
  public void setMaxRemainingLength(int maxRemainingLength) {
    if (maxRemainingLength < 1 || maxRemainingLength > WkEncoder.MAX_REMAINING_LENGTH) {
      throw new IllegalArgumentException(
          "maxRemainingLength must be 1.." + WkEncoder.MAX_REMAINING_LENGTH + ": " + maxRemainingLength);
    }
    this.maxRemainingLength = maxRemainingLength;
  }

  /**
   * Narrows the packet types this decoder accepts: a header byte of any other type fails as soon as it arrives,
   * before its remaining length or body (a server accepts only what a client sends, and only CONNECT before the
   * handshake). An empty set accepts nothing.
   */
  public void accept(java.util.Set<PacketType> types) {
    this.acceptedTypes = mask(types);
  }

  private static int mask(java.util.Set<PacketType> types) {
    int m = 0;
    for (PacketType t : types) {
      m |= 1 << t.code();
    }
    return m;
  }

  /** Bytes received but not yet returned as packets (an incomplete frame, or frames not pulled yet). */
  public int bufferedBytes() {
    return end - start;
  }

  /** True once a {@link ProtocolException} has been thrown; the decoder then accepts nothing more. */
  public boolean failed() {
    return failure != null;
  }

  public void feed(byte[] chunk) {
    feed(chunk, 0, chunk.length);
  }

  /**
   * Takes {@code chunk} without copying it when nothing is buffered (the usual case: a read that ends on a
   * packet boundary), else appends a copy. The caller hands the array over and must not change it afterwards.
   */
  public void adopt(byte[] chunk) {
    if (failure != null || chunk.length == 0) {
      return;
    }
    if (start == end) {
      buf = chunk;
      start = 0;
      end = chunk.length;
      return;
    }
    feed(chunk, 0, chunk.length);
  }

  /** Copies {@code chunk[offset, offset+length)} into the buffer; the caller may reuse the array afterwards. */
  public void feed(byte[] chunk, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, chunk.length);
    if (failure != null || length == 0) {
      return;
    }
    ensureRoom(length);
    System.arraycopy(chunk, offset, buf, end, length);
    end += length;
  }

  /** Copies the buffer's remaining bytes and advances its position to its limit. */
  public void feed(ByteBuffer chunk) {
    int length = chunk.remaining();
    if (failure != null || length == 0) {
      chunk.position(chunk.limit());
      return;
    }
    ensureRoom(length);
    chunk.get(buf, end, length);
    end += length;
  }

  /** Takes a RECVACK's fields without a packet ({@link #nextRecvack}). */
  @FunctionalInterface
  public interface RecvackSink {
    void recvack(int flags, long messageId, long messageSeq);
  }

  /**
   * A server's hot path: when the next buffered frame is a whole RECVACK that {@link #next()} would decode without
   * error (accepted, within the limit, version negotiated, fields complete), consumes it, hands its messageId and
   * messageSeq (and the header's flag bits) to {@code sink} and returns true, with no packet or reader allocated;
   * otherwise consumes nothing and returns false, and {@link #next()} decodes (or refuses) the frame as always.
   * Bytes after the fields are ignored, as by {@code next()}.
   */
  public boolean nextRecvack(RecvackSink sink) {
    int at = start;
    if (failure != null || end - at < 2 || (buf[at] & 0xF0) != PacketType.RECVACK.code() << 4
        || (acceptedTypes & 1 << PacketType.RECVACK.code()) == 0 || version < ProtocolVersion.MIN) {
      return false;
    }
    int length = buf[at + 1];
    boolean u64 = ProtocolVersion.hasU64MessageSeq(version);
    if (length < (u64 ? 16 : 12) || length > maxRemainingLength || end - at - 2 < length) {
      return false; // also a remaining length over one byte (negative here): next() reads it
    }
    long messageId = bigEndian(at + 2, 8);
    long messageSeq = bigEndian(at + 10, u64 ? 8 : 4);
    int flags = buf[at] & 0x0F;
    consume(2 + length);
    sink.recvack(flags, messageId, messageSeq);
    return true;
  }

  private long bigEndian(int at, int bytes) {
    long v = 0;
    for (int i = 0; i < bytes; i++) {
      v = v << 8 | (buf[at + i] & 0xFF);
    }
    return v;
  }

  /**
   * The next complete packet, or {@code null} if the buffered bytes do not hold one yet.
   *
   * @throws ProtocolException on an unknown packet type, a remaining length over the limit or longer than 4
   *     bytes, a field running past its frame, invalid UTF-8, or a version-dependent packet before
   *     {@link #setVersion(int)}; thrown again by every later call
   */
  public Packet next() throws ProtocolException {
    if (failure != null) {
      throw failure;
    }
    try {
      return pull();
    } catch (ProtocolException e) {
      fail(e);
      throw e;
    } catch (RuntimeException e) {
      ProtocolException wrapped = new ProtocolException("undecodable frame: " + e, e);
      fail(wrapped);
      throw wrapped;
    }
  }

  private void fail(ProtocolException e) {
    failure = e;
    buf = EMPTY;
    start = 0;
    end = 0;
  }

  private Packet pull() throws ProtocolException {
    int available = end - start;
    if (available == 0) {
      return null;
    }
    int header = buf[start] & 0xFF;
    PacketType type = type(header);
    if ((acceptedTypes & 1 << type.code()) == 0) {
      throw new ProtocolException("packet type " + type + " (header byte 0x" + String.format("%02x", header)
          + ") is not accepted here");
    }
    if (type.isSingleByte()) {
      consume(1);
      return type == PacketType.PING ? PingPacket.INSTANCE : PongPacket.INSTANCE;
    }
    long lengthAndSize = remainingLength(type, buf, start + 1, end);
    if (lengthAndSize < 0) {
      return null;
    }
    int length = (int) lengthAndSize;
    int headerSize = 1 + (int) (lengthAndSize >>> 32);
    if (length > maxRemainingLength) {
      throw new ProtocolException(
          "frame too large: type=" + type + ", remainingLength=" + length + ", max=" + maxRemainingLength);
    }
    if (available - headerSize < length) {
      return null;
    }
    Packet p = BodyDecoder.decode(type, header & 0x0F, buf, start + headerSize, length, version);
    consume(headerSize + length);
    return p;
  }

  private void consume(int n) {
    start += n;
    if (start == end) {
      start = 0;
      end = 0;
      buf = EMPTY; // an idle connection holds no buffer; the next read is usually adopted without a copy
    }
  }

  private void ensureRoom(int n) {
    if (buf.length - end >= n) {
      return;
    }
    int live = end - start;
    long needed = (long) live + n;
    if (needed > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("decoder buffer would exceed 2 GiB: " + needed + " bytes not pulled");
    }
    if (needed <= buf.length) {
      System.arraycopy(buf, start, buf, 0, live);
    } else {
      long grown = Math.max(needed, Math.max(INITIAL_CAPACITY, 2L * buf.length));
      byte[] bigger = new byte[(int) Math.min(grown, Integer.MAX_VALUE - 8)];
      System.arraycopy(buf, start, bigger, 0, live);
      buf = bigger;
    }
    start = 0;
    end = live;
  }

  /**
   * Decodes exactly one frame, e.g. one WebSocket message from a peer that sends one packet per message. The whole
   * array must be that frame: missing or extra bytes are a {@link ProtocolException}.
   *
   * @param version the negotiated version 1..6, or 0 when none is known yet (only version-independent packets
   *     then decode, see the class comment)
   */
  public static Packet decode(byte[] frame, int version) throws ProtocolException {
    Objects.requireNonNull(frame, "frame");
    if (version != 0) {
      ProtocolVersion.require(version);
    }
    try {
      return decodeFrame(frame, version);
    } catch (RuntimeException e) {
      throw new ProtocolException("undecodable frame: " + e, e);
    }
  }

  private static Packet decodeFrame(byte[] frame, int version) throws ProtocolException {
    if (frame.length == 0) {
      throw new ProtocolException("empty frame");
    }
    int header = frame[0] & 0xFF;
    PacketType type = type(header);
    if (type.isSingleByte()) {
      if (frame.length != 1) {
        throw new ProtocolException(type + " is one byte, but the frame has " + (frame.length - 1) + " more");
      }
      return type == PacketType.PING ? PingPacket.INSTANCE : PongPacket.INSTANCE;
    }
    long lengthAndSize = remainingLength(type, frame, 1, frame.length);
    if (lengthAndSize < 0) {
      throw new ProtocolException("truncated " + type + ": frame ends inside the remaining length");
    }
    int length = (int) lengthAndSize;
    int headerSize = 1 + (int) (lengthAndSize >>> 32);
    if (frame.length - headerSize != length) {
      throw new ProtocolException("frame length mismatch: type=" + type + ", remainingLength=" + length
          + ", but " + (frame.length - headerSize) + " bytes follow the header");
    }
    return BodyDecoder.decode(type, header & 0x0F, frame, headerSize, length, version);
  }

  private static PacketType type(int header) throws ProtocolException {
    try {
      return PacketType.fromCode(header >>> 4);
    } catch (ProtocolException e) {
      throw new ProtocolException(
          "unknown packet type " + (header >>> 4) + " (header byte 0x" + String.format("%02x", header) + ")");
    }
  }

  /**
   * Reads the remaining length starting at {@code from}: {@code (byteCount << 32) | value}, or -1 if the bytes
   * before {@code to} end inside it. A 4th byte with the continuation bit is malformed (Go {@code decodeLength}
   * stops after 4 groups), reported as soon as that byte is seen.
   */
  private static long remainingLength(PacketType type, byte[] buf, int from, int to) throws ProtocolException {
    int value = 0;
    for (int i = 0; i < 4; i++) {
      if (from + i >= to) {
        return -1;
      }
      int b = buf[from + i] & 0xFF;
      value |= (b & 0x7F) << (7 * i);
      if ((b & 0x80) == 0) {
        return (long) (i + 1) << 32 | value;
      }
    }
    throw new ProtocolException("malformed remaining length for " + type + ": more than 4 bytes");
  }
}
