package io.jindou.model;

/**
 * The one domain failure type: a kind (what the caller did wrong, or what failed) plus a WuKongIM reason
 * code and a plain-language message. Domain and use-case code throw it; each edge maps it exactly once (the
 * HTTP status and error body in {@code access.json}, the SENDACK/CONNACK byte in {@code access.gateway}), and
 * {@link Failures} packs it for an event-bus hop between nodes. It knows no protocol: no HTTP status, no
 * failure-code arithmetic. It must never carry a stack trace for a client mistake: only {@link Kind#INTERNAL}
 * records one.
 */
public final class JindouException extends RuntimeException {

  /** What went wrong. Each edge decides what that means in its protocol. */
  public enum Kind {
    /** The request is malformed or breaks a limit. */
    INVALID,
    /** The caller could not be authenticated. */
    UNAUTHORIZED,
    /** Policy refuses the operation; the reason says which rule. */
    DENIED,
    NOT_FOUND,
    /** The request contradicts stored state (a reused client_msg_no with another payload). */
    CONFLICT,
    RATE_LIMITED,
    /** A bug or an unexpected failure on this side. */
    INTERNAL,
    /** A dependency (an owner, a node, the store) did not answer; retrying may help. */
    UNAVAILABLE
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

  /** A malformed request with the WuKongIM reason a client protocol reports for it (e.g. 16 bad channel id). */
  public static JindouException invalid(int reason, String message) {
    return new JindouException(Kind.INVALID, reason, message);
  }

  public static JindouException denied(int reason, String message) {
    return new JindouException(Kind.DENIED, reason, message);
  }

  public static JindouException unavailable(String message) {
    return new JindouException(Kind.UNAVAILABLE, Reason.SYSTEM_ERROR, message);
  }

  public Kind kind() {
    return kind;
  }

  public int reason() {
    return reason;
  }
}
