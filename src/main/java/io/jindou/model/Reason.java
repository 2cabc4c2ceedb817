package io.jindou.model;

/**
 * WuKongIM reason codes (spec http-api §2.11) and Jindou's own above 100, the numbers that travel in SENDACK,
 * CONNACK and the {@code reason} field of HTTP 403/409 bodies. Constants only; mapping to HTTP status lives at
 * the edge.
 */
public final class Reason {
  public static final int UNKNOWN = 0;
  public static final int SUCCESS = 1;
  public static final int AUTH_FAIL = 2;
  public static final int SUBSCRIBER_NOT_EXIST = 3;
  public static final int IN_BLACKLIST = 4;
  public static final int CHANNEL_NOT_EXIST = 5;
  public static final int MSG_KEY_ERROR = 8;
  public static final int PAYLOAD_DECODE_ERROR = 9;
  public static final int NOT_ALLOW_SEND = 11;
  public static final int CONNECT_KICK = 12;
  public static final int NOT_IN_WHITELIST = 13;
  public static final int SYSTEM_ERROR = 15;
  public static final int CHANNEL_ID_ERROR = 16;
  /** This node cannot serve the request (Jindou: it does not see a majority of its cluster). */
  public static final int NODE_NOT_MATCH = 18;
  public static final int BAN = 19;
  public static final int CLIENT_KEY_IS_EMPTY = 21;
  public static final int RATE_LIMIT = 22;
  public static final int NOT_SUPPORT_CHANNEL_TYPE = 23;
  public static final int DISBAND = 24;
  public static final int SEND_BAN = 25;
  public static final int IDEMPOTENCY_CONFLICT = 28;
  // Jindou's own (no WuKongIM equivalent): refusals of message changes (recall, edit, delete, reactions)
  /** Only the sender (or a system uid, or the manager) may make this change. */
  public static final int NOT_MESSAGE_SENDER = 101;
  /** The sender's recall or edit window has passed. */
  public static final int CHANGE_WINDOW_CLOSED = 102;
  /** The message was recalled or deleted for everyone: its content cannot change any more. */
  public static final int MESSAGE_ERASED = 103;
  /** The message already carries as many hidden-for uids or reactions as it may. */
  public static final int MESSAGE_CHANGE_LIMIT = 104;

  private Reason() {
  }
}
