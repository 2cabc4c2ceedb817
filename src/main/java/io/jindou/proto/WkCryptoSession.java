package io.jindou.proto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * One connection's negotiated AES key and IV (spec §3.3–3.4), made by {@link WkCrypto#session}: seals and opens
 * SEND and RECV payloads and computes their msgKeys.
 *
 * <pre>
 * wirePayload = ascii(base64_std(AES-128-CBC-PKCS7(key=aesKey, iv=salt)(plaintext)))
 * msgKey      = lowercase_hex(md5(ascii(base64_std(AES-128-CBC-PKCS7(utf8(sign))))))
 * SEND sign   = clientSeq · clientMsgNo · channelId · channelType · wirePayload
 * RECV sign   = messageId · messageSeq · clientMsgNo · timestamp · fromUid · channelId · channelType · wirePayload
 * </pre>
 *
 * <p>Numbers are decimal (messageSeq unsigned); the payload in the sign is the base64 ciphertext exactly as on the
 * wire; setting, expire, topic, stream fields and header flags are not signed. The same key and IV encrypt every
 * message of the session, so equal plaintexts give equal ciphertexts (as WuKongIM does). Thread-safe: it caches its
 * two initialised {@link Cipher}s and uses each under the session's lock (uncontended on a gateway session, whose
 * loop is its only user; a client may seal a SEND on one thread while it opens a RECV on another). It
 * never looks at the NoEncrypt bit: skipping the crypto is the gateway's decision, and its {@link #toString()} never
 * prints the key.
 */
public final class WkCryptoSession {
  private final String aesKey;
  private final String salt;
  private final SecretKeySpec key;
  private final IvParameterSpec iv;
  private Cipher encrypt;
  private Cipher decrypt;

  WkCryptoSession(String aesKey, String salt) {
    this.aesKey = aesKey;
    this.salt = salt;
    this.key = new SecretKeySpec(WkCrypto.ascii(aesKey), "AES");
    this.iv = new IvParameterSpec(WkCrypto.ascii(salt));
  }

  /** The 16 hex characters used as the AES-128 key bytes. Secret: never log it. */
  public String aesKey() {
    return aesKey;
  }

  /** The salt sent in the CONNACK, whose 16 ASCII bytes are the AES IV. */
  public String salt() {
    return salt;
  }

  /** Plaintext → the ASCII base64 ciphertext that travels as a SEND/RECV payload. */
  public byte[] encryptPayload(byte[] plaintext) {
    byte[] cipherText = WkBase64.cipherBuffer(plaintext.length + 16);
    int n = encrypt(null, 0, plaintext, 0, plaintext.length, cipherText);
    byte[] out = new byte[WkBase64.encodedLength(n)];
    WkBase64.encode(cipherText, n, out);
    return out;
  }

  /**
   * AES-CBC of {@code head[0, headLength) · body[bodyAt, bodyAt + bodyLength)} (head may be null) into {@code out}
   * (at least their length + 16 bytes); returns the ciphertext's length. One cipher pass, no intermediate arrays.
   */
  synchronized int encrypt(byte[] head, int headLength, byte[] body, int bodyAt, int bodyLength, byte[] out) {
    try {
      Cipher c = cipher(Cipher.ENCRYPT_MODE);
      int n = head == null ? 0 : c.update(head, 0, headLength, out, 0);
      n += c.update(body, bodyAt, bodyLength, out, n);
      int pad = 16 - (headLength + bodyLength) % 16; // PKCS#7, added here: the JDK's padding allocates per call
      n += c.update(PADDING[pad], 0, pad, out, n);
      return n + c.doFinal(out, n);
    } catch (GeneralSecurityException e) {
      encrypt = null; // a cipher left mid-message would corrupt the next one
      throw new IllegalStateException("AES/CBC failed to encrypt", e);
    }
  }

  /**
   * A wire payload (ASCII base64 ciphertext) → plaintext.
   *
   * @throws ProtocolException if it is empty, not base64, not a whole number of AES blocks, or badly padded
   *     (typically: encrypted with another key)
   */
  public byte[] decryptPayload(byte[] wirePayload) throws ProtocolException {
    if (wirePayload.length == 0) {
      throw new ProtocolException("payload decrypt failed: empty ciphertext");
    }
    byte[] cipherText;
    try {
      cipherText = Base64.getDecoder().decode(wirePayload);
    } catch (IllegalArgumentException e) {
      throw new ProtocolException("payload decrypt failed: not base64 (" + e.getMessage() + ")", e);
    }
    try {
      return decrypt(cipherText);
    } catch (GeneralSecurityException e) {
      throw new ProtocolException("payload decrypt failed: " + e.getMessage() + " (ciphertext " + cipherText.length
          + " bytes)", e);
    }
  }

  /** The msgKey a SEND must carry, computed over its wire payload. */
  public String sendMsgKey(SendPacket p) {
    return msgKey(utf8(sendSignText(p)), p.payload());
  }

  /** Whether a received SEND's msgKey matches (constant-time comparison). */
  public boolean verifySendMsgKey(SendPacket p) {
    return constantTimeEquals(sendMsgKey(p), p.msgKey());
  }

  /** The msgKey a RECV must carry, computed over its (already encrypted) wire payload and its final field values. */
  public String recvMsgKey(RecvPacket p) {
    return msgKey(utf8(recvSignText(p)), p.payload());
  }

  /** Whether a received RECV's msgKey matches (constant-time comparison). */
  public boolean verifyRecvMsgKey(RecvPacket p) {
    return constantTimeEquals(recvMsgKey(p), p.msgKey());
  }

