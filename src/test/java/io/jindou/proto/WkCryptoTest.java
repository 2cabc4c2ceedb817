package io.jindou.proto;

import static io.jindou.proto.Vectors.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The handshake and payload crypto against the intermediate values of spec §7.1–7.2. */
class WkCryptoTest {
  private static final byte[] CLIENT_PRIV = ascii(CLIENT_PRIVATE);
  private static final byte[] SERVER_PRIV = ascii(SERVER_PRIVATE);

  private static WkCryptoSession vectorSession() {
    return WkCrypto.session(AES_KEY, SALT);
  }

  @Test
  void publicKeysFromTheVectorPrivateScalars() {
    assertEquals(CLIENT_KEY, WkCrypto.keyPair(CLIENT_PRIV).publicKeyBase64());
    assertEquals(SERVER_KEY, WkCrypto.keyPair(SERVER_PRIV).publicKeyBase64());
  }

  @Test
  void sharedSecretIsTheSameFromBothSides() throws Exception {
    byte[] serverSide = WkCrypto.sharedSecret(SERVER_PRIV, WkCrypto.decodePublicKey(CLIENT_KEY));
    byte[] clientSide = WkCrypto.sharedSecret(CLIENT_PRIV, WkCrypto.decodePublicKey(SERVER_KEY));
    assertEquals(SHARED_SECRET_HEX, hex(serverSide));
    assertEquals(SHARED_SECRET_HEX, hex(clientSide));
    assertEquals(SHARED_SECRET_B64, Base64.getEncoder().encodeToString(serverSide));
    assertEquals(SECRET_MD5_HEX, WkCrypto.md5Hex(ascii(SHARED_SECRET_B64)));
    assertEquals(AES_KEY, WkCrypto.deriveAesKey(serverSide));
  }

  @Test
  void sessionsFromBothSidesDeriveTheVectorKeyAndIv() throws Exception {
    WkCryptoSession server = WkCrypto.session(SERVER_PRIV, CLIENT_KEY, SALT);
    WkCryptoSession client = WkCrypto.session(CLIENT_PRIV, SERVER_KEY, SALT);
    assertEquals(AES_KEY, server.aesKey());
    assertEquals(AES_KEY, client.aesKey());
    assertEquals(SALT, server.salt());
  }

  @Test
  void payloadEncryptsToTheVectorCiphertextAndBack() throws Exception {
    WkCryptoSession s = vectorSession();
    assertEquals(ENCRYPTED, new String(s.encryptPayload(utf8(PLAINTEXT)), StandardCharsets.US_ASCII));
    assertArrayEquals(utf8(PLAINTEXT), s.decryptPayload(ascii(ENCRYPTED)));
  }

  @Test
  void sendMsgKeyIntermediateValues() {
    WkCryptoSession s = vectorSession();
    assertEquals(SEND_SIGN, new String(WkCryptoSession.sendSign(SEND_PACKET), StandardCharsets.UTF_8));
    assertEquals(SEND_SIGN_AES_B64, new String(s.encryptPayload(utf8(SEND_SIGN)), StandardCharsets.US_ASCII));
    assertEquals(SEND_MSG_KEY, s.sendMsgKey(SEND_PACKET));
    assertTrue(s.verifySendMsgKey(SEND_PACKET));
  }

  @Test
  void groupSendWithReceiptAndTopicHasTheVectorMsgKey() {
    // setting and topic are not signed: only clientSeq, clientMsgNo, channel and the payload.
    assertEquals(SEND_GROUP_MSG_KEY, vectorSession().sendMsgKey(SEND_RECEIPT_TOPIC_PACKET));
  }

  @Test
  void recvMsgKeyIntermediateValues() {
    WkCryptoSession s = vectorSession();
    assertEquals(RECV_SIGN, new String(WkCryptoSession.recvSign(RECV_PACKET), StandardCharsets.UTF_8));
    assertEquals(RECV_MSG_KEY, s.recvMsgKey(RECV_PACKET));
    assertTrue(s.verifyRecvMsgKey(RECV_PACKET));
  }

