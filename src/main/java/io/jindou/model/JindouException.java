package io.jindou.model;

/**
 * The one domain failure type: a kind (what the caller did wrong, or what failed) plus a WuKongIM reason
 * code and a plain-language message. Domain code throws it; each edge maps it exactly once (HTTP status in
 * {@code access.http}, SENDACK/CONNACK byte in the gateway). It must never carry a stack trace for a
 * client mistake: client kinds are created without one.
 */
public final class JindouException extends RuntimeException {

  /** What went wrong, which decides the HTTP status. */
  public enum Kind {
    INVALID(400), UNAUTHORIZED(401), DENIED(403), NOT_FOUND(404), CONFLICT(409), RATE_LIMITED(429),
    INTERNAL(500), UNAVAILABLE(503);

    public final int httpStatus;

    Kind(int httpStatus) {
      this.httpStatus = httpStatus;
    }

    public static Kind ofStatus(int status) {
      for (Kind k : values()) {
        if (k.httpStatus == status) {
          return k;
        }
      }
      return INTERNAL;
    }
  }

  private final Kind kind;
  private final int reason;

  public JindouException(Kind kind, int reason, String message) {
    super(message, null, false, kind == Kind.INTERNAL);
    this.kind = kind;
    this.reason = reason;
  }

  public static JindouException invalid(String message) {
    return new JindouException(Kind.INVALID, Reason.UNKNOWN, message);
  }

  public static JindouException denied(int reason, String message) {
    return new JindouException(Kind.DENIED, reason, message);
  }

  public Kind kind() {
    return kind;
  }

  public int reason() {
    return reason;
  }

  /** Event-bus failure code: HTTP status × 100 + reason, so both survive a cluster hop. */
  public int failureCode() {
    return kind.httpStatus * 100 + reason;
  }

  public static JindouException fromFailureCode(int code, String message) {
    if (code < 40000 || code >= 60000) {
      return new JindouException(Kind.INTERNAL, Reason.SYSTEM_ERROR, message);
    }
    return new JindouException(Kind.ofStatus(code / 100), code % 100, message);
  }
}