  /** Server side: a RECV whose payload is plaintext → payload encrypted and msgKey set. */
  public RecvPacket sealRecv(RecvPacket plain) {
    RecvPacket encrypted = plain.withPayload(encryptPayload(plain.payload()), "");
    return encrypted.withPayload(encrypted.payload(), recvMsgKey(encrypted));
  }

  /**
   * Server side: verify a SEND's msgKey, then decrypt it.
   *
   * @return the packet with the plaintext payload (msgKey unchanged)
   * @throws ProtocolException if the msgKey does not match or the payload does not decrypt
   */
  public SendPacket openSend(SendPacket wire) throws ProtocolException {
    if (!verifySendMsgKey(wire)) {
      throw new ProtocolException("SEND msgKey mismatch: clientSeq=" + wire.clientSeq() + ", clientMsgNo="
          + wire.clientMsgNo() + ", msgKey=" + wire.msgKey());
    }
    return wire.withPayload(decryptPayload(wire.payload()), wire.msgKey());
  }

  /** Client side: a SEND whose payload is plaintext → payload encrypted and msgKey set. */
  public SendPacket sealSend(SendPacket plain) {
    SendPacket encrypted = plain.withPayload(encryptPayload(plain.payload()), "");
    return encrypted.withPayload(encrypted.payload(), sendMsgKey(encrypted));
  }

  /**
   * Client side: verify a RECV's msgKey, then decrypt it.
   *
   * @throws ProtocolException if the msgKey does not match or the payload does not decrypt
   */
  public RecvPacket openRecv(RecvPacket wire) throws ProtocolException {
    if (!verifyRecvMsgKey(wire)) {
      throw new ProtocolException("RECV msgKey mismatch: messageId=" + wire.messageId() + ", msgKey="
          + wire.msgKey());
    }
    return wire.withPayload(decryptPayload(wire.payload()), wire.msgKey());
  }

  /** The bytes signed for a SEND (§3.4). */
  static byte[] sendSign(SendPacket p) {
    return concat(sendSignText(p), p.payload());
  }

  /** The bytes signed for a RECV (§3.4). */
  static byte[] recvSign(RecvPacket p) {
    return concat(recvSignText(p), p.payload());
  }

  /** A SEND's sign before its wire payload. */
  private static String sendSignText(SendPacket p) {
    return p.clientSeq() + p.clientMsgNo() + p.channelId() + p.channelType();
  }

  /** A RECV's sign before its wire payload. */
  private static String recvSignText(RecvPacket p) {
    return p.messageId() + Long.toUnsignedString(p.messageSeq()) + p.clientMsgNo() + p.timestamp() + p.fromUid()
        + p.channelId() + p.channelType();
  }

  /**
   * {@code hex(md5(base64(AES(head · payload))))}, the sign never built as one array: the cipher reads the head and
   * the payload in turn, base64 and MD5 run over the thread's reused buffers.
   */
  private String msgKey(byte[] head, byte[] payload) {
    byte[] cipherText = WkBase64.cipherBuffer(head.length + payload.length + 16);
    int n = encrypt(head, head.length, payload, 0, payload.length, cipherText);
    int b = WkBase64.encodedLength(n);
    byte[] base64 = WkBase64.base64Buffer(b);
    WkBase64.encode(cipherText, n, base64);
    return WkCrypto.md5Hex(base64, b);
  }

  /** UTF-8 bytes of a sign's text part (ids may hold any character). */
  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The session's cipher for {@code mode}, created and initialised once: {@code doFinal} returns a CBC cipher
   * to its initialised state (same key, same IV), so it is reused for every payload. Looking up a provider
   * and expanding the key per message cost more than the encryption itself.
   */
  private synchronized byte[] decrypt(byte[] cipherText) throws GeneralSecurityException {
    try {
      return cipher(Cipher.DECRYPT_MODE).doFinal(cipherText);
    } catch (GeneralSecurityException e) {
      decrypt = null; // start from a freshly initialised cipher next time
      throw e;
    }
  }

  private Cipher cipher(int mode) throws GeneralSecurityException {
    if (mode == Cipher.ENCRYPT_MODE) {
      if (encrypt == null) {
        encrypt = newCipher(mode);
      }
      return encrypt;
    }
    if (decrypt == null) {
      decrypt = newCipher(mode);
    }
    return decrypt;
  }

  /** {@code PADDING[n]}: the PKCS#7 padding of n bytes (n bytes of value n), for n = 1..16. */
  private static final byte[][] PADDING = new byte[17][];

  static {
    for (int n = 1; n <= 16; n++) {
      PADDING[n] = new byte[n];
      java.util.Arrays.fill(PADDING[n], (byte) n);
    }
  }

  /** Encryption pads by itself ({@link #encrypt}); decryption checks and strips the padding in the JDK. */
  private Cipher newCipher(int mode) throws GeneralSecurityException {
    Cipher c = Cipher.getInstance(mode == Cipher.ENCRYPT_MODE ? "AES/CBC/NoPadding" : "AES/CBC/PKCS5Padding");
    c.init(mode, key, iv);
    return c;
  }

  private static byte[] concat(String prefix, byte[] payload) {
    byte[] head = prefix.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[head.length + payload.length];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(payload, 0, out, head.length, payload.length);
    return out;
  }

  private static boolean constantTimeEquals(String expected, String actual) {
    return MessageDigest.isEqual(WkCrypto.ascii(expected), actual.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "WkCryptoSession[salt=" + salt + ", aesKey=<redacted>]";
  }
}
