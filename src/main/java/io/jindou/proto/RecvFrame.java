package io.jindou.proto;

/**
 * A RECV sealed with a connection's keys and encoded in one pass into the caller's array: the same bytes as
 * {@code WkEncoder.encode(crypto.sealRecv(plain), version)} (spec §2.6, §3.4), without the sealed records, the base64
 * payload array, the sign's string and bytes or the msgKey string in between. The gateway writes it straight into a
 * connection's pending output.
 *
 * <pre>
 * header | remaining length | setting | u16 32 · msgKey (hex, written last) | fromUid … topic | payload (base64)
 *                                      ▲                                                      │
 *        md5(base64(AES(sign text · payload as on the wire))) ◄───────────────────────────────┘
 * payload = base64(AES(plaintext)): its length is known from the plaintext's (PKCS#7 always pads), so the frame's
 * length is known before anything is encrypted
 * </pre>
 *
 * <p>The layout of the fields is {@link WkEncoder}'s ({@code writeRecvFields}), so the two cannot drift apart. The
 * ciphertexts, the sign text and the digest pass through the thread's buffers ({@link WkBase64}). Pure: no I/O; a
 * value the encoder refuses (a messageSeq over u32 before v6, a string over 65535 bytes) is refused here the same way.
 */
public final class RecvFrame {
  /** Stands in for the msgKey while the fields are written: 32 bytes, as every msgKey (hex MD5). */
  private static final String MSG_KEY_PLACEHOLDER = "0".repeat(32);
  /** Setting byte, then the msgKey's u16 length: where the msgKey's bytes start in the body. */
  private static final int MSG_KEY_AT = 3;

  private RecvFrame() {
  }

  /** The length of the sealed frame of {@code plain} for {@code version} (what {@link #write} fills). */
  public static int length(RecvPacket plain, int version) {
    int body = bodyLength(plain, version, BodyWriter.counting());
    return 1 + WkEncoder.remainingLengthSize(body) + body;
  }

  /** The sealed frame in a fresh array ({@link #length} bytes). */
  public static byte[] encode(RecvPacket plain, WkCryptoSession crypto, int version) {
    byte[] out = new byte[length(plain, version)];
    write(plain, crypto, version, out, 0);
    return out;
  }

  /**
   * Seals {@code plain} (its payload in clear, its msgKey ignored) with {@code crypto} and writes the frame into
   * {@code out[at, at + length(plain, version))}; returns the frame's length.
   */
  public static int write(RecvPacket plain, WkCryptoSession crypto, int version, byte[] out, int at) {
    BodyWriter w = BodyWriter.counting();
    return write(plain, crypto, version, out, at, bodyLength(plain, version, w), w);
  }

  /**
   * As {@link #write(RecvPacket, WkCryptoSession, int, byte[], int)} when the caller already has the frame's
   * {@code length} from {@link #length}: the fields are not measured again. A wrong length throws (an
   * {@link IllegalStateException}, or an index error when the array is too short) before anything is sealed.
   */
  public static int write(RecvPacket plain, WkCryptoSession crypto, int version, byte[] out, int at, int length) {
    int body = length - 2;
    while (body > 0 && 1 + WkEncoder.remainingLengthSize(body) + body != length) {
      body--; // the remaining length takes 1 to 4 bytes
    }
    return write(plain, crypto, version, out, at, body, BodyWriter.counting());
  }

  private static int write(RecvPacket plain, WkCryptoSession crypto, int version, byte[] out, int at, int body,
      BodyWriter w) {
    out[at] = (byte) WkEncoder.header(plain);
    int bodyAt = WkEncoder.remainingLength(body, out, at + 1);
    w.at(out, bodyAt);
    WkEncoder.writeRecvFields(plain, MSG_KEY_PLACEHOLDER, version, w);
    int payloadAt = w.position();
    int padded = (plain.payload().length / 16 + 1) * 16;
    if (payloadAt + WkBase64.encodedLength(padded) != bodyAt + body) {
      throw new IllegalStateException("RECV frame size mismatch: body of " + body + " bytes expected, the fields and "
          + "payload take " + (payloadAt + WkBase64.encodedLength(padded) - bodyAt));
    }
    byte[] clear = plain.payload();
    byte[] cipher = WkBase64.cipherBuffer(clear.length + 16);
    int n = crypto.encrypt(null, 0, clear, 0, clear.length, cipher);
    int payloadLength = WkBase64.encodedLength(n);
    int end = bodyAt + body;
    WkBase64.encode(cipher, n, out, payloadAt);
    msgKey(plain, crypto, out, payloadAt, payloadLength, bodyAt + MSG_KEY_AT, w);
    return end - at;
  }

  /**
   * {@code hex(md5(base64(AES(sign text · wire payload))))} into {@code out[keyAt, keyAt + 32)}: the sign text is
   * messageId · messageSeq (unsigned) · clientMsgNo · timestamp · fromUid · channelId · channelType, in decimal and
   * UTF-8 ({@link WkCryptoSession}); the payload is read where it already lies in the frame.
   */
  private static void msgKey(RecvPacket p, WkCryptoSession crypto, byte[] out, int payloadAt, int payloadLength,
      int keyAt, BodyWriter w) {
    int textMax = 20 + 20 + 11 + 3
        + 3 * (p.clientMsgNo().length() + p.fromUid().length() + p.channelId().length());
    byte[] text = WkBase64.signBuffer(textMax);
    BodyWriter t = w.at(text, 0);
    t.decimal(p.messageId());
    t.unsignedDecimal(p.messageSeq());
    t.utf8("clientMsgNo", p.clientMsgNo());
    t.decimal(p.timestamp());
    t.utf8("fromUid", p.fromUid());
    t.utf8("channelId", p.channelId());
    t.decimal(p.channelType());
    int textLength = t.position();
    byte[] cipher = WkBase64.cipherBuffer(textLength + payloadLength + 16);
    int n = crypto.encrypt(text, textLength, out, payloadAt, payloadLength, cipher);
    int b = WkBase64.encodedLength(n);
    byte[] base64 = WkBase64.base64Buffer(b);
    WkBase64.encode(cipher, n, base64);
    WkCrypto.md5HexInto(base64, b, cipher, out, keyAt);
  }

  private static int bodyLength(RecvPacket plain, int version, BodyWriter counter) {
    ProtocolVersion.require(version);
    WkEncoder.writeRecvFields(plain, MSG_KEY_PLACEHOLDER, version, counter);
    int padded = (plain.payload().length / 16 + 1) * 16;
    long body = (long) counter.position() + WkBase64.encodedLength(padded);
    if (body > WkEncoder.MAX_REMAINING_LENGTH) {
      throw new IllegalArgumentException(
          "RECV body too large: remainingLength=" + body + ", max=" + WkEncoder.MAX_REMAINING_LENGTH);
    }
    return (int) body;
  }
}
