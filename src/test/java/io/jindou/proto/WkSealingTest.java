package io.jindou.proto;

import static io.jindou.proto.Vectors.AES_KEY;
import static io.jindou.proto.Vectors.SALT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The sealing path that reuses buffers (issue 22) gives, for every payload length around the AES block and
 * base64 group boundaries, exactly the bytes of the spec's formula computed the plain way with the JDK (whole
 * arrays, {@code java.util.Base64}), and one session seals a long payload after a short one (and back) unchanged.
 */
class WkSealingTest {

  private static byte[] aes(byte[] in) throws Exception {
    Cipher c = Cipher.getInstance("AES/CBC/PKCS5Padding");
    c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(AES_KEY.getBytes(StandardCharsets.US_ASCII), "AES"),
        new IvParameterSpec(SALT.getBytes(StandardCharsets.US_ASCII)));
    return c.doFinal(in);
  }

  @Test
  void payloadsAndMsgKeysMatchThePlainFormula() throws Exception {
    WkCryptoSession s = WkCrypto.session(AES_KEY, SALT);
    Random r = new Random(22);
    int[] lengths = {0, 1, 2, 3, 15, 16, 17, 31, 32, 33, 47, 48, 255, 256, 257, 4095, 70_000, 5, 100_000, 1};
    for (int len : lengths) {
      byte[] plain = new byte[len];
      r.nextBytes(plain);
      byte[] expected = Base64.getEncoder().encode(aes(plain));
      byte[] wire = s.encryptPayload(plain);
      assertArrayEquals(expected, wire, "payload of " + len + " bytes");
      RecvPacket p = new RecvPacket(new Flags(false, false, true, false), Setting.of(0), "", "ü-sender" + len,
          "chan" + len, 2, 0, "cmn" + len, 0, "", 0, 1000L + len, 7L + len, 1_700_000_000 + len, "", wire);
      String sign = p.messageId() + Long.toUnsignedString(p.messageSeq()) + p.clientMsgNo() + p.timestamp()
          + p.fromUid() + p.channelId() + p.channelType();
      byte[] head = sign.getBytes(StandardCharsets.UTF_8);
      byte[] whole = new byte[head.length + wire.length];
      System.arraycopy(head, 0, whole, 0, head.length);
      System.arraycopy(wire, 0, whole, head.length, wire.length);
      String key = HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
          .digest(Base64.getEncoder().encode(aes(whole))));
      assertEquals(key, s.recvMsgKey(p), "msgKey with a payload of " + len + " bytes");
      RecvPacket sealed = s.sealRecv(p.withPayload(plain, ""));
      assertArrayEquals(expected, sealed.payload());
      assertEquals(key, sealed.msgKey());
      assertArrayEquals(plain, s.openRecv(sealed).payload());
    }
  }

  @Test
  void base64OfPartOfAnArray() {
    byte[] src = new byte[40];
    new Random(5).nextBytes(src);
    for (int n = 0; n <= src.length; n++) {
      byte[] dst = new byte[WkBase64.encodedLength(n)];
      WkBase64.encode(src, n, dst);
      assertArrayEquals(Base64.getEncoder().encode(java.util.Arrays.copyOf(src, n)), dst, n + " bytes");
    }
  }
}