  @Test
  void sealedRecvEncodesToTheVectorBytesForEveryVersion() {
    RecvPacket plain = RECV_PACKET.withPayload(utf8(PLAINTEXT), "");
    RecvPacket sealed = vectorSession().sealRecv(plain);
    assertEquals(RECV_PACKET, sealed);
    assertEquals(RECV_V2, hex(WkEncoder.encode(sealed, 2)));
    assertEquals(RECV_V3_5, hex(WkEncoder.encode(sealed, 5)));
    assertEquals(RECV_V6, hex(WkEncoder.encode(sealed, 6)));
  }

  @Test
  void sealedSendEncodesToTheJsClientBytes() {
    SendPacket plain = SEND_PACKET.withPayload(utf8(PLAINTEXT), "");
    SendPacket sealed = vectorSession().sealSend(plain);
    assertEquals(SEND_V2, hex(WkEncoder.encode(sealed, 2)));
    assertEquals(SEND_V5, hex(WkEncoder.encode(sealed, 5)));
  }

  @Test
  void openSendVerifiesThenDecryptsTheJsClientSend() throws Exception {
    SendPacket wire = (SendPacket) WkDecoder.decode(hex(SEND_V5), 5);
    SendPacket opened = vectorSession().openSend(wire);
    assertArrayEquals(utf8(PLAINTEXT), opened.payload());
    assertEquals(SEND_MSG_KEY, opened.msgKey());
  }

  @Test
  void openRecvVerifiesThenDecryptsTheServerRecv() throws Exception {
    RecvPacket wire = (RecvPacket) WkDecoder.decode(hex(RECV_V6), 6);
    assertArrayEquals(utf8(PLAINTEXT), vectorSession().openRecv(wire).payload());
  }

  @Test
  void oneSessionSealsOnOneThreadWhileItOpensOnAnother() throws Exception {
    WkCryptoSession s = vectorSession(); // a client seals SENDs on its caller's thread, opens RECVs on its loop
    RecvPacket wire = (RecvPacket) WkDecoder.decode(hex(RECV_V6), 6);
    java.util.concurrent.atomic.AtomicReference<Throwable> failed = new java.util.concurrent.atomic.AtomicReference<>();
    Thread opener = new Thread(() -> {
      try {
        for (int i = 0; i < 20_000 && failed.get() == null; i++) {
          assertArrayEquals(utf8(PLAINTEXT), s.openRecv(wire).payload());
        }
      } catch (Throwable t) {
        failed.compareAndSet(null, t);
      }
    });
    opener.start();
    for (int i = 0; i < 20_000 && failed.get() == null; i++) {
      SendPacket sealed = s.sealSend(SEND_PACKET.withPayload(utf8("m" + i), ""));
      assertTrue(s.verifySendMsgKey(sealed));
    }
    opener.join();
    assertEquals(null, failed.get());
  }

  @Test
  void tamperedSendIsRejectedBeforeDecryption() {
    WkCryptoSession s = vectorSession();
    SendPacket otherChannel = new SendPacket(Flags.RED_DOT, Setting.NONE, 1, "cmn-0001", "", "u3", 1, 0,
        SEND_MSG_KEY, "", ascii(ENCRYPTED));
    assertFalse(s.verifySendMsgKey(otherChannel));
    ProtocolException e = assertThrows(ProtocolException.class, () -> s.openSend(otherChannel));
    assertEquals("SEND msgKey mismatch: clientSeq=1, clientMsgNo=cmn-0001, msgKey=" + SEND_MSG_KEY, e.getMessage());
    assertFalse(s.verifySendMsgKey(SEND_PACKET.withPayload(SEND_PACKET.payload(), "")));
  }

  @Test
  void tamperedRecvIsRejected() {
    RecvPacket wrongSeq = new RecvPacket(Flags.RED_DOT, Setting.NONE, RECV_MSG_KEY, "u1", "u1", 1, 0, "cmn-0001", 0,
        "", 0, MESSAGE_ID, 8, TIMESTAMP, "", ascii(ENCRYPTED));
    assertFalse(vectorSession().verifyRecvMsgKey(wrongSeq));
    assertThrows(ProtocolException.class, () -> vectorSession().openRecv(wrongSeq));
  }

