package io.jindou.access.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The webhook signature: {@code v1=} + lower-case hex of HMAC-SHA256 with the secret over
 * {@code timestamp + "." + body} (the README shows a receiver's check). Pure function; it holds no key.
 */
public final class Signature {
  private Signature() {
  }

  /** The {@code X-Jindou-Signature} value for this timestamp (unix seconds, as sent) and body. */
  public static String sign(String secret, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
      byte[] d = mac.doFinal(body);
      StringBuilder hex = new StringBuilder("v1=");
      for (byte b : d) {
        hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
      }
      return hex.toString();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available: " + e, e);
    }
  }
}
