package io.jindou.proto;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.KeyAgreement;

/**
 * The WKProto handshake crypto (spec §3.2): X25519 key pairs, the shared secret, and the derivation of the
 * per-connection AES key and IV, producing a {@link WkCryptoSession} that seals and opens payloads.
 *
 * <pre>
 * secret = X25519(ownPrivate, peerPublic)                       32 bytes
 * aesKey = lowercase_hex(md5(ascii(base64_std(secret))))[0:16]  16 ASCII chars, used as the AES-128 key bytes
 * aesIV  = ascii(salt)                                          16 chars [A-Za-z0-9], chosen by the server
 * </pre>
 *
 * <p>Keys travel as standard padded base64 of the raw 32-byte little-endian u-coordinate; a decoded length other
 * than 32 is rejected, as the v3 server does. JDK providers only (XDH, AES/CBC/PKCS5Padding, MD5). Stateless and
 * thread-safe. It never stores keys, never decides whether a connection is encrypted (JSON-RPC and NoEncrypt are
 * the gateway's call) and never logs key material: {@link X25519KeyPair#toString()} redacts the private key.
 */
public final class WkCrypto {
  /** Length of an X25519 private scalar and of a public key, in bytes. */
  public static final int KEY_BYTES = 32;
  /** Length of the salt (= AES IV) and of the AES key, in ASCII characters. */
  public static final int SALT_LENGTH = 16;

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] SALT_ALPHABET =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();
  private static final BigInteger BASE_POINT_U = BigInteger.valueOf(9);

  private WkCrypto() {
  }

  /**
   * An X25519 key pair as raw bytes: the 32-byte private scalar (clamped by X25519 itself, so any 32 bytes work)
   * and the 32-byte little-endian public u-coordinate. Arrays are copied in and out.
   */
  public record X25519KeyPair(byte[] privateKey, byte[] publicKey) {
    public X25519KeyPair {
      privateKey = privateKey.clone();
      publicKey = publicKey.clone();
    }

    @Override
    public byte[] privateKey() {
      return privateKey.clone();
    }

    @Override
    public byte[] publicKey() {
      return publicKey.clone();
    }

    /** What goes into CONNECT.clientKey / CONNACK.serverKey. */
    public String publicKeyBase64() {
      return Base64.getEncoder().encodeToString(publicKey);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof X25519KeyPair k && Arrays.equals(privateKey, k.privateKey)
          && Arrays.equals(publicKey, k.publicKey);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(publicKey);
    }

    @Override
    public String toString() {
      return "X25519KeyPair[publicKey=" + publicKeyBase64() + ", privateKey=<redacted>]";
    }
  }

  /** A fresh key pair from 32 {@link SecureRandom} bytes (what the v3 server does per connection). */
  public static X25519KeyPair generateKeyPair() {
    byte[] scalar = new byte[KEY_BYTES];
    RANDOM.nextBytes(scalar);
    return keyPair(scalar);
  }

  /** The key pair for a given private scalar: {@code publicKey = X25519(privateKey, 9)}. Deterministic. */
  public static X25519KeyPair keyPair(byte[] privateKey) {
    requireKeyLength("privateKey", privateKey);
    try {
      byte[] publicKey = agree(privateKey, BASE_POINT_U);
      return new X25519KeyPair(privateKey, publicKey);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("X25519 unavailable in this JDK", e);
    }
  }

  /** 16 random characters from {@code [a-zA-Z0-9]} ({@link SecureRandom}), the server's AES IV. */
  public static String randomSalt() {
    char[] salt = new char[SALT_LENGTH];
    for (int i = 0; i < salt.length; i++) {
      salt[i] = SALT_ALPHABET[RANDOM.nextInt(SALT_ALPHABET.length)];
    }
    return new String(salt);
  }

  /**
   * Completes the key agreement for one connection. The server passes its private key, CONNECT.clientKey and the
   * salt it will put into the CONNACK; a client passes its private key, CONNACK.serverKey and CONNACK.salt.
   *
   * @throws ProtocolException if the peer key is not base64, does not decode to 32 bytes or is a low-order point,
   *     or if the salt is not exactly 16 ASCII characters
   */
  public static WkCryptoSession session(byte[] ownPrivateKey, String peerPublicKeyBase64, String salt)
      throws ProtocolException {
    requireKeyLength("ownPrivateKey", ownPrivateKey);
    if (!isAscii16(salt)) {
      throw new ProtocolException("salt must be " + SALT_LENGTH + " ASCII characters: length "
          + (salt == null ? "null" : salt.length()));
    }
    byte[] secret = sharedSecret(ownPrivateKey, decodePublicKey(peerPublicKeyBase64));
    return new WkCryptoSession(deriveAesKey(secret), salt);
  }

  /**
   * A session from already-derived values, e.g. restored state or a test vector.
   *
   * @throws IllegalArgumentException unless both are exactly 16 ASCII characters
   */
  public static WkCryptoSession session(String aesKey, String salt) {
    if (!isAscii16(aesKey) || !isAscii16(salt)) {
      throw new IllegalArgumentException("aesKey and salt must each be " + SALT_LENGTH + " ASCII characters");
    }
    return new WkCryptoSession(aesKey, salt);
  }

  /** Raw 32-byte public key from its base64 text; rejects anything that is not exactly 32 bytes. */
  static byte[] decodePublicKey(String base64) throws ProtocolException {
    if (base64 == null || base64.isEmpty()) {
      throw new ProtocolException("peer public key is empty");
    }
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new ProtocolException("peer public key is not base64: " + e.getMessage(), e);
    }
    if (raw.length != KEY_BYTES) {
      throw new ProtocolException("peer public key must be " + KEY_BYTES + " bytes, got " + raw.length);
    }
    return raw;
  }

  /** {@code X25519(ownPrivateKey, peerPublicKey)}: 32 bytes. */
  static byte[] sharedSecret(byte[] ownPrivateKey, byte[] peerPublicKey) throws ProtocolException {
    // RFC 7748 §5: the top bit of the u-coordinate is masked; the bytes are little-endian.
    byte[] be = new byte[KEY_BYTES];
    for (int i = 0; i < KEY_BYTES; i++) {
      be[i] = peerPublicKey[KEY_BYTES - 1 - i];
    }
    be[0] &= 0x7F;
    try {
      return agree(ownPrivateKey, new BigInteger(1, be));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new ProtocolException("peer public key rejected: " + e.getMessage(), e);
    }
  }

  private static byte[] agree(byte[] privateScalar, BigInteger peerU) throws GeneralSecurityException {
    KeyFactory kf = KeyFactory.getInstance("XDH");
    PrivateKey priv = kf.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, privateScalar));
    PublicKey pub = kf.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, peerU));
    KeyAgreement ka = KeyAgreement.getInstance("XDH");
    ka.init(priv);
    ka.doPhase(pub, true);
    return ka.generateSecret();
  }

  /** {@code hex(md5(ascii(base64(secret))))[0:16]}: sixteen hex characters, not sixteen bytes of the digest. */
  static String deriveAesKey(byte[] secret) {
    return md5Hex(Base64.getEncoder().encode(secret)).substring(0, SALT_LENGTH);
  }

  /** Lowercase hex MD5 (32 chars). */
  static String md5Hex(byte[] data) {
    return HEX.formatHex(MD5.get().digest(data));
  }

  /** Lowercase hex MD5 (32 chars) of {@code data[0, length)}. */
  static String md5Hex(byte[] data, int length) {
    MessageDigest md = MD5.get();
    md.update(data, 0, length);
    return HEX.formatHex(md.digest());
  }

  /**
   * Lowercase hex MD5 of {@code data[0, length)} written as 32 ASCII bytes into {@code out[at, at + 32)}; the digest
   * passes through {@code scratch[0, 16)}. No allocation.
   */
  static void md5HexInto(byte[] data, int length, byte[] scratch, byte[] out, int at) {
    MessageDigest md = MD5.get();
    md.update(data, 0, length);
    try {
      md.digest(scratch, 0, 16);
    } catch (java.security.DigestException e) {
      throw new IllegalStateException("MD5 digest into a 16-byte buffer failed", e);
    }
    for (int i = 0; i < 16; i++) {
      out[at + 2 * i] = HEX_DIGITS[(scratch[i] >> 4) & 0xF];
      out[at + 2 * i + 1] = HEX_DIGITS[scratch[i] & 0xF];
    }
  }

  private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final HexFormat HEX = HexFormat.of();

  /** One digest per thread: {@code MessageDigest.getInstance} searches the providers on every call. */
  private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 unavailable in this JDK", e);
    }
  });

  private static void requireKeyLength(String name, byte[] key) {
    if (key == null || key.length != KEY_BYTES) {
      throw new IllegalArgumentException(
          name + " must be " + KEY_BYTES + " bytes, got " + (key == null ? "null" : key.length));
    }
  }

  private static boolean isAscii16(String s) {
    if (s == null || s.length() != SALT_LENGTH) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