  @Test
  void undecryptablePayloadsAreProtocolExceptions() {
    WkCryptoSession s = vectorSession();
    assertEquals("payload decrypt failed: empty ciphertext",
        assertThrows(ProtocolException.class, () -> s.decryptPayload(new byte[0])).getMessage());
    assertTrue(assertThrows(ProtocolException.class, () -> s.decryptPayload(ascii("not*base64")))
        .getMessage().startsWith("payload decrypt failed: not base64"));
    byte[] seventeen = Base64.getEncoder().encode(new byte[17]);
    assertTrue(assertThrows(ProtocolException.class, () -> s.decryptPayload(seventeen))
        .getMessage().contains("(ciphertext 17 bytes)"));
    WkCryptoSession otherKey = WkCrypto.session("0000000000000000", SALT);
    assertThrows(ProtocolException.class, () -> otherKey.decryptPayload(ascii(ENCRYPTED)));
  }

  @Test
  void badPeerKeysAreProtocolExceptions() {
    assertEquals("peer public key is empty", assertThrows(ProtocolException.class,
        () -> WkCrypto.session(SERVER_PRIV, "", SALT)).getMessage());
    assertTrue(assertThrows(ProtocolException.class, () -> WkCrypto.session(SERVER_PRIV, "%%%", SALT))
        .getMessage().startsWith("peer public key is not base64"));
    String short31 = Base64.getEncoder().encodeToString(new byte[31]);
    assertEquals("peer public key must be 32 bytes, got 31", assertThrows(ProtocolException.class,
        () -> WkCrypto.session(SERVER_PRIV, short31, SALT)).getMessage());
    String zero = Base64.getEncoder().encodeToString(new byte[32]);
    assertTrue(assertThrows(ProtocolException.class, () -> WkCrypto.session(SERVER_PRIV, zero, SALT))
        .getMessage().startsWith("peer public key rejected"));
  }

  @Test
  void saltMustBeSixteenAsciiCharacters() {
    assertEquals("salt must be 16 ASCII characters: length 15", assertThrows(ProtocolException.class,
        () -> WkCrypto.session(SERVER_PRIV, CLIENT_KEY, "abcdefgh1234567")).getMessage());
    assertThrows(ProtocolException.class, () -> WkCrypto.session(SERVER_PRIV, CLIENT_KEY, "abcdefgh1234567é"));
    assertThrows(IllegalArgumentException.class, () -> WkCrypto.session("short", SALT));
    assertThrows(IllegalArgumentException.class, () -> WkCrypto.keyPair(new byte[31]));
  }

  @Test
  void generatedKeyPairsAgreeWithEachOther() throws Exception {
    WkCrypto.X25519KeyPair server = WkCrypto.generateKeyPair();
    WkCrypto.X25519KeyPair client = WkCrypto.generateKeyPair();
    assertNotEquals(server, client);
    String salt = WkCrypto.randomSalt();
    WkCryptoSession a = WkCrypto.session(server.privateKey(), client.publicKeyBase64(), salt);
    WkCryptoSession b = WkCrypto.session(client.privateKey(), server.publicKeyBase64(), salt);
    assertEquals(a.aesKey(), b.aesKey());
    assertArrayEquals(utf8("hi"), b.decryptPayload(a.encryptPayload(utf8("hi"))));
    assertEquals(server, WkCrypto.keyPair(server.privateKey()));
  }

  @Test
  void randomSaltIsSixteenAlphanumerics() {
    for (int i = 0; i < 100; i++) {
      assertTrue(WkCrypto.randomSalt().matches("[A-Za-z0-9]{16}"));
    }
  }

  @Test
  void secretsNeverAppearInToString() {
    WkCrypto.X25519KeyPair kp = WkCrypto.keyPair(SERVER_PRIV);
    assertFalse(kp.toString().contains(hex(SERVER_PRIV)));
    assertTrue(kp.toString().contains("<redacted>"));
    assertFalse(vectorSession().toString().contains(AES_KEY));
  }

  @Test
  void keyPairArraysAreDefensiveCopies() {
    byte[] priv = SERVER_PRIV.clone();
    WkCrypto.X25519KeyPair kp = WkCrypto.keyPair(priv);
    priv[0] ^= 1;
    kp.privateKey()[0] ^= 1;
    assertEquals(SERVER_KEY, WkCrypto.keyPair(kp.privateKey()).publicKeyBase64());
  }
}
